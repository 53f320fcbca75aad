import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOpenItems, ageingRow, bucketSet } from './ageing';
import { asOfArb, ledgerArb, truncate } from './ledger.fixtures';
import { ledgerAsOf, openItemsAsOf, unappliedAsOf, type LedgerDocuments } from './open-items';

// Customer A (amounts in cents):
//   INV1 2024-01-10 due 2024-02-09  1,000.00
//   INV2 2024-02-01 due 2024-03-02    500.00
//   PMT1 2024-02-20  1,200.00: 600.00 to INV1 on 2024-02-20, 400.00 to INV1 on 2024-03-05, 200.00 unapplied
//   CRN1 2024-03-10    500.00 to INV2 on 2024-03-10 (fully applied)
// Customer B:
//   INV3 2024-03-25 due 2024-04-24    300.00
//   PMT2 2024-01-05     50.00 never applied
const ledger: LedgerDocuments = {
  debits: [
    { id: 1, customerId: 'A', docDate: '2024-01-10', dueDate: '2024-02-09', funcAmount: 100_000 },
    { id: 2, customerId: 'A', docDate: '2024-02-01', dueDate: '2024-03-02', funcAmount: 50_000 },
    { id: 5, customerId: 'B', docDate: '2024-03-25', dueDate: '2024-04-24', funcAmount: 30_000 },
  ],
  credits: [
    { id: 3, customerId: 'A', docDate: '2024-02-20', funcAmount: 120_000, unappliedFunc: 20_000 },
    { id: 4, customerId: 'A', docDate: '2024-03-10', funcAmount: 50_000, unappliedFunc: 0 },
    { id: 6, customerId: 'B', docDate: '2024-01-05', funcAmount: 5_000, unappliedFunc: 5_000 },
  ],
  allocations: [
    { invoiceId: 1, settlementId: 3, allocDate: '2024-02-20', funcAmount: 60_000 },
    { invoiceId: 1, settlementId: 3, allocDate: '2024-03-05', funcAmount: 40_000 },
    { invoiceId: 2, settlementId: 4, allocDate: '2024-03-10', funcAmount: 50_000 },
  ],
};

describe('ledgerAsOf: a hand-computed ledger', () => {
  it('before anything: nothing', () => {
    expect(ledgerAsOf(ledger, '2024-01-04')).toEqual({ asOf: '2024-01-04', openItems: [], customers: [] });
  });

  it('2024-02-19: both of A’s invoices open in full; B has only unapplied cash', () => {
    const l = ledgerAsOf(ledger, '2024-02-19');
    expect(l.openItems.map((o) => [o.id, o.outstanding])).toEqual([[1, 100_000], [2, 50_000]]);
    expect(l.customers).toEqual([
      { customerId: 'A', openItems: 150_000, unapplied: 0, balance: 150_000 },
      { customerId: 'B', openItems: 0, unapplied: -5_000, balance: -5_000 },
    ]);
  });

  it('2024-02-20: 600.00 applied to INV1; the 600.00 PMT1 applies later is unapplied on that day', () => {
    // PMT1 unapplied on 2024-02-20 = 200.00 never applied + 400.00 applied on 2024-03-05 = 600.00
    const l = ledgerAsOf(ledger, '2024-02-20');
    expect(l.openItems.map((o) => [o.id, o.outstanding])).toEqual([[1, 40_000], [2, 50_000]]);
    expect(l.customers[0]).toEqual({ customerId: 'A', openItems: 90_000, unapplied: -60_000, balance: 30_000 });
  });

  it('2024-03-09: an invoice paid later still shows as open on D (historical ageing)', () => {
    const l = ledgerAsOf(ledger, '2024-03-09');
    expect(l.openItems.map((o) => [o.id, o.outstanding])).toEqual([[2, 50_000]]);
    expect(l.customers[0]).toEqual({ customerId: 'A', openItems: 50_000, unapplied: -20_000, balance: 30_000 });
    // balance = debits − credits dated ≤ D: 1,500.00 − 1,200.00 = 300.00
  });

  it('2024-12-31: everything settled but the unapplied and B’s invoice', () => {
    const l = ledgerAsOf(ledger, '2024-12-31');
    expect(l.openItems.map((o) => [o.id, o.outstanding])).toEqual([[5, 30_000]]);
    expect(l.customers).toEqual([
      { customerId: 'A', openItems: 0, unapplied: -20_000, balance: -20_000 },
      { customerId: 'B', openItems: 30_000, unapplied: -5_000, balance: 25_000 },
    ]);
  });

  it('with no allocation dated after D, unapplied is −Σ unapplied_func of the credits dated ≤ D', () => {
    expect(unappliedAsOf(ledger.credits, ledger.allocations, '2024-03-31')).toEqual(new Map([['A', -20_000], ['B', -5_000]]));
  });

  it('an over-allocated invoice is not an open item', () => {
    const items = openItemsAsOf(
      [{ id: 'x', customerId: 'A', docDate: '2024-01-01', dueDate: '2024-01-31', funcAmount: 100 }],
      [{ invoiceId: 'x', settlementId: 'p', allocDate: '2024-01-02', funcAmount: 101 }],
      '2024-02-01',
    );
    expect(items).toEqual([]);
  });

  it('refuses fractions of a cent, negative unapplied and a bad date', () => {
    expect(() => openItemsAsOf([{ ...ledger.debits[0]!, funcAmount: 1.5 }], [], '2024-12-31')).toThrow('minor units');
    expect(() => unappliedAsOf([{ ...ledger.credits[0]!, unappliedFunc: -1 }], [], '2024-12-31')).toThrow('≥ 0');
    expect(() => ledgerAsOf(ledger, '31/12/2024')).toThrow('YYYY-MM-DD');
  });
});

describe('ledgerAsOf: properties over random consistent ledgers', () => {
  const buckets = bucketSet([30, 60, 90, 120]);

  it('Σ buckets + unapplied = balance = Σ open items + unapplied, per customer, on both bases', () => {
    fc.assert(
      fc.property(ledgerArb, asOfArb, fc.constantFrom('due' as const, 'document' as const), (l, asOf, basis) => {
        const bs = basis === 'due' ? buckets : bucketSet([30, 60, 90, 120], 'document');
        const view = ledgerAsOf(l, asOf);
        for (const c of view.customers) {
          const items = view.openItems.filter((o) => o.customerId === c.customerId);
          const row = ageingRow(ageOpenItems(items, asOf, basis, bs), c.unapplied);
          expect(row.total).toBe(c.balance);
          expect(c.balance).toBe(items.reduce((s, o) => s + o.outstanding, 0) + c.unapplied);
          expect(c.unapplied).toBeLessThanOrEqual(0);
        }
      }),
    );
  });

  it('balance = Σ debits − Σ credits dated ≤ D (an independent route to the same figure)', () => {
    fc.assert(
      fc.property(ledgerArb, asOfArb, (l, asOf) => {
        const view = ledgerAsOf(l, asOf);
        const customers = new Set([...l.debits, ...l.credits].map((d) => d.customerId));
        for (const id of customers) {
          const debits = l.debits.filter((d) => d.customerId === id && d.docDate <= asOf).reduce((s, d) => s + d.funcAmount, 0);
          const credits = l.credits.filter((c) => c.customerId === id && c.docDate <= asOf).reduce((s, c) => s + c.funcAmount, 0);
          expect(view.customers.find((c) => c.customerId === id)?.balance ?? 0).toBe(debits - credits);
        }
      }),
    );
  });

  it('as of D, documents and allocations dated after D change nothing', () => {
    fc.assert(
      fc.property(ledgerArb, asOfArb, (l, asOf) => {
        // `l` = the ledger as it stood on D plus random documents and allocations dated after D
        // (new invoices and credits, and later applications of old credits to old invoices).
        expect(ledgerAsOf(l, asOf)).toEqual(ledgerAsOf(truncate(l, asOf), asOf));
      }),
    );
  });

  it('when every allocation is dated on its credit’s date (as the import does), unapplied = −Σ unapplied_func of credits dated ≤ D', () => {
    fc.assert(
      fc.property(ledgerArb, asOfArb, (l, asOf) => {
        const creditDate = new Map(l.credits.map((c) => [c.id, c.docDate]));
        const allocations = l.allocations.map((a) => ({ ...a, allocDate: creditDate.get(a.settlementId)! }));
        const literal = new Map<string, number>();
        for (const c of l.credits) if (c.docDate <= asOf) literal.set(c.customerId, (literal.get(c.customerId) ?? 0) - c.unappliedFunc);
        expect(unappliedAsOf(l.credits, allocations, asOf)).toEqual(literal);
      }),
    );
  });

  it('open items are exactly the debits dated ≤ D with something left after allocations dated ≤ D', () => {
    fc.assert(
      fc.property(ledgerArb, asOfArb, (l, asOf) => {
        const open = openItemsAsOf(l.debits, l.allocations, asOf);
        for (const o of open) {
          expect(o.docDate <= asOf).toBe(true);
          expect(o.outstanding).toBeGreaterThan(0);
          expect(o.outstanding).toBeLessThanOrEqual(o.funcAmount);
        }
        const closedOrLater = l.debits.filter((d) => !open.some((o) => o.id === d.id));
        for (const d of closedOrLater) {
          const paid = l.allocations.filter((a) => a.invoiceId === d.id && a.allocDate <= asOf).reduce((s, a) => s + a.funcAmount, 0);
          expect(d.docDate > asOf || paid >= d.funcAmount).toBe(true);
        }
      }),
    );
  });
});
