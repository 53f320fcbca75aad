import { describe, expect, it } from 'vitest';
import { parseLedgerRow } from './ledger-row';
import {
  findPreset, normaliseAmount, parseDottedDate, parseExportAmount, parseNamedMonthDate, PRESET_NAMES, rateFromAmounts,
  type MapResult, type Preset, sapFbl5n, xeroAgedReceivables,
} from './presets';

/** Parse a tiny CSV (no quotes) the way rows.ts hands it over: lower-cased, trimmed headers. */
function rows(preset: Preset, text: string, functionalCurrency = 'USD', defaultCurrency?: string): MapResult[] {
  const [head, ...lines] = text.trim().split('\n');
  const columns = head!.split(';').map((h) => h.trim().toLowerCase());
  const resolved = preset.resolve(columns, { functionalCurrency, defaultCurrency });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  return lines.map((l) => {
    const cells = l.split(';');
    return resolved.preset.map(Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ''])));
  });
}

const ok = (r: MapResult) => {
  if (!('ok' in r) || !r.ok) throw new Error(`not ok: ${JSON.stringify(r)}`);
  return r.values;
};

describe('normaliseAmount', () => {
  it.each([
    ['1234.56', '1234.56'], ['1,234.56', '1234.56'], ['1,234.56-', '-1234.56'], ['-1,234.56', '-1234.56'],
    ['1.234,56', '1234.56'], ['1.234,56-', '-1234.56'], ['1 234,56', '1234.56'], ['(12.00)', '-12.00'],
    ['12,5', '12.5'], ['1,234', '1234'], ['1,234,567.8', '1234567.8'], ['1.234.567', '1234567'], ['0.5', '0.5'], ['+7', '7'],
  ])('%s → %s', (text, want) => {
    expect(normaliseAmount(text)).toEqual({ ok: true, value: want });
  });
  it.each(['', 'abc', '1,23,4.00', '-12-', '12.3.4,5,6', '1,2345.00', '(-12)', '.'])('rejects %j', (text) => {
    expect(normaliseAmount(text).ok).toBe(false);
  });
  it('parses straight to minor units, keeping the currency decimals rule', () => {
    expect(parseExportAmount('1,234.56-', 'EUR')).toEqual({ ok: true, value: -123456 });
    expect(parseExportAmount('1.234', 'EUR')).toMatchObject({ ok: false, message: expect.stringMatching(/more decimals than EUR/) });
    expect(parseExportAmount('1,234', 'JPY')).toEqual({ ok: true, value: 1234 });
  });
});

describe('dates', () => {
  it('reads DD.MM.YYYY and ISO', () => {
    expect(parseDottedDate('31.10.2026')).toBe('2026-10-31');
    expect(parseDottedDate('1.2.2026')).toBe('2026-02-01');
    expect(parseDottedDate('2026-10-31')).toBe('2026-10-31');
    expect(parseDottedDate('31.02.2026')).toBeNull();
    expect(parseDottedDate('10/31/2026')).toBeNull();
  });
  it('reads D MMM YYYY', () => {
    expect(parseNamedMonthDate('5 Oct 2026')).toBe('2026-10-05');
    expect(parseNamedMonthDate('05 October 2026')).toBe('2026-10-05');
    expect(parseNamedMonthDate('29-Feb-2028')).toBe('2028-02-29');
    expect(parseNamedMonthDate('29 Feb 2027')).toBeNull();
    expect(parseNamedMonthDate('5 Okt 2026')).toBeNull();
  });
});

describe('rateFromAmounts', () => {
  it('divides local by document amount exactly, to at most 12 decimals', () => {
    expect(rateFromAmounts(108420, 'USD', 100000, 'EUR')).toEqual({ ok: true, value: '1.0842' });
    expect(rateFromAmounts(100000, 'USD', 30000, 'EUR')).toEqual({ ok: true, value: '3.333333333333' });
    expect(rateFromAmounts(-66667, 'USD', -100000, 'EUR')).toEqual({ ok: true, value: '0.66667' });
    expect(rateFromAmounts(67000, 'USD', 100000, 'JPY')).toEqual({ ok: true, value: '0.0067' });
    expect(rateFromAmounts(100, 'USD', -100, 'EUR').ok).toBe(false);
  });
});

const FBL5N = `
Customer;Document Number;Document Type;Document Date;Net due date;Amount in doc. curr.;Document currency;Amount in local currency;Local Currency;Reference;Assignment
100042;1800000001;RV;01.09.2026;01.10.2026;1,234.56;USD;1,234.56;USD;PO-77;
100042;1400000002;DZ;05.09.2026;05.09.2026;200.00-;USD;200.00-;USD;;bank
100042;1600000003;DG;06.09.2026;06.09.2026;50.00-;USD;50.00-;USD;;CN ref
100042;100000004;SA;07.09.2026;07.10.2026;10.00;USD;10.00;USD;;interest
100043;1800000005;RV;01.09.2026;31.10.2026;1.000,00;EUR;1.084,20;USD;;
100043;100000006;AB;02.09.2026;02.09.2026;3.00-;EUR;3.27-;USD;;
;;;;;1,000.00;;;;;
`;

describe('sap-fbl5n', () => {
  it('maps an open-item list onto canonical, unapplied rows', () => {
    const out = rows(sapFbl5n, FBL5N);
    expect(ok(out[0]!)).toEqual({
      doc_type: 'INV', doc_no: '1800000001', customer_id: '100042', doc_date: '2026-09-01', due_date: '2026-10-01',
      amount: '1234.56', currency: 'USD', fx_rate: '', applies_to: '', reference: 'PO-77',
    });
    expect(ok(out[1]!)).toMatchObject({ doc_type: 'PMT', amount: '200.00', due_date: '', applies_to: '', reference: 'bank' });
    expect(ok(out[2]!)).toMatchObject({ doc_type: 'CRN', amount: '50.00', reference: 'CN ref' });
    expect(ok(out[3]!)).toMatchObject({ doc_type: 'ADJ', amount: '10.00', due_date: '2026-10-07' });
    expect(ok(out[4]!)).toMatchObject({ doc_type: 'INV', amount: '1000.00', currency: 'EUR', fx_rate: '1.0842', due_date: '2026-10-31' });
    expect(ok(out[5]!)).toMatchObject({ doc_type: 'ADJ', amount: '-3.00', fx_rate: '1.09' });
    expect(out[6]).toEqual({ skip: true, reason: expect.stringMatching(/total/) });
    // Every mapped row passes the canonical rules.
    for (const r of out.slice(0, 6)) expect(parseLedgerRow(ok(r), 'USD').ok).toBe(true);
    const eur = parseLedgerRow(ok(out[4]!), 'USD');
    expect(eur.ok && eur.doc.func_amount).toBe(108420);
  });

  it('names the export column of a bad date or amount', () => {
    const out = rows(sapFbl5n, `
Customer;Document Number;Document Type;Document Date;Net Due Date;Amount in doc. curr.
1;D1;RV;31.02.2026;;10.00
1;D2;RV;01.02.2026;2026/03/01;10.00
1;D3;RV;01.02.2026;;ten
`);
    expect(out[0]).toEqual({ ok: false, problems: [{ column: 'document date', message: '"31.02.2026" is not a date (DD.MM.YYYY or YYYY-MM-DD)' }] });
    expect(out[1]).toMatchObject({ ok: false, problems: [{ column: 'net due date', message: expect.stringMatching(/2026\/03\/01/) }] });
    expect(out[2]).toMatchObject({ ok: false, problems: [{ column: 'amount in doc. curr.', message: expect.stringMatching(/"ten" is not an amount/) }] });
  });

  it('uses the default currency without a currency column, and refuses a local currency that is not functional', () => {
    expect(ok(rows(sapFbl5n, 'Customer;Document Number;Document Type;Document Date;Amount in doc. curr.\n1;D1;DR;01.02.2026;5', 'USD', 'GBP')[0]!))
      .toMatchObject({ currency: 'GBP', amount: '5.00' });
    const r = rows(sapFbl5n, 'Customer;Document Number;Document Type;Document Date;Amount in doc. curr.;Document currency;Amount in local currency;Local Currency\n1;D1;DR;01.02.2026;5;EUR;4;GBP')[0];
    expect(r).toMatchObject({ ok: false, problems: [{ column: 'local currency', message: expect.stringMatching(/not the functional currency USD/) }] });
  });

  it('reports missing columns', () => {
    const r = sapFbl5n.resolve(['customer', 'document number'], { functionalCurrency: 'USD' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => p.column)).toEqual(['document type', 'document date', 'amount in doc. curr.']);
  });
});

const XERO = `
Contact;Invoice Date;Due Date;Invoice Number;Reference;Total;Amount Due;Currency
Acme Ltd;5 Oct 2026;4 Nov 2026;INV-0001;PO 1;"1,500.00";1,200.00;
Acme Ltd;12 Oct 2026;11 Nov 2026;CN-0002;;-100.00;-100.00;EUR
Total Acme Ltd;;;;;;1,100.00;
`;

describe('xero-aged-receivables', () => {
  it('maps each line to its open amount', () => {
    const out = rows(xeroAgedReceivables, XERO.replace('"1,500.00"', '1500.00'), 'USD', 'NZD');
    expect(ok(out[0]!)).toEqual({
      doc_type: 'INV', doc_no: 'INV-0001', customer_id: 'Acme Ltd', doc_date: '2026-10-05', due_date: '2026-11-04',
      amount: '1200.00', currency: 'NZD', fx_rate: '', applies_to: '', reference: 'PO 1',
    });
    expect(ok(out[1]!)).toMatchObject({ doc_type: 'CRN', amount: '100.00', currency: 'EUR', due_date: '' });
    expect(out[2]).toMatchObject({ skip: true });
  });

  it('names the Xero column of a bad date', () => {
    const out = rows(xeroAgedReceivables, 'Contact;Invoice Date;Invoice Number;Total\nA;2026-13-01;I1;10\nA;5 Oct 2026;I2;');
    expect(out[0]).toEqual({ ok: false, problems: [{ column: 'invoice date', message: '"2026-13-01" is not a date (e.g. 5 Oct 2026 or 2026-10-05)' }] });
    expect(out[1]).toMatchObject({ ok: false, problems: [{ column: 'total', message: 'the amount is blank' }] });
  });
});

describe('registry', () => {
  it('finds presets by name only', () => {
    expect(PRESET_NAMES).toEqual(['sap-fbl5n', 'xero-aged-receivables']);
    expect(findPreset('sap-fbl5n')).toBe(sapFbl5n);
    expect(findPreset('toString')).toBeUndefined();
  });
});
