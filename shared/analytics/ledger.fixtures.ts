/**
 * Test data only: random but consistent ledgers for property tests (allocations never exceed an
 * invoice or a credit, are dated on or after both, and unapplied_func = credit − Σ its allocations).
 */
import fc from 'fast-check';
import { addDays } from '../dates';
import type { AllocationRow, CreditDoc, DebitDoc, LedgerDocuments } from './open-items';

export const BASE_DATE = '2023-01-01';
const day = (n: number) => addDays(BASE_DATE, n);

const debitArb = fc.record({
  cust: fc.integer({ min: 0, max: 3 }),
  day: fc.integer({ min: 0, max: 500 }),
  terms: fc.integer({ min: 0, max: 90 }),
  amount: fc.integer({ min: 1, max: 10_000_000 }),
});
const creditArb = fc.record({
  cust: fc.integer({ min: 0, max: 3 }),
  day: fc.integer({ min: 0, max: 500 }),
  amount: fc.integer({ min: 1, max: 10_000_000 }),
  splits: fc.array(fc.record({ pick: fc.nat(), percent: fc.integer({ min: 1, max: 100 }), lag: fc.integer({ min: 0, max: 90 }) }), { maxLength: 4 }),
});

export const ledgerArb: fc.Arbitrary<LedgerDocuments> = fc
  .record({ debits: fc.array(debitArb, { maxLength: 40 }), credits: fc.array(creditArb, { maxLength: 25 }) })
  .map(({ debits: ds, credits: cs }) => {
    const debits: DebitDoc[] = ds.map((d, i) => ({
      id: `D${i}`, customerId: `C${d.cust}`, docDate: day(d.day), dueDate: day(d.day + d.terms), funcAmount: d.amount,
    }));
    const open = new Map(debits.map((d) => [d.id, d.funcAmount]));
    const debitDay = new Map(debits.map((d, i) => [d.id, ds[i]!.day]));
    const allocations: AllocationRow[] = [];
    const credits: CreditDoc[] = cs.map((c, i) => {
      const id = `K${i}`;
      let left = c.amount;
      for (const s of c.splits) {
        const candidates = debits.filter((d) => d.customerId === `C${c.cust}` && (open.get(d.id) ?? 0) > 0);
        const target = candidates[s.pick % Math.max(1, candidates.length)];
        if (!target || left === 0) break;
        const amount = Math.min(open.get(target.id)!, left, Math.ceil((c.amount * s.percent) / 100));
        open.set(target.id, open.get(target.id)! - amount);
        left -= amount;
        const from = Math.max(c.day, debitDay.get(target.id)!);
        allocations.push({ invoiceId: target.id, settlementId: id, allocDate: day(from + s.lag), funcAmount: amount });
      }
      return { id, customerId: `C${c.cust}`, docDate: day(c.day), funcAmount: c.amount, unappliedFunc: left };
    });
    return { debits, credits, allocations };
  });

export const asOfArb = fc.integer({ min: -10, max: 620 }).map(day);

/** The ledger as it stood on D: everything dated after D removed, credits' unapplied restored. */
export function truncate(l: LedgerDocuments, asOf: string): LedgerDocuments {
  const later = l.allocations.filter((a) => a.allocDate > asOf);
  return {
    debits: l.debits.filter((d) => d.docDate <= asOf),
    credits: l.credits
      .filter((c) => c.docDate <= asOf)
      .map((c) => ({ ...c, unappliedFunc: c.unappliedFunc + later.filter((a) => a.settlementId === c.id).reduce((s, a) => s + a.funcAmount, 0) })),
    allocations: l.allocations.filter((a) => a.allocDate <= asOf),
  };
}
