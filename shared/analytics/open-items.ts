/**
 * The ledger as of a date D, computed in memory: the reference the SQL is tested against.
 * As of D only documents and allocations dated on or before D exist, so:
 * - an open item is a debit dated ≤ D whose func amount less its allocations dated ≤ D is still > 0;
 * - a credit dated ≤ D is unapplied for its unapplied_func plus whatever it applied to invoices after D
 *   (on D that money had not been applied yet). With no allocation dated after D this is just
 *   −Σ unapplied_func of the credits dated ≤ D.
 * - balance = Σ outstanding + unapplied (unapplied ≤ 0).
 * All amounts are functional minor units (the ledger's func_amount / unapplied_func columns).
 */
import type { IsoDate } from '../dates';
import { AnalyticsInputError } from './errors';
import { assertDate, assertMinor, sumMinor } from './numbers';

export type DocId = string | number;

export interface DebitDoc {
  id: DocId;
  customerId: string;
  docDate: IsoDate;
  dueDate: IsoDate;
  funcAmount: number;
}

export interface CreditDoc {
  id: DocId;
  customerId: string;
  docDate: IsoDate;
  funcAmount: number;
  /** The part never applied to an invoice (documents.unapplied_func), at the credit's own rate. */
  unappliedFunc: number;
}

export interface AllocationRow {
  invoiceId: DocId;
  settlementId: DocId;
  allocDate: IsoDate;
  funcAmount: number;
}

export interface OpenItem extends DebitDoc {
  outstanding: number;
}

export interface CustomerPosition {
  customerId: string;
  /** Σ outstanding of the customer's open items. */
  openItems: number;
  /** ≤ 0 */
  unapplied: number;
  balance: number;
}

export interface LedgerAsOf {
  asOf: IsoDate;
  /** In the order of the debits given. */
  openItems: OpenItem[];
  /** One per customer with an open item or unapplied credit, sorted by customer id. */
  customers: CustomerPosition[];
}

export interface LedgerDocuments {
  debits: readonly DebitDoc[];
  credits: readonly CreditDoc[];
  allocations: readonly AllocationRow[];
}

export function openItemsAsOf(debits: readonly DebitDoc[], allocations: readonly AllocationRow[], asOf: IsoDate): OpenItem[] {
  assertDate(asOf, 'the as-of date');
  const applied = new Map<DocId, number>();
  for (const a of allocations) {
    assertMinor(a.funcAmount, 'an allocation amount');
    if (a.allocDate <= asOf) applied.set(a.invoiceId, (applied.get(a.invoiceId) ?? 0) + a.funcAmount);
  }
  const open: OpenItem[] = [];
  for (const d of debits) {
    assertMinor(d.funcAmount, 'a debit amount');
    if (d.docDate > asOf) continue;
    const outstanding = d.funcAmount - (applied.get(d.id) ?? 0);
    if (outstanding > 0) open.push({ ...d, outstanding });
  }
  return open;
}

/** Unapplied per customer as of D (each ≤ 0). */
export function unappliedAsOf(credits: readonly CreditDoc[], allocations: readonly AllocationRow[], asOf: IsoDate): Map<string, number> {
  assertDate(asOf, 'the as-of date');
  const appliedLater = new Map<DocId, number>();
  for (const a of allocations) {
    if (a.allocDate > asOf) appliedLater.set(a.settlementId, (appliedLater.get(a.settlementId) ?? 0) + a.funcAmount);
  }
  const byCustomer = new Map<string, number>();
  for (const c of credits) {
    assertMinor(c.unappliedFunc, 'an unapplied amount');
    if (c.unappliedFunc < 0) throw new AnalyticsInputError(`credit ${c.id}: unapplied_func must be ≥ 0, got ${c.unappliedFunc}`);
    if (c.docDate > asOf) continue;
    const unapplied = c.unappliedFunc + (appliedLater.get(c.id) ?? 0);
    byCustomer.set(c.customerId, (byCustomer.get(c.customerId) ?? 0) - unapplied);
  }
  return byCustomer;
}

export function ledgerAsOf(docs: LedgerDocuments, asOf: IsoDate): LedgerAsOf {
  const openItems = openItemsAsOf(docs.debits, docs.allocations, asOf);
  const unapplied = unappliedAsOf(docs.credits, docs.allocations, asOf);
  const open = new Map<string, number>();
  for (const item of openItems) open.set(item.customerId, (open.get(item.customerId) ?? 0) + item.outstanding);
  const ids = [...new Set([...open.keys(), ...unapplied.keys()])]
    .filter((id) => (open.get(id) ?? 0) !== 0 || (unapplied.get(id) ?? 0) !== 0)
    .sort();
  const customers = ids.map((customerId) => {
    const o = open.get(customerId) ?? 0;
    const u = unapplied.get(customerId) ?? 0;
    return { customerId, openItems: o, unapplied: u === 0 ? 0 : u, balance: sumMinor([o, u]) };
  });
  return { asOf, openItems, customers };
}
