import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findSubset } from './subset-sum';
import { reconcile, type LedgerDoc, type StatementLine } from './match';
import { normaliseReference } from './references';

const inv = (docNo: string, date: string, amount: number, open = amount, reference = ''): LedgerDoc => ({ docType: 'INV', docNo, date, amount, open, reference });
const pmt = (docNo: string, date: string, amount: number, open = 0, reference = ''): LedgerDoc => ({ docType: 'PMT', docNo, date, amount: -amount, open: -open, reference });
const crn = (docNo: string, date: string, amount: number, open = amount): LedgerDoc => ({ docType: 'CRN', docNo, date, amount: -amount, open: -open, reference: '' });
const line = (ref: string, date: string, amount: number, type?: StatementLine['type']): StatementLine => ({ ref, date, amount, ...(type ? { type } : {}) });
const category = (r: ReturnType<typeof reconcile>, c: string) => r.breakdown.find((b) => b.category === c)?.amount ?? 0;

describe('normaliseReference', () => {
  it.each([
    ['INV-001042', '1042'], ['inv 1042', '1042'], ['Invoice #1042', '1042'], ['Invoice No. 0001042', '1042'],
    ['1042', '1042'], ['  INV/1042 ', '1042'], ['CRN-0099', '99'], ['PO-77A', 'PO77A'], ['R-001005', 'R1005'], ['2026/0042', '202642'], ['INVOICE', 'INVOICE'], ['0', '0'],
  ])('%s → %s', (ref, expected) => expect(normaliseReference(ref)).toBe(expected));
});

describe('findSubset', () => {
  it('finds a combination summing to the target, with the tolerance, within its budget', () => {
    expect(findSubset([500, 120, 180, 70], 300, { tolerance: 0, maxItems: 6, maxNodes: 1000 })).toEqual([1, 2]);
    expect(findSubset([-100, -200, -50], -250, { tolerance: 0, maxItems: 6, maxNodes: 1000 })).toEqual([1, 2]);
    expect(findSubset([100, 205], 300, { tolerance: 5, maxItems: 6, maxNodes: 1000 })).toEqual([0, 1]);
    expect(findSubset([100, 205], 300, { tolerance: 4, maxItems: 6, maxNodes: 1000 })).toBeNull();
    // A single value is the amount rule's job, not a subset.
    expect(findSubset([300], 300, { tolerance: 0, maxItems: 6, maxNodes: 1000 })).toBeNull();
    // Budget exhausted: 40 values of 1 can't reach 41 and the search gives up rather than trying 2^40 subsets.
    expect(findSubset(Array(40).fill(3), 41, { tolerance: 0, maxItems: 40, maxNodes: 2000 })).toBeNull();
  });
});

describe('reconcile: one rule at a time', () => {
  it('matches by exact reference and agrees when nothing differs', () => {
    const r = reconcile([inv('INV-1', '2026-09-01', 100_00), inv('INV-2', '2026-09-05', 250_00)], [line('INV-2', '2026-09-05', 250_00), line('INV-1', '2026-09-01', 100_00)]);
    expect(r.lines.map((l) => [l.status, l.rule, l.matches])).toEqual([['matched', 'reference', ['INV-2']], ['matched', 'reference', ['INV-1']]]);
    expect(r).toMatchObject({ ourBalance: 350_00, theirBalance: 350_00, difference: 0, unmatched: [], breakdown: [], unexplained: 0 });
  });

  it('matches a reference the customer writes differently', () => {
    const r = reconcile([inv('INV-1042', '2026-09-01', 480_00), crn('CRN-1042', '2026-09-20', 80_00)], [line('inv 001042', '2026-09-03', 480_00), line('Credit note 1042', '2026-09-21', -80_00)]);
    expect(r.lines.map((l) => [l.status, l.rule, l.matches])).toEqual([['matched', 'normalised_reference', ['INV-1042']], ['matched', 'normalised_reference', ['CRN-1042']]]);
    expect(r.difference).toBe(0);
  });

  it('matches a payment we split over three invoices to the customer’s one payment line', () => {
    // Our PMT-9 settles INV-1..3 in full (600.00); the customer's transaction statement lists the invoices and its cheque.
    const docs = [inv('INV-1', '2026-08-01', 100_00, 0), inv('INV-2', '2026-08-05', 200_00, 0), inv('INV-3', '2026-08-09', 300_00, 0), pmt('PMT-9', '2026-09-10', 600_00, 0)];
    const r = reconcile(docs, [line('INV-1', '2026-08-01', 100_00), line('INV-2', '2026-08-05', 200_00), line('INV-3', '2026-08-09', 300_00), line('Cheque 5521', '2026-09-08', -600_00, 'payment')]);
    expect(r.lines[3]).toMatchObject({ status: 'matched', rule: 'amount_date', matches: ['PMT-9'], difference: 0 });
    expect(r.lines.every((l) => l.status === 'matched')).toBe(true);
    expect(r).toMatchObject({ ourBalance: 0, theirBalance: 0, difference: 0, unexplained: 0 });
  });

  it('matches one payment line against several receipts we booked separately (subset sum)', () => {
    const docs = [inv('INV-1', '2026-09-01', 500_00), pmt('PMT-A', '2026-09-11', 120_00, 120_00), pmt('PMT-B', '2026-09-12', 180_00, 180_00), pmt('PMT-C', '2026-09-30', 45_00, 45_00)];
    const r = reconcile(docs, [line('INV-1', '2026-09-01', 500_00), line('transfer 8812', '2026-09-10', -300_00, 'payment')]);
    expect(r.lines[1]).toMatchObject({ status: 'matched', rule: 'subset_sum', matches: ['PMT-A', 'PMT-B'] });
    expect(r.unmatched).toEqual([{ docNo: 'PMT-C', docType: 'PMT', date: '2026-09-30', amount: -45_00, status: 'missing_in_statement' }]);
    expect(category(r, 'payments_not_on_statement')).toBe(-45_00);
    expect(r.difference).toBe(-45_00);
    expect(r.unexplained).toBe(0);
  });

  it('matches several statement lines against one invoice the customer booked in parts', () => {
    const r = reconcile([inv('INV-8', '2026-09-01', 1000_00)], [line('GRN 1', '2026-09-02', 600_00), line('GRN 2', '2026-09-04', 400_00)]);
    expect(r.lines.map((l) => [l.status, l.rule, l.group, l.matches])).toEqual([['matched', 'subset_sum', 0, ['INV-8']], ['matched', 'subset_sum', 0, ['INV-8']]]);
    expect(r.difference).toBe(0);
  });

  it('several lines naming the same document form one group', () => {
    const r = reconcile([inv('INV-5', '2026-09-01', 300_00)], [line('INV-5', '2026-09-01', 200_00), line('INV-5', '2026-09-01', 100_00)]);
    expect(r.lines.map((l) => [l.status, l.group, l.difference])).toEqual([['matched', 0, 0], ['matched', 0, 0]]);
  });

  it('shows an amount off by a bank charge, by reference and by amount tolerance', () => {
    const docs = [inv('INV-4', '2026-09-01', 1000_00, 25_00), pmt('PMT-3', '2026-09-15', 975_00, 0, 'REM-77')];
    const byRef = reconcile(docs, [line('INV-4', '2026-09-01', 1000_00), line('REM-77', '2026-09-14', -1000_00, 'payment')]);
    expect(byRef.lines[1]).toMatchObject({ status: 'amount_difference', rule: 'reference', matches: ['PMT-3'], difference: 25_00 });
    expect(category(byRef, 'amount_differences')).toBe(25_00);
    expect(byRef.difference).toBe(25_00);
    expect(byRef.unexplained).toBe(0);
    const byAmount = reconcile(docs, [line('INV-4', '2026-09-01', 1000_00), line('wire', '2026-09-14', -1000_00, 'payment')], { amountTolerance: 50_00 });
    expect(byAmount.lines[1]).toMatchObject({ status: 'amount_difference', rule: 'amount_date', matches: ['PMT-3'], difference: 25_00 });
    // Without the tolerance the wire is not ours: a payment in transit, and our receipt is... settled, so not listed.
    const strict = reconcile(docs, [line('INV-4', '2026-09-01', 1000_00), line('wire', '2026-09-14', -1000_00, 'payment')]);
    expect(strict.lines[1]!.status).toBe('missing_in_ledger');
  });

  it('keeps the date window: the same amount a month away is not a match', () => {
    const r = reconcile([inv('INV-1', '2026-08-01', 700_00)], [line('x', '2026-08-20', 700_00)], { subsetWindowDays: 5 });
    expect(r.lines[0]!.status).toBe('missing_in_ledger');
    expect(reconcile([inv('INV-1', '2026-08-01', 700_00)], [line('x', '2026-08-06', 700_00)]).lines[0]!.rule).toBe('amount_date');
  });

  it('explains an invoice the customer has not booked and a payment in transit', () => {
    const docs = [inv('INV-5', '2026-09-01', 500_00), inv('INV-7', '2026-09-28', 250_00), crn('CRN-2', '2026-09-29', 40_00)];
    const r = reconcile(docs, [line('INV-5', '2026-09-01', 500_00), line('Payment 30/09', '2026-09-30', -500_00, 'payment')]);
    expect(r.lines[1]).toMatchObject({ status: 'missing_in_ledger', matches: [], difference: 500_00 });
    expect(r.unmatched.map((u) => [u.docNo, u.amount])).toEqual([['INV-7', 250_00], ['CRN-2', -40_00]]);
    expect(r.breakdown).toEqual([
      { category: 'payments_in_transit', amount: 500_00 },
      { category: 'invoices_not_booked_by_customer', amount: 250_00 },
      { category: 'credit_notes_not_booked_by_customer', amount: -40_00 },
    ]);
    expect(r).toMatchObject({ ourBalance: 710_00, theirBalance: 0, difference: 710_00, unexplained: 0 });
  });

  it('compares a part-paid invoice at its open remainder when the customer shows that', () => {
    const r = reconcile([inv('INV-9', '2026-09-01', 100_00, 60_00), pmt('PMT-1', '2026-09-10', 40_00, 0)], [line('INV-9', '2026-09-01', 60_00)]);
    expect(r.lines[0]).toMatchObject({ status: 'matched', difference: 0 });
    expect(r).toMatchObject({ difference: 0, unexplained: 0, unmatched: [] });
  });

  it('does not match a reference shared only by a document of the other sign', () => {
    const r = reconcile([crn('CRN-1042', '2026-09-01', 80_00)], [line('1042', '2026-09-01', 80_00)]);
    expect(r.lines[0]!.status).toBe('missing_in_ledger');
    expect(category(r, 'invoices_not_in_our_ledger')).toBe(-80_00);
  });
});

describe('reconcile: invariants on random accounts', () => {
  const date = fc.integer({ min: 0, max: 120 }).map((d) => new Date(Date.UTC(2026, 5, 1) + d * 86_400_000).toISOString().slice(0, 10));
  const doc = fc.record({
    docType: fc.constantFrom('INV', 'CRN', 'PMT', 'ADJ' as const),
    docNo: fc.integer({ min: 1, max: 60 }).map((n) => `D-${n}`),
    date,
    amount: fc.integer({ min: 1, max: 5_000_00 }),
    openShare: fc.constantFrom(0, 0.5, 1),
  }).map(({ docType, docNo, date: d, amount, openShare }): LedgerDoc => {
    const s = docType === 'INV' ? 1 : -1;
    return { docType: docType as LedgerDoc['docType'], docNo: `${docType}-${docNo}`, date: d, amount: s * amount, open: s * Math.round(amount * openShare), reference: '' };
  });
  const stmt = fc.record({ ref: fc.oneof(fc.integer({ min: 1, max: 60 }).map(String), fc.string({ maxLength: 8 })), date, amount: fc.integer({ min: -5_000_00, max: 5_000_00 }) });

  it('breakdown + unexplained = difference = ours − theirs, to the cent; every line and open document is accounted for', () => {
    fc.assert(fc.property(fc.array(doc, { maxLength: 40 }), fc.array(stmt, { maxLength: 40 }), fc.integer({ min: 0, max: 100 }), (docs, lines, tol) => {
      const r = reconcile(docs, lines, { amountTolerance: tol });
      expect(r.ourBalance).toBe(docs.reduce((s, d) => s + d.open, 0));
      expect(r.theirBalance).toBe(lines.reduce((s, l) => s + l.amount, 0));
      expect(r.difference).toBe(r.ourBalance - r.theirBalance);
      expect(r.breakdown.reduce((s, b) => s + b.amount, 0) + r.unexplained).toBe(r.difference);
      expect(r.lines.map((l) => l.index)).toEqual(lines.map((_, i) => i));
      // Each open document is either matched by some line or listed as missing from the statement, never both.
      const matched = new Set(r.lines.flatMap((l) => l.matches));
      for (const d of docs.filter((x) => x.open !== 0)) {
        expect(matched.has(d.docNo) || r.unmatched.some((u) => u.docNo === d.docNo)).toBe(true);
      }
      for (const l of r.lines) if (l.status === 'matched') expect(l.difference).toBe(0);
    }), { numRuns: 300 });
  });
});
