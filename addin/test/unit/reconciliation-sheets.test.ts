import { describe, expect, it } from 'vitest';
import type { Account, MatchResult, RecRecord, UnappliedItem } from '../../src/reconciliation/api';
import { RecApiError } from '../../src/reconciliation/api';
import { STATUS_FILL, type CellWrite } from '../../src/reconciliation/cell-writes';
import { lastCompletedQuarter, quarterEnd } from '../../src/reconciliation/quarters';
import { fieldAddress, paintedRows, planRecSheet, readHeader, recSheetName, resultWrites, storedText, submitWrites, HEADER_FIELDS } from '../../src/reconciliation/rec-sheet';
import { acceptedProposals, detailTarget, pendingAcceptedRows, planUnappliedSheet, proposalWrites, refusalWrites, UNAPPLIED_COLUMNS } from '../../src/reconciliation/unapplied-sheet';

const at = (writes: CellWrite[], address: string) => writes.filter((w) => w.address === address);
const value = (writes: CellWrite[], address: string) => at(writes, address).flatMap((w) => (w.values ? [w.values[0]![0]] : [])).at(-1);
const fill = (writes: CellWrite[], address: string) => at(writes, address).flatMap((w) => (w.fill !== undefined ? [w.fill] : [])).at(-1);

const account: Account = {
  customerId: 'C00042', name: '=HYPERLINK("x")', currency: 'USD', asOf: '2026-09-30', balance: 150,
  items: [
    { docType: 'INV', docNo: 'INV-1', date: '2026-08-01', dueDate: '2026-08-31', amount: 100, open: 100, reference: '00123' },
    { docType: 'INV', docNo: 'INV-2', date: '2026-09-01', dueDate: '2026-10-01', amount: 80, open: 80, reference: '' },
    { docType: 'PMT', docNo: 'PMT-1', date: '2026-09-10', dueDate: '2026-09-10', amount: -30, open: -30, reference: '+cmd' },
  ],
};

describe('quarters', () => {
  it('names the last completed quarter and its end', () => {
    expect(lastCompletedQuarter('2026-10-31')).toBe('2026-Q3');
    expect(lastCompletedQuarter('2026-09-30')).toBe('2026-Q3');
    expect(lastCompletedQuarter('2026-09-29')).toBe('2026-Q2');
    expect(lastCompletedQuarter('2026-02-10')).toBe('2025-Q4');
    expect(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4'].map(quarterEnd)).toEqual(['2026-03-31', '2026-06-30', '2026-09-30', '2026-12-31']);
  });
});

describe('the reconciliation sheet', () => {
  it('is named after the customer and date, within Excel\'s rules', () => {
    expect(recSheetName('C00042', '2026-09-30')).toEqual({ ok: true, name: 'Rec C00042 2026-09-30' });
    expect(recSheetName('A/B', '2026-09-30').ok).toBe(false);
    expect(recSheetName('X'.repeat(20), '2026-09-30').ok).toBe(false);
  });

  it('writes the header block, our items as text-safe rows, and a labelled empty statement area', () => {
    const plan = planRecSheet(account, 'Rec C00042 2026-09-30');
    expect(plan.tableAddress).toBe('A22:I25');
    expect(plan.tableName).toBe('RecItems_C00042_20260930');
    const header = plan.writes.find((w) => w.address === 'A3:N3')!;
    expect(readHeader([[...HEADER_FIELDS], header.values![0]!])).toMatchObject({ Report: 'Customer reconciliation', Customer: 'C00042', 'As of': '2026-09-30', Currency: 'USD', 'Open items': 3, 'Our balance': 150 });
    const body = plan.writes.find((w) => w.address === 'A23:I25')!;
    expect(body.values![0]).toEqual(['INV', 'INV-1', 46235, 46265, 100, 100, '00123', '', '']);
    expect(body.numberFormat![2]![6]).toBe('@');
    expect(body.numberFormat![0]![2]).toBe('yyyy-mm-dd');
    expect(value(plan.writes, 'K22:AD22')).toBe('Status');
    expect(plan.writes.find((w) => w.address === 'K22:AD22')!.values![0]!.slice(0, 8)).toEqual(['Status', 'Matched to', 'Difference', 'Explanation', 'Reference', 'Date', 'Amount', 'Type']);
    expect(String(value(plan.writes, 'K21'))).toMatch(/^CUSTOMER STATEMENT: paste their lines from O23/);
    expect(value(plan.writes, 'A1')).toBe('Reconciliation: =HYPERLINK("x") (C00042) as of 2026-09-30');
    expect(at(plan.writes, 'A1')[0]!.numberFormat).toEqual([['@']]);
  });

  const result: MatchResult = {
    customerId: 'C00042', asOf: '2026-09-30', currency: 'USD', ourBalance: 150, theirBalance: 160, difference: -10, unexplained: 0,
    lines: [
      { index: 0, status: 'matched', rule: 'reference', matches: ['INV-1'], group: 0, difference: 0 },
      { index: 1, status: 'amount_difference', rule: 'normalised_reference', matches: ['INV-2'], group: 1, difference: -20 },
      { index: 2, status: 'missing_in_ledger', rule: null, matches: [], group: null, difference: 10 },
    ],
    unmatched: [{ docNo: 'PMT-1', docType: 'PMT', date: '2026-09-10', amount: -30, status: 'missing_in_statement' }],
    breakdown: [
      { category: 'amount_differences', label: 'Amount differences on matched items', amount: -20 },
      { category: 'payments_not_on_statement', label: 'Payments we hold', amount: -30 },
      { category: 'payments_in_transit', label: 'Payments in transit', amount: 40 },
    ],
  };

  it('paints each line by status, marks our items, fills the summary and clears stale results', () => {
    const writes = resultWrites(result, [23, 24, 26], { itemDocNos: ['INV-1', 'INV-2', 'PMT-1'], paintedRows: [23, 25] }, 'R');
    expect(at(writes, 'K23:M23')[0]!.values).toEqual([['Matched', 'INV-1 (reference)', 0]]);
    expect(at(writes, 'K24:M24')[0]!.values).toEqual([['Amount difference', 'INV-2 (reference, normalised)', -20]]);
    expect(at(writes, 'K26:M26')[0]!.values).toEqual([['Missing in our ledger', '', 10]]);
    expect([fill(writes, 'K23:R23'), fill(writes, 'K24:R24'), fill(writes, 'K26:R26')]).toEqual([STATUS_FILL.matched, STATUS_FILL.amount_difference, STATUS_FILL.missing]);
    expect(at(writes, 'K25:M25')[0]!.values).toEqual([['', '', '']]);
    expect(fill(writes, 'K25:R25')).toBeNull();
    expect([value(writes, 'H23'), value(writes, 'H24'), value(writes, 'H25')]).toEqual(['Matched', 'Matched', 'Missing in their statement']);
    expect(fill(writes, 'A25:I25')).toBe(STATUS_FILL.missing);
    expect([value(writes, 'F7'), value(writes, 'F8'), value(writes, 'F9')]).toEqual([150, 160, -10]);
    expect([value(writes, 'A10'), value(writes, 'F10'), value(writes, 'F12'), value(writes, 'A13'), value(writes, 'F13')]).toEqual(['   Amount differences on matched items', -20, 40, '', '']);
    expect([value(writes, 'A19'), value(writes, 'F19')]).toEqual(['Unexplained', 0]);
    expect(value(writes, fieldAddress('Difference'))).toBe(-10);
    // A wider pasted block is coloured to its last mapped column.
    expect(fill(resultWrites(result, [23, 24, 26], { itemDocNos: [], paintedRows: [] }, 'V'), 'K23:V23')).toBe(STATUS_FILL.matched);
  });

  it('after Submit: the version, and who must sign off', () => {
    const record: RecRecord = { ...result, id: 'rec_1', version: 2, status: 'differences', notes: '', preparedBy: 'demo-analyst', preparedAt: '2026-11-02T10:00:00Z', signedOffBy: null, signedOffAt: null, signOff: { roles: ['controller', 'manager'], notBy: 'demo-analyst' } };
    expect(storedText(record, { 'demo-analyst': 'Ana Analyst' })).toBe('Stored as version 2 (differences); sign-off by a controller or manager other than Ana Analyst (demo-analyst).');
    const writes = submitWrites(record);
    expect(value(writes, fieldAddress('Version'))).toBe(2);
    expect(value(writes, fieldAddress('Sign-off'))).toBe('Pending: a controller or manager other than demo-analyst');
    expect(value(writes, 'A4')).toBe('Stored as version 2 (differences); sign-off by a controller or manager other than demo-analyst.');
  });

  it('finds the rows an earlier Match painted', () => {
    expect(paintedRows([['Matched'], [''], ['my note'], ['Missing in our ledger']])).toEqual([23, 26]);
  });
});

describe('the unapplied-cash sheet', () => {
  const items: UnappliedItem[] = [
    { customerId: 'C1', customerName: 'One', docType: 'PMT', docNo: 'PMT-1', date: '2026-10-15', currency: 'USD', unapplied: 500, reference: 'x', suggestions: [
      { rule: 'reference', confidence: 0.95, allocations: [{ invoiceNo: 'INV-1', amount: 300 }, { invoiceNo: 'INV-2', amount: 200 }] },
      { rule: 'exact_amount', confidence: 0.6, allocations: [{ invoiceNo: 'INV-9', amount: 500 }] },
    ] },
    { customerId: 'C2', customerName: 'Two', docType: 'CRN', docNo: 'CRN-1', date: '2026-10-01', currency: 'JPY', unapplied: 1000, reference: '', suggestions: [] },
  ];
  const col = (name: (typeof UNAPPLIED_COLUMNS)[number]) => UNAPPLIED_COLUMNS.indexOf(name);

  it('has one row per suggested allocation, and one to fill in for a payment without suggestion', () => {
    const plan = planUnappliedSheet(items, { asOf: '2026-10-31' }, '2026-11-02 10:00 UTC');
    expect(plan.sheetName).toBe('Unapplied 2026-10-31');
    expect(plan.rowCount).toBe(4);
    expect(plan.tableAddress).toBe('A6:O10');
    const body = plan.writes.find((w) => w.address === 'A7:O10')!;
    expect(body.values!.map((r) => [r[col('Document')], r[col('Suggestion')], r[col('Invoice')], r[col('Amount')]])).toEqual([
      ['PMT-1', 1, 'INV-1', 300], ['PMT-1', 1, 'INV-2', 200], ['PMT-1', 2, 'INV-9', 500], ['CRN-1', '', '', ''],
    ]);
    expect(body.numberFormat![0]![col('Accept')]).toBe('@');
    expect(body.numberFormat![3]![col('Invoice')]).toBe('@');
    expect(body.numberFormat![3]![col('Unapplied')]).toBe('#,##0;[Red]-#,##0');
  });

  const row = (over: Partial<Record<(typeof UNAPPLIED_COLUMNS)[number], unknown>>) => {
    const base: Record<string, unknown> = { Accept: '', Customer: 'C1', Name: 'One', Type: 'PMT', Document: 'PMT-1', Date: 46310, Currency: 'USD', Unapplied: 500, Suggestion: 1, Rule: 'Reference', Confidence: 0.95, Invoice: 'INV-1', Amount: 300, Note: '', Result: '', ...over };
    return UNAPPLIED_COLUMNS.map((c) => base[c]);
  };

  it('groups accepted rows per payment, with edited amounts as decimal strings', () => {
    const accepted = acceptedProposals([
      row({ Accept: 'Yes' }),
      row({ Accept: 'x', Invoice: 'INV-2', Amount: '150.5', Note: 'per phone call' }),
      row({ Invoice: 'INV-9', Amount: 500 }),
      row({ Accept: 'yes', Type: 'CRN', Document: 'CRN-1', Currency: 'JPY', Unapplied: 1000, Invoice: '00123', Amount: 1000 }),
    ]);
    expect(accepted.problems).toEqual([]);
    expect(accepted.request).toEqual({
      items: [
        { docType: 'PMT', docNo: 'PMT-1', allocations: [{ invoiceNo: 'INV-1', amount: '300.00' }, { invoiceNo: 'INV-2', amount: '150.50' }], note: 'per phone call' },
        { docType: 'CRN', docNo: 'CRN-1', allocations: [{ invoiceNo: '00123', amount: '1000' }] },
      ],
    });
    expect(accepted.rowsOf).toEqual([[7, 8], [10]]);
  });

  it('refuses accepted rows without an invoice, with a bad amount, twice the same invoice, or more than unapplied', () => {
    const accepted = acceptedProposals([
      row({ Accept: 'Yes', Invoice: '' }),
      row({ Accept: 'Yes', Amount: -5 }),
      row({ Accept: 'Yes', Invoice: 'INV-1', Amount: 400 }),
      row({ Accept: 'Yes', Invoice: 'INV-1', Amount: 50 }),
      row({ Accept: 'Yes', Invoice: 'INV-3', Amount: 200 }),
    ]);
    expect(accepted.problems).toEqual([
      { row: 7, column: 'L', message: 'type the invoice this amount goes to' },
      { row: 8, column: 'M', message: 'the amount must be more than zero' },
      { row: 10, column: 'L', message: 'INV-1 is accepted twice for PMT-1: keep one row' },
      { row: 11, column: 'M', message: 'the accepted amounts of PMT-1 add up to 600.00, more than its 500.00 unapplied' },
    ]);
    expect(accepted.request.items).toEqual([]);
  });

  it('writes proposal ids back, or the refusal by payment', () => {
    expect(proposalWrites([{ id: 'prop_1', docType: 'PMT', docNo: 'PMT-1', customerId: 'C1', allocations: [], state: 'open', createdBy: 'u', createdAt: 't' }], [[7, 8]]).map((w) => [w.address, w.values![0]![0], w.fill])).toEqual([
      ['O7', 'Proposal prop_1 (open)', STATUS_FILL.matched],
      ['O8', 'Proposal prop_1 (open)', STATUS_FILL.matched],
    ]);
    expect([
      detailTarget({ path: 'json.items.1.allocations.0.invoiceNo' }),
      detailTarget({ path: 'items[0]' }),
      detailTarget({ path: '/items/2/allocations/1/amount' }),
      detailTarget({ row: 2 }),
      detailTarget({ path: 'json.notes' }),
    ]).toEqual([{ item: 1, allocation: 0 }, { item: 0, allocation: null }, { item: 2, allocation: 1 }, { item: 1, allocation: null }, null]);
    const error = new RecApiError('validation_failed', 'refused', 422, [
      { path: 'json.items.0.allocations.1.amount', message: 'more than INV-2\'s open 100' },
      { path: 'json.items.1', message: 'CRN CRN-1 has no unapplied amount' },
      { message: 'something else' },
    ]);
    const refused = refusalWrites(error, [[7, 8, 9], [10]]);
    expect(refused.writes.map((w) => [w.address, w.values![0]![0], w.fill])).toEqual([
      ['O7', 'Not stored: another accepted row was refused (nothing was stored)', STATUS_FILL.amount_difference],
      ['O8', "Refused: more than INV-2's open 100", STATUS_FILL.missing],
      ['O9', 'Not stored: another accepted row was refused (nothing was stored)', STATUS_FILL.amount_difference],
      ['O10', 'Refused: CRN CRN-1 has no unapplied amount', STATUS_FILL.missing],
    ]);
    expect(refused.unplaced).toEqual(['something else']);
  });

  it('knows which accepted rows have not been submitted yet', () => {
    expect(pendingAcceptedRows([row({ Accept: 'Yes', Result: 'Proposal p (open)' }), row({ Accept: 'Yes' }), row({})])).toEqual([8]);
  });
});
