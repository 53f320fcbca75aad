/**
 * Dunning: which level a customer's letter is at, which items it lists, and why a customer gets no letter.
 * Pure; amounts are minor units (functional where named `func`, else the item's own currency).
 */
import { daysBetween } from '../dates';
import { displayMoney, merge, sumByCurrency, table, totalsText, type MergeValue } from './html';

export const CHANNELS = ['email', 'letter'] as const;
export type Channel = (typeof CHANNELS)[number];

export interface DunningLevel {
  level: number;
  name: string;
  /** The level applies from this many days past due of the oldest listed item (negative: before the due date). */
  minDaysPastDue: number;
  channel: Channel;
  template: string;
}

export const MERGE_FIELDS = [
  'customer.id', 'customer.name', 'customer.collector', 'openItems', 'total', 'totalOverdue', 'daysPastDue', 'asOf', 'level', 'level.name',
] as const;

/** A letter is not sent again at the same (or a lower) level within this many days. */
export const REPEAT_AFTER_DAYS = 14;

export interface DunningItem {
  docType: string;
  docNo: string;
  docDate: string;
  dueDate: string;
  reference: string;
  currency: string;
  /** Open on the as-of date, item currency. */
  open: number;
  openFunc: number;
}

export interface DunningFacts {
  customer: { id: string; name: string; collector: string; hold: string };
  items: readonly DunningItem[];
  /** Open disputed amount (functional), capped at the disputed invoices' open amounts. */
  disputedFunc: number;
  openPromise: { amount: number; currency: string; promisedDate: string } | null;
  /** The highest level sent in the last REPEAT_AFTER_DAYS days. */
  recentLetter: { level: number; asOf: string } | null;
}

export type DunningPlan =
  | { kind: 'none' }
  | { kind: 'skip'; reason: string; level: number }
  | { kind: 'letter'; level: DunningLevel; items: (DunningItem & { daysPastDue: number })[]; daysPastDue: number; totalFunc: number };

export const levelFor = (levels: readonly DunningLevel[], daysPastDue: number): DunningLevel | null =>
  [...levels].sort((a, b) => b.minDaysPastDue - a.minDaysPastDue).find((l) => daysPastDue >= l.minDaysPastDue) ?? null;

export function planDunning(levels: readonly DunningLevel[], f: DunningFacts, asOf: string): DunningPlan {
  if (!levels.length) return { kind: 'none' };
  const lowest = Math.min(...levels.map((l) => l.minDaysPastDue));
  const items = f.items
    .filter((i) => i.open > 0)
    .map((i) => ({ ...i, daysPastDue: daysBetween(i.dueDate, asOf) }))
    .filter((i) => i.daysPastDue >= lowest)
    .sort((a, b) => b.daysPastDue - a.daysPastDue || a.docNo.localeCompare(b.docNo));
  if (!items.length) return { kind: 'none' };
  const daysPastDue = items[0]!.daysPastDue;
  const level = levelFor(levels, daysPastDue)!;
  const skip = (reason: string): DunningPlan => ({ kind: 'skip', reason, level: level.level });
  if (f.customer.hold !== 'none') return skip(`on hold (${f.customer.hold})`);
  const openFunc = f.items.reduce((s, i) => s + Math.max(0, i.openFunc), 0);
  if (f.disputedFunc > 0 && f.disputedFunc >= openFunc) return skip('in dispute for the whole balance');
  if (f.openPromise) {
    const p = f.openPromise;
    return skip(`open promise to pay ${p.currency} ${displayMoney(p.amount, p.currency)} by ${p.promisedDate}`);
  }
  if (f.recentLetter && f.recentLetter.level >= level.level) return skip(`level ${f.recentLetter.level} letter already sent on ${f.recentLetter.asOf}`);
  return { kind: 'letter', level, items, daysPastDue, totalFunc: items.reduce((s, i) => s + i.openFunc, 0) };
}

/** The letter's body: the level's template with its merge fields filled (every value escaped). */
export function letterBody(plan: Extract<DunningPlan, { kind: 'letter' }>, customer: DunningFacts['customer'], asOf: string): string {
  const openItems = table(plan.items, [
    { heading: 'Document', cell: (i) => `${i.docType} ${i.docNo}` },
    { heading: 'Reference', cell: (i) => i.reference },
    { heading: 'Date', cell: (i) => i.docDate },
    { heading: 'Due', cell: (i) => i.dueDate },
    { heading: 'Days past due', cell: (i) => String(i.daysPastDue), numeric: true },
    { heading: 'Currency', cell: (i) => i.currency },
    { heading: 'Open', cell: (i) => displayMoney(i.open, i.currency), numeric: true },
  ]);
  const fields: Record<(typeof MERGE_FIELDS)[number], MergeValue> = {
    'customer.id': customer.id,
    'customer.name': customer.name,
    'customer.collector': customer.collector,
    openItems,
    total: totalsText(sumByCurrency(plan.items, (i) => i.currency, (i) => i.open)),
    totalOverdue: totalsText(sumByCurrency(plan.items.filter((i) => i.daysPastDue > 0), (i) => i.currency, (i) => i.open)),
    daysPastDue: plan.daysPastDue,
    asOf,
    level: plan.level.level,
    'level.name': plan.level.name,
  };
  return merge(plan.level.template, fields);
}
