import { describe, expect, it } from 'vitest';
import { cellFormat, numberFormatFor, STATUS, type SheetPlan } from '../../src/reports/sheet-plan';
import { cellAddress, columnLetter, displayLength, layoutSheet, rangeAddress, widthInPoints } from '../../src/reports/sheet-layout';
import { planChunks } from '../../src/reports/chunks';

function plan(rows = 3, extra: Partial<SheetPlan> = {}): SheetPlan {
  return {
    report: 'AR Ageing',
    sheetName: 'AR Ageing',
    tableName: 'ARAgeing',
    title: 'AR Ageing by customer',
    currency: 'USD',
    fields: [
      { label: 'As of', value: '2026-06-30', kind: 'text' },
      { label: 'Data version', value: 7, kind: 'integer' },
      { label: 'Ledger balance', value: 600.5, kind: 'money' },
    ],
    balanceCheck: { label: 'Balanced (live)', sumOf: 'Total', equals: 'Ledger balance' },
    note: { text: '✓ Check', tone: 'good' },
    columns: [
      { header: 'Customer ID', kind: 'text' },
      { header: 'Customer', kind: 'text' },
      { header: 'Current', kind: 'money' },
      { header: '1-30', kind: 'money' },
      { header: 'Total', kind: 'money' },
      { header: '% over 90', kind: 'percent' },
      { header: 'Headroom', kind: 'money' },
    ],
    rows: Array.from({ length: rows }, (_, i) => [`C${i}`, i === 0 ? '=HYPERLINK("http://x","y")' : `Name ${i}`, 100, 100.1, 200.1, i === 1 ? null : 0.25, -5]),
    totals: { 'Customer ID': { label: 'Total' }, Current: { sum: true }, '1-30': { sum: true }, Total: { sum: true }, '% over 90': { ratio: { numerator: ['1-30'], denominator: ['Current', '1-30'] } } },
    highlightNegative: { column: 'Headroom', fill: '#FDE7E9', fontColor: '#A4262C' },
    charts: [
      {
        name: 'Chart',
        type: 'ColumnStacked',
        title: 'By vertical',
        columns: [{ header: 'Vertical', kind: 'text' }, { header: 'Current', kind: 'money' }],
        rows: [['Retail', 1], ['+Wholesale', 2]],
      },
    ],
    ...extra,
  };
}

describe('addresses', () => {
  it('letters columns as Excel does', () => {
    expect([0, 25, 26, 51, 52, 701, 702, 16383].map(columnLetter)).toEqual(['A', 'Z', 'AA', 'AZ', 'BA', 'ZZ', 'AAA', 'XFD']);
    expect(cellAddress(7, 2)).toBe('C7');
    expect(rangeAddress(6, 0, 6, 0)).toBe('A6');
    expect(rangeAddress(6, 0, 27, 17)).toBe('A6:R27');
  });
});

describe('number formats', () => {
  it('follow the column kind, money with the currency’s minor units', () => {
    expect(numberFormatFor('money', 'USD')).toBe('#,##0.00;[Red]-#,##0.00');
    expect(numberFormatFor('money', 'JPY')).toBe('#,##0;[Red]-#,##0');
    expect(numberFormatFor('money', 'KWD')).toBe('#,##0.000;[Red]-#,##0.000');
    expect(numberFormatFor('percent', 'USD')).toBe('0.0%');
    expect(numberFormatFor('date', 'USD')).toBe('yyyy-mm-dd');
    expect(numberFormatFor('text', 'USD')).toBe('@');
  });

  it('give every string the Text format, whatever its column, so Excel never parses ledger text', () => {
    for (const text of ['=HYPERLINK("http://x","y")', '+cmd', '-x', '@x', '00123', '2026-01-01', 'TRUE']) {
      expect(cellFormat(text, 'money', 'USD')).toBe('@');
      expect(cellFormat(text, 'text', 'USD')).toBe('@');
    }
    expect(cellFormat(12.5, 'money', 'USD')).toBe('#,##0.00;[Red]-#,##0.00');
    expect(cellFormat(null, 'text', 'USD')).toBe('@');
  });
});

describe('layoutSheet', () => {
  it('puts the title, header block (Report first, Status INCOMPLETE until the swap) and note above the table header on row 6', () => {
    const l = layoutSheet(plan());
    expect(l.title).toEqual({ address: 'A1', text: 'AR Ageing by customer' });
    expect(l.labels.address).toBe('A2:F2');
    expect(l.labels.values).toEqual([['Report', 'As of', 'Data version', 'Ledger balance', 'Status', 'Balanced (live)']]);
    expect(l.values.values).toEqual([['AR Ageing', '2026-06-30', 7, 600.5, STATUS.writing, '']]);
    expect(l.values.numberFormat).toEqual([['@', '@', '#,##0', '#,##0.00;[Red]-#,##0.00', '@', 'General']]);
    expect(l.statusAddress).toBe('E3');
    expect(l.note).toEqual({ address: 'A4', text: '✓ Check', tone: 'good' });
    expect(l.tableHeader).toEqual({
      address: 'A6:G6',
      values: [['Customer ID', 'Customer', 'Current', '1-30', 'Total', '% over 90', 'Headroom']],
      numberFormat: [['@', '@', '@', '@', '@', '@', '@']],
    });
    expect(l.tableAddress).toBe('A6:G9');
    expect(l.bodyAddress).toBe('A7:G9');
    expect(l.freezeRows).toBe(6);
    expect(l.stagingName).toBe('AR Ageing (building)');
    expect(l.stagingTableName).toBe('ARAgeing_building');
  });

  it('builds the live balance check over the body and the totals row from our SUBTOTALs', () => {
    const l = layoutSheet(plan());
    expect(l.formulas).toEqual([{ address: 'F3', formula: '=ROUND(SUM(E7:E9)-D3,2)=0' }]);
    expect(l.totals).toEqual({
      formulas: ['Total', '', '=SUBTOTAL(109,C7:C9)', '=SUBTOTAL(109,D7:D9)', '=SUBTOTAL(109,E7:E9)', '=IFERROR((D10)/(C10+D10),"")', ''],
      // Formula cells are never Text-formatted: a formula typed into a Text cell stays text.
      numberFormat: ['General', 'General', '#,##0.00;[Red]-#,##0.00', '#,##0.00;[Red]-#,##0.00', '#,##0.00;[Red]-#,##0.00', '0.0%', '#,##0.00;[Red]-#,##0.00'],
    });
  });

  it('highlights whole rows where the column is negative, relative to the first body row', () => {
    expect(layoutSheet(plan()).highlight).toEqual({ address: 'A7:G9', formula: '=$G7<0', fill: '#FDE7E9', fontColor: '#A4262C' });
  });

  it('encodes chunks as values and formats: null is an empty cell, strings are Text', () => {
    const l = layoutSheet(plan(3));
    const chunk = l.chunk({ start: 0, end: 2 });
    expect(chunk.address).toBe('A7:G8');
    expect(chunk.values[0]).toEqual(['C0', '=HYPERLINK("http://x","y")', 100, 100.1, 200.1, 0.25, -5]);
    expect(chunk.values[1]![5]).toBe('');
    expect(chunk.numberFormat[0]).toEqual(['@', '@', '#,##0.00;[Red]-#,##0.00', '#,##0.00;[Red]-#,##0.00', '#,##0.00;[Red]-#,##0.00', '0.0%', '#,##0.00;[Red]-#,##0.00']);
    expect(l.chunk({ start: 2, end: 3 }).address).toBe('A9:G9');
  });

  it('places each chart’s side block after one empty column, the chart under it', () => {
    const [chart] = layoutSheet(plan()).charts;
    expect(chart!.source.address).toBe('I6:J8');
    expect(chart!.source.values).toEqual([['Vertical', 'Current'], ['Retail', 1], ['+Wholesale', 2]]);
    expect(chart!.source.numberFormat).toEqual([['@', '@'], ['@', '#,##0.00;[Red]-#,##0.00'], ['@', '#,##0.00;[Red]-#,##0.00']]);
    expect([chart!.from, chart!.to]).toEqual(['I10', 'P25']);
  });

  it('keeps a table of no rows valid: one empty body row, no chunks', () => {
    const l = layoutSheet(plan(0));
    expect(l.tableAddress).toBe('A6:G7');
    expect(l.chunks).toEqual([]);
    expect(l.rowCount).toBe(0);
  });

  it('sizes columns to their widest content, the header block counting for little', () => {
    const l = layoutSheet(plan(3, { balanceCheck: undefined, fields: [{ label: 'As of', value: 'a very long header value that must not widen column B', kind: 'text' }] }));
    expect(l.columnWidths[1]).toBe(widthInPoints(26));
    expect(l.columnWidths[0]).toBe(widthInPoints('Customer ID'.length));
    expect(displayLength(1234567.5, 'money', 'USD')).toBe('1,234,567.50'.length);
    expect(displayLength(0.256, 'percent', 'USD')).toBe('25.6%'.length);
  });

  it('refuses rows that do not fit the columns, and unknown column names', () => {
    expect(() => layoutSheet(plan(1, { rows: [['x']] }))).toThrow(/row 1 has 1 cells for 7 columns/);
    expect(() => layoutSheet(plan(1, { highlightNegative: { column: 'Nope', fill: '', fontColor: '' } }))).toThrow(/no column Nope/);
  });
});

describe('planChunks', () => {
  const rows = (n: number, cols: number, text = 'x') => Array.from({ length: n }, (_, i) => Array.from({ length: cols }, (_, j) => (j === 0 ? `${text}${i}` : i * j)));

  it('covers every row once, in order, at most 5,000 cells a chunk', () => {
    const data = rows(20_000, 18);
    const chunks = planChunks(data, 18);
    expect(chunks[0]).toEqual({ start: 0, end: 277 });
    expect(chunks).toHaveLength(Math.ceil(20_000 / 277));
    expect(chunks.at(-1)!.end).toBe(20_000);
    chunks.forEach((c, i) => {
      expect((c.end - c.start) * 18).toBeLessThanOrEqual(5_000);
      if (i > 0) expect(c.start).toBe(chunks[i - 1]!.end);
    });
  });

  it('cuts earlier when long texts would make a request too big', () => {
    const data = rows(100, 2, 'y'.repeat(10_000));
    const chunks = planChunks(data, 2, { maxCells: 5_000, maxBytes: 100_000 });
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) expect(c.end - c.start).toBeLessThanOrEqual(9);
  });

  it('always takes at least one row, however wide', () => {
    expect(planChunks(rows(3, 6000), 6000)).toEqual([{ start: 0, end: 1 }, { start: 1, end: 2 }, { start: 2, end: 3 }]);
    expect(planChunks([], 5)).toEqual([]);
  });
});
