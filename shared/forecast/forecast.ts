/**
 * Cash-in forecast: when each open item is expected to be paid, in weeks after the as-of date.
 *
 * Per open item (functional minor units), in this order, each step taking from what the previous left:
 *  1. excluded: the whole item when its customer is in recovery; else its disputed part (disputes cover their
 *     invoices oldest due first, in the document currency);
 *  2. post-dated cheques not yet deposited: cover the customer's open items of the cheque's currency, oldest due
 *     first, expected on the cheque date;
 *  3. open promises to pay: cover their own invoices, oldest due first, expected on the promised date (the
 *     promised amount less what was already paid towards it);
 *  4. the rest: expected at due date + the customer's delay (amount-weighted average days beyond terms, see
 *     `delayFor`). Past due with that date already gone: `unscheduled` (no expected date). Not yet due with the
 *     date already gone (an early payer late this time): the first day after the as-of date. A customer that pays
 *     in runs (see payment-runs.ts) is expected on the run day nearest to that date, after the as-of date.
 * A covered document-currency amount becomes functional as a share of the item's open functional amount (rounded
 * half away from zero), so every item, and so every row, reconciles to the cent:
 *   Σ amounts + beyond + unscheduled + excluded = open.
 * Any date on or before the as-of date (a cheque dated in the past, a promise for today) counts as the next day.
 */
import { addDays, daysBetween, type IsoDate } from '../dates';
import { divRoundHalfAway } from '../money';
import { onPaymentRun, type PaymentRun } from './payment-runs';

export interface ForecastItem {
  id: string;
  customerId: string;
  docNo: string;
  dueDate: IsoDate;
  currency: string;
  /** Open amount as of the date, document-currency minor units. */
  openDoc: number;
  /** Open amount as of the date, functional minor units. */
  open: number;
}

/** Money expected on a date, covering document-currency amounts of some of a customer's items. */
export interface Claim {
  customerId: string;
  currency: string;
  /** Document-currency minor units still to come. */
  amount: number;
  date: IsoDate;
  /** The invoice numbers it covers; null = any of the customer's items (a cheque). */
  invoices: string[] | null;
}

export interface DelayHistory {
  /** Σ functional amount × days beyond terms over the payments in the window. */
  weightedDays: number;
  /** Σ functional amount of those payments. */
  amount: number;
}

export type DelaySource = 'customer' | 'vertical' | 'company' | 'none';
export interface Delay {
  days: number;
  source: DelaySource;
}

/**
 * The customer's delay in whole days (rounded half away from zero): its own history, else its vertical's, else
 * the company's, else 0 (the due date).
 */
export function delayFor(customer: DelayHistory | undefined, vertical: DelayHistory | undefined, company: DelayHistory | undefined): Delay {
  for (const [h, source] of [[customer, 'customer'], [vertical, 'vertical'], [company, 'company']] as const) {
    if (h && h.amount > 0) return { days: roundHalfAway(h.weightedDays / h.amount), source };
  }
  return { days: 0, source: 'none' };
}

function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

export interface Week {
  start: IsoDate;
  end: IsoDate;
}

/** Weeks of 7 days, the first starting the day after the as-of date. */
export function forecastWeeks(asOf: IsoDate, weeks: number): Week[] {
  return Array.from({ length: weeks }, (_, i) => ({ start: addDays(asOf, 1 + 7 * i), end: addDays(asOf, 7 + 7 * i) }));
}

/** What became of one item: the pieces add up to its open amount. */
export interface ItemOutlook {
  item: ForecastItem;
  excluded: number;
  excludedReason: 'recovery' | 'dispute' | null;
  /** Expected receipts, dated (each date after the as-of date). */
  expected: { date: IsoDate; amount: number; source: 'cheque' | 'promise' | 'history' }[];
  unscheduled: number;
}

export interface ForecastInput {
  asOf: IsoDate;
  items: ForecastItem[];
  delays: Map<string, Delay>;
  /** Customers that pay on a fixed day of the month or of the week. */
  runs: Map<string, PaymentRun>;
  inRecovery: Set<string>;
  /** Open disputes as claims (their date is ignored). */
  disputes: Claim[];
  cheques: Claim[];
  promises: Claim[];
}

/** The functional share of an item for a covered document amount; the whole rest when it covers what is left. */
function share(item: ForecastItem, coveredDoc: number, leftDoc: number, leftFunc: number): number {
  if (coveredDoc >= leftDoc) return leftFunc;
  if (item.openDoc <= 0) return 0;
  const f = Number(divRoundHalfAway(BigInt(item.open) * BigInt(coveredDoc), BigInt(item.openDoc)));
  return Math.min(f, leftFunc);
}

const byDue = (a: ForecastItem, b: ForecastItem) => a.dueDate.localeCompare(b.dueDate) || a.docNo.localeCompare(b.docNo) || a.id.localeCompare(b.id);

export function itemOutlooks(input: ForecastInput): ItemOutlook[] {
  const left = new Map(input.items.map((i) => [i.id, { doc: i.openDoc, func: i.open }]));
  const outs = new Map<string, ItemOutlook>(input.items.map((i) => [i.id, { item: i, excluded: 0, excludedReason: null, expected: [], unscheduled: 0 }]));
  const byCustomer = new Map<string, ForecastItem[]>();
  for (const i of [...input.items].sort(byDue)) {
    const list = byCustomer.get(i.customerId) ?? [];
    list.push(i);
    byCustomer.set(i.customerId, list);
  }
  for (const i of input.items) {
    if (!input.inRecovery.has(i.customerId)) continue;
    const o = outs.get(i.id)!;
    o.excluded = i.open;
    o.excludedReason = 'recovery';
    left.set(i.id, { doc: 0, func: 0 });
  }
  const nextDay = addDays(input.asOf, 1);
  const apply = (claims: Claim[], take: (o: ItemOutlook, func: number, c: Claim) => void) => {
    for (const c of claims) {
      let amount = c.amount;
      const names = c.invoices ? new Set(c.invoices) : null;
      for (const i of byCustomer.get(c.customerId) ?? []) {
        if (amount <= 0) break;
        if (i.currency !== c.currency || (names && !names.has(i.docNo))) continue;
        const l = left.get(i.id)!;
        if (l.doc <= 0 && l.func <= 0) continue;
        const coveredDoc = Math.min(amount, l.doc);
        const func = share(i, coveredDoc, l.doc, l.func);
        amount -= coveredDoc;
        left.set(i.id, { doc: l.doc - coveredDoc, func: l.func - func });
        if (func > 0) take(outs.get(i.id)!, func, c);
      }
    }
  };
  apply(input.disputes, (o, func) => {
    o.excluded += func;
    o.excludedReason ??= 'dispute';
  });
  const dated = (source: 'cheque' | 'promise') => (o: ItemOutlook, func: number, c: Claim) =>
    o.expected.push({ date: c.date > input.asOf ? c.date : nextDay, amount: func, source });
  apply(input.cheques, dated('cheque'));
  apply(input.promises, dated('promise'));
  for (const i of input.items) {
    const rest = left.get(i.id)!.func;
    if (rest <= 0) continue;
    const o = outs.get(i.id)!;
    const when = addDays(i.dueDate, input.delays.get(i.customerId)?.days ?? 0);
    const date = when > input.asOf ? when : i.dueDate > input.asOf ? nextDay : null;
    const run = input.runs.get(i.customerId);
    if (date === null) o.unscheduled += rest;
    else o.expected.push({ date: run ? onPaymentRun(run, date, input.asOf) : date, amount: rest, source: 'history' });
  }
  return [...outs.values()];
}

export interface ForecastRow {
  key: string;
  amounts: number[];
  /** Expected after the last week. */
  beyond: number;
  /** Past due, its expected date already gone. */
  unscheduled: number;
  /** Disputed, or the customer is in recovery. */
  excluded: number;
  /** The open item balance: Σ amounts + beyond + unscheduled + excluded. */
  open: number;
}

export function emptyRow(key: string, weeks: number): ForecastRow {
  return { key, amounts: Array(weeks).fill(0), beyond: 0, unscheduled: 0, excluded: 0, open: 0 };
}

/** Rolls item outlooks into rows by a key of the customer (its id, vertical, collector or 'all'), sorted by key. */
export function forecastRows(asOf: IsoDate, weeks: number, outlooks: ItemOutlook[], keyOf: (customerId: string) => string): ForecastRow[] {
  const rows = new Map<string, ForecastRow>();
  for (const o of outlooks) {
    const key = keyOf(o.item.customerId);
    const row = rows.get(key) ?? emptyRow(key, weeks);
    rows.set(key, row);
    row.open += o.item.open;
    row.excluded += o.excluded;
    row.unscheduled += o.unscheduled;
    for (const e of o.expected) {
      const week = Math.floor((daysBetween(asOf, e.date) - 1) / 7);
      if (week < weeks) row.amounts[week]! += e.amount;
      else row.beyond += e.amount;
    }
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

export function sumRows(rows: ForecastRow[], weeks: number): ForecastRow {
  const t = emptyRow('total', weeks);
  for (const r of rows) {
    r.amounts.forEach((a, i) => (t.amounts[i]! += a));
    t.beyond += r.beyond;
    t.unscheduled += r.unscheduled;
    t.excluded += r.excluded;
    t.open += r.open;
  }
  return t;
}

/** The identity every row must satisfy; a non-zero answer is a bug. */
export function reconciliationGap(r: ForecastRow): number {
  return r.open - (r.amounts.reduce((a, b) => a + b, 0) + r.beyond + r.unscheduled + r.excluded);
}
