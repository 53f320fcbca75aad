import { describe, expect, it } from 'vitest';
import { isoToExcelSerial } from '../../../shared/dates';
import { checkMapping, describeProblems, parseAmount, parseLineType, parseStatementDate, readStatement, type StatementOptions } from '../../src/reconciliation/statement';

const O = 14; // column index of O
const options = (extra: Partial<StatementOptions> = {}): StatementOptions => ({
  mapping: { reference: 'O', date: 'P', amount: 'Q', type: 'R' },
  headingRow: false,
  dateOrder: 'dmy',
  flipSigns: false,
  currency: 'USD',
  ...extra,
});

describe('parseAmount', () => {
  it('reads numbers at Excel precision and text with separators, signs and parentheses', () => {
    expect(parseAmount(1234.56, 'USD')).toEqual({ ok: true, value: 123456 });
    expect(parseAmount(1234.5600000000002, 'USD')).toEqual({ ok: true, value: 123456 });
    expect(parseAmount(-0.1, 'USD')).toEqual({ ok: true, value: -10 });
    expect(parseAmount('1,234.56', 'USD')).toEqual({ ok: true, value: 123456 });
    expect(parseAmount('1 234 567.8', 'USD')).toEqual({ ok: true, value: 123456780 });
    expect(parseAmount('(1,000.00)', 'USD')).toEqual({ ok: true, value: -100000 });
    expect(parseAmount('250.00-', 'USD')).toEqual({ ok: true, value: -25000 });
    expect(parseAmount('USD 99', 'USD')).toEqual({ ok: true, value: 9900 });
    expect(parseAmount('$5.10', 'USD')).toEqual({ ok: true, value: 510 });
    expect(parseAmount('1500', 'JPY')).toEqual({ ok: true, value: 1500 });
  });

  it('refuses what is not an amount, or has more decimals than the currency', () => {
    for (const bad of ['', '12,34', '1.234,56', 'abc', '1,2345.00', '--5', '1e5']) expect(parseAmount(bad, 'USD').ok, bad).toBe(false);
    expect(parseAmount(1.234, 'USD')).toEqual({ ok: false, message: '1.234 has more decimals than USD allows' });
    expect(parseAmount('10.5', 'JPY').ok).toBe(false);
    expect(parseAmount(null, 'USD')).toEqual({ ok: false, message: 'the amount is missing' });
  });
});

describe('parseStatementDate', () => {
  it('reads Excel serials, ISO text and day/month/year in the chosen order', () => {
    expect(parseStatementDate(isoToExcelSerial('2026-09-15'), 'dmy')).toEqual({ ok: true, value: '2026-09-15' });
    expect(parseStatementDate(46280.75, 'dmy')).toEqual({ ok: true, value: '2026-09-15' });
    expect(parseStatementDate('2026-09-15', 'dmy')).toEqual({ ok: true, value: '2026-09-15' });
    expect(parseStatementDate('2026-09-15T00:00:00Z', 'dmy')).toEqual({ ok: true, value: '2026-09-15' });
    expect(parseStatementDate('03/04/2026', 'dmy')).toEqual({ ok: true, value: '2026-04-03' });
    expect(parseStatementDate('03/04/2026', 'mdy')).toEqual({ ok: true, value: '2026-03-04' });
    expect(parseStatementDate('31.12.26', 'dmy')).toEqual({ ok: true, value: '2026-12-31' });
  });

  it('refuses impossible dates and Excel\'s phantom 29 February 1900', () => {
    expect(parseStatementDate('31/02/2026', 'dmy').ok).toBe(false);
    expect(parseStatementDate('2026-13-01', 'dmy').ok).toBe(false);
    expect(parseStatementDate(60, 'dmy').ok).toBe(false);
    expect(parseStatementDate('soon', 'dmy').ok).toBe(false);
  });
});

describe('parseLineType', () => {
  it('knows the usual words and abbreviations; blank is no type', () => {
    expect(parseLineType('INV')).toEqual({ ok: true, value: 'invoice' });
    expect(parseLineType('Payment')).toEqual({ ok: true, value: 'payment' });
    expect(parseLineType('Credit note')).toEqual({ ok: true, value: 'credit_note' });
    expect(parseLineType('credit_note')).toEqual({ ok: true, value: 'credit_note' });
    expect(parseLineType('')).toEqual({ ok: true, value: undefined });
    expect(parseLineType('refund?').ok).toBe(false);
  });
});

describe('checkMapping', () => {
  it('wants distinct letters inside the paste area', () => {
    expect(checkMapping({ reference: 'O', date: 'P', amount: 'Q', type: null }, 'O', 'AD')).toBeNull();
    expect(checkMapping({ reference: 'O', date: 'O', amount: 'Q', type: null }, 'O', 'AD')).toMatch(/different columns/);
    expect(checkMapping({ reference: 'K', date: 'P', amount: 'Q', type: null }, 'O', 'AD')).toMatch(/from O to AD/);
    expect(checkMapping({ reference: 'O', date: 'P', amount: 'AE', type: null }, 'O', 'AD')).toMatch(/"AE"/);
  });
});

describe('readStatement', () => {
  it('reads the template layout, skipping blank rows, each line with its sheet row', () => {
    const grid = [
      ['INV-0001', isoToExcelSerial('2026-09-01'), 100.5, 'Invoice'],
      ['', '', '', ''],
      ['PAY 77', '2026-09-20', '(40.00)', ''],
    ];
    expect(readStatement(grid, 23, O, options())).toEqual({
      lines: [
        { row: 23, line: { ref: 'INV-0001', date: '2026-09-01', amount: '100.50', type: 'invoice' } },
        { row: 25, line: { ref: 'PAY 77', date: '2026-09-20', amount: '-40.00' } },
      ],
      problems: [],
    });
  });

  it("follows the mapping for the customer's own layout, skips their heading row and flips their signs", () => {
    // Their layout: Date | Description | Document | Amount
    const grid = [
      ['Date', 'Description', 'Doc', 'Amount'],
      ['15/09/2026', 'Goods', 4711, '-1,200.00'],
      [isoToExcelSerial('2026-09-30'), 'Receipt', 'RC-9', 300],
    ];
    const read = readStatement(grid, 23, O, options({ mapping: { reference: 'Q', date: 'O', amount: 'R', type: null }, headingRow: true, flipSigns: true }));
    expect(read.problems).toEqual([]);
    expect(read.lines).toEqual([
      { row: 24, line: { ref: '4711', date: '2026-09-15', amount: '1200.00' } },
      { row: 25, line: { ref: 'RC-9', date: '2026-09-30', amount: '-300.00' } },
    ]);
  });

  it('reports every bad cell by sheet row and column, and keeps only good lines', () => {
    const grid = [
      ['A', '2026-09-01', '12,34', ''],
      ['B', 'yesterday', 5, 'gift'],
      ['C', '2026-09-02', 7, ''],
    ];
    const read = readStatement(grid, 23, O, options());
    expect(read.problems).toEqual([
      { row: 23, column: 'Q', message: '"12,34" is not an amount (e.g. 1234.56, 1,234.56 or (1,234.56))' },
      { row: 24, column: 'P', message: '"yesterday" is not a date (use an Excel date, YYYY-MM-DD, or DD/MM/YYYY)' },
      { row: 24, column: 'R', message: '"gift" is not a type (invoice, payment, credit note or other)' },
    ]);
    expect(read.lines.map((l) => l.row)).toEqual([25]);
    expect(describeProblems(read.problems, 2)).toBe(
      'Row 23, column Q: "12,34" is not an amount (e.g. 1234.56, 1,234.56 or (1,234.56)).\nRow 24, column P: "yesterday" is not a date (use an Excel date, YYYY-MM-DD, or DD/MM/YYYY).\n… and 1 more.',
    );
  });

  it('a line with a reference but no amount is a problem, not a silent skip', () => {
    const read = readStatement([['INV-9', '2026-09-01', '', '']], 23, O, options());
    expect(read.problems).toEqual([{ row: 23, column: 'Q', message: 'the amount is missing' }]);
  });
});
