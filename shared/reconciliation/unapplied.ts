/**
 * Where unapplied cash probably belongs. For one payment or credit of a customer and that customer's open invoices
 * (same currency, minor units, both positive), suggestions from three rules, most confident first:
 *  - reference: invoice numbers written in the payment's reference ("INV 1042/1043"), allocated in that order;
 *  - exact_amount: one open invoice for exactly the amount;
 *  - subset_sum: several open invoices, oldest first, summing exactly to the amount.
 * Confidence is a documented rule of thumb, not a statistic: 0.95 when referenced invoices take the whole amount,
 * 0.7 when they take part of it; 0.85 for the only invoice of that amount, 0.6 when several share it (the oldest
 * is offered); 0.5 for a subset.
 */
import { findSubset } from './subset-sum';
import { normaliseReference } from './references';

export interface OpenInvoice {
  docNo: string;
  date: string;
  open: number;
}

export interface Suggestion {
  rule: 'reference' | 'exact_amount' | 'subset_sum';
  confidence: number;
  allocations: { invoiceNo: string; amount: number }[];
}

export function suggestAllocations(credit: { amount: number; reference: string }, invoices: readonly OpenInvoice[]): Suggestion[] {
  if (credit.amount <= 0) return [];
  const oldestFirst = [...invoices].filter((i) => i.open > 0).sort((a, b) => (a.date === b.date ? (a.docNo < b.docNo ? -1 : 1) : a.date < b.date ? -1 : 1));
  const out: Suggestion[] = [];

  // By the number as we write it, and by its digits alone (customers drop our letter prefixes: U-1042 → 1042).
  const byNumber = new Map(oldestFirst.map((i) => [normaliseReference(i.docNo), i]));
  const byDigits = new Map<string, OpenInvoice | null>();
  for (const i of oldestFirst) {
    const d = digitsOf(i.docNo);
    if (d.length >= 3) byDigits.set(d, byDigits.has(d) ? null : i);
  }
  const named: OpenInvoice[] = [];
  for (const token of credit.reference.split(/[\s,;/&+]+|\bAND\b/i)) {
    const inv = byNumber.get(normaliseReference(token)) ?? (/^\d+$/.test(token) ? byDigits.get(digitsOf(token)) : undefined);
    if (inv && !named.includes(inv)) named.push(inv);
  }
  if (named.length) {
    let left = credit.amount;
    const allocations = [];
    for (const inv of named) {
      const amount = Math.min(inv.open, left);
      if (amount > 0) allocations.push({ invoiceNo: inv.docNo, amount });
      left -= amount;
    }
    if (allocations.length) out.push({ rule: 'reference', confidence: left === 0 ? 0.95 : 0.7, allocations });
  }

  const exact = oldestFirst.filter((i) => i.open === credit.amount);
  if (exact.length) out.push({ rule: 'exact_amount', confidence: exact.length === 1 ? 0.85 : 0.6, allocations: [{ invoiceNo: exact[0]!.docNo, amount: credit.amount }] });

  const pool = oldestFirst.filter((i) => i.open < credit.amount).slice(0, 24);
  const subset = findSubset(pool.map((i) => i.open), credit.amount, { tolerance: 0, maxItems: 8, maxNodes: 20_000 });
  if (subset) out.push({ rule: 'subset_sum', confidence: 0.5, allocations: subset.map((k) => ({ invoiceNo: pool[k]!.docNo, amount: pool[k]!.open })) });

  const seen = new Set<string>();
  return out
    .sort((a, b) => b.confidence - a.confidence)
    .filter((s) => {
      const key = JSON.stringify(s.allocations);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

const digitsOf = (ref: string) => ref.replace(/\D/g, '').replace(/^0+(?=\d)/, '');
