/**
 * A customer's monthly statement as of a date: open items with their age, the ageing per currency, the payments
 * received in the month and unapplied credit. Pure; amounts are minor units of each line's own currency.
 */
import { bucketIndex, bucketSet } from '../analytics/ageing';
import { daysBetween, startOfMonth } from '../dates';
import { displayMoney, escapeHtml, sumByCurrency, table, totalsText } from './html';

export interface StatementItem {
  docType: string;
  docNo: string;
  docDate: string;
  dueDate: string;
  reference: string;
  currency: string;
  open: number;
}

export interface StatementPayment {
  docType: string;
  docNo: string;
  date: string;
  reference: string;
  currency: string;
  amount: number;
}

export interface StatementInput {
  customer: { id: string; name: string };
  asOf: string;
  items: readonly StatementItem[];
  /** Payments dated in the month to asOf. */
  payments: readonly StatementPayment[];
  /** Unapplied credits on asOf (positive amounts). */
  unapplied: readonly StatementPayment[];
}

const BUCKETS = bucketSet([30, 60, 90], 'due');

export function statementBody(s: StatementInput): string {
  const from = startOfMonth(s.asOf);
  const items = table(
    s.items,
    [
      { heading: 'Document', cell: (i) => `${i.docType} ${i.docNo}` },
      { heading: 'Reference', cell: (i) => i.reference },
      { heading: 'Date', cell: (i) => i.docDate },
      { heading: 'Due', cell: (i) => i.dueDate },
      { heading: 'Days past due', cell: (i) => String(Math.max(0, daysBetween(i.dueDate, s.asOf))), numeric: true },
      { heading: 'Currency', cell: (i) => i.currency },
      { heading: 'Open', cell: (i) => displayMoney(i.open, i.currency), numeric: true },
    ],
    'No open items.',
  );
  const currencies = [...new Set([...s.items.map((i) => i.currency), ...s.unapplied.map((u) => u.currency)])].sort();
  const ageingRows = currencies.map((cur) => {
    const sums = BUCKETS.map(() => 0);
    for (const i of s.items.filter((x) => x.currency === cur)) sums[bucketIndex(daysBetween(i.dueDate, s.asOf), BUCKETS)]! += i.open;
    const unapplied = s.unapplied.filter((u) => u.currency === cur).reduce((t, u) => t + u.amount, 0);
    return { cur, sums, unapplied, balance: sums.reduce((a, b) => a + b, 0) - unapplied };
  });
  const ageing = table(ageingRows, [
    { heading: 'Currency', cell: (r) => r.cur },
    ...BUCKETS.map((b, k) => ({ heading: b.label, cell: (r: (typeof ageingRows)[number]) => displayMoney(r.sums[k]!, r.cur), numeric: true })),
    { heading: 'Unapplied credit', cell: (r) => displayMoney(-r.unapplied, r.cur), numeric: true },
    { heading: 'Balance', cell: (r) => displayMoney(r.balance, r.cur), numeric: true },
  ]);
  const payRows = (rows: readonly StatementPayment[], empty: string) =>
    table(rows, [
      { heading: 'Document', cell: (p) => `${p.docType} ${p.docNo}` },
      { heading: 'Date', cell: (p) => p.date },
      { heading: 'Reference', cell: (p) => p.reference },
      { heading: 'Currency', cell: (p) => p.currency },
      { heading: 'Amount', cell: (p) => displayMoney(p.amount, p.currency), numeric: true },
    ], empty);
  const balance = new Map(ageingRows.map((r) => [r.cur, r.balance]));
  return (
    `<h1>Statement of account</h1><p>${escapeHtml(s.customer.name)} (${escapeHtml(s.customer.id)}), as of ${escapeHtml(s.asOf)}</p>` +
    `<p>Balance due: <strong>${escapeHtml(totalsText(balance))}</strong></p>` +
    `<h2>Open items</h2>${items.html}<h2>Ageing</h2>${ageing.html}` +
    `<h2>Payments received ${escapeHtml(from)} to ${escapeHtml(s.asOf)}</h2>${payRows(s.payments, 'No payments received this month.').html}` +
    `<h2>Unapplied credit</h2>${payRows(s.unapplied, 'No unapplied credit.').html}`
  );
}

/** Σ payments in the month per currency, for the reply. */
export const paymentsTotal = (p: readonly StatementPayment[]) => sumByCurrency(p, (x) => x.currency, (x) => x.amount);
