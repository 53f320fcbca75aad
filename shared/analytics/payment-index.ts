/**
 * Payment index on the PAYDEX scale (20–100, higher = more timely), from days beyond terms, weighted by
 * amount. Straight lines between the published anchors; 100 at most (30+ days early), 20 from 120 days
 * beyond. Our lines give 89 at 18 days early and 45 at 45 beyond, as the published chart does, but 58.75
 * at 23 days beyond where the chart prints 59 (its own rounding).
 */
import type { IsoDate } from '../dates';
import { daysBetween } from '../dates';
import { AnalyticsInputError } from './errors';
import { assertDate, assertMinor, figure, noFigure, type Figure } from './numbers';
import { monthsEarlier } from './periods';
import { piecewiseLinear, type Anchor } from './piecewise';

/** [days beyond terms (negative = early), points] */
export const PAYDEX_ANCHORS: readonly Anchor[] = [
  [-30, 100], [-20, 90], [0, 80], [15, 70], [22, 60], [30, 50], [60, 40], [90, 30], [120, 20],
];

export function paymentPoints(daysBeyondTerms: number): number {
  if (!Number.isFinite(daysBeyondTerms)) throw new AnalyticsInputError(`days beyond terms must be a number, got ${daysBeyondTerms}`);
  return piecewiseLinear(PAYDEX_ANCHORS, daysBeyondTerms);
}

export interface TimedAmount {
  amount: number;
  daysBeyondTerms: number;
}

export function paymentIndex(invoices: readonly TimedAmount[]): Figure {
  let weight = 0;
  let weighted = 0;
  for (const inv of invoices) {
    assertMinor(inv.amount, 'an invoice amount');
    if (inv.amount < 0) throw new AnalyticsInputError(`an invoice amount must be ≥ 0, got ${inv.amount}`);
    weight += inv.amount;
    weighted += inv.amount * paymentPoints(inv.daysBeyondTerms);
  }
  if (weight === 0) return noFigure('no invoices paid or past due to score');
  return figure(weighted / weight);
}

/** Dun & Bradstreet's reading: 80–100 low risk, 50–79 medium, below 50 high. */
export function paymentRisk(index: number): 'low' | 'medium' | 'high' {
  return index >= 80 ? 'low' : index >= 50 ? 'medium' : 'high';
}

export interface SettledInvoice {
  amount: number;
  docDate: IsoDate;
  dueDate: IsoDate;
  /** The date its allocations first covered it in full (documents.settled_on). */
  settledOn: IsoDate;
}

export interface OpenPastDue {
  outstanding: number;
  dueDate: IsoDate;
}

export interface PaymentBehaviour {
  /** Settlements counted are dated after this and on or before D: the 12 months to D. */
  windowStart: IsoDate;
  settledCount: number;
  settledAmount: number;
  openPastDueAmount: number;
  /** Σ amount × (settled − document date) ÷ Σ amount over the settled invoices. */
  averageDaysToPay: Figure;
  /** Σ amount × (settled − due date) ÷ Σ amount over the settled invoices. */
  averageDaysBeyondTerms: Figure;
  /** Over the settled invoices and the open past-due ones (days = D − due, weight = outstanding). */
  index: Figure;
}

/**
 * Behaviour over the 12 months to D: invoices settled in full after monthsEarlier(D, 12) and on or
 * before D, plus open items past due on D. Open items not yet due do not count (their outcome is unknown).
 */
export function paymentBehaviour(settled: readonly SettledInvoice[], openPastDue: readonly OpenPastDue[], asOf: IsoDate): PaymentBehaviour {
  assertDate(asOf, 'the as-of date');
  const windowStart = monthsEarlier(asOf, 12);
  const inWindow = settled.filter((s) => s.settledOn > windowStart && s.settledOn <= asOf);
  let amount = 0;
  let toPay = 0;
  let beyond = 0;
  const timed: TimedAmount[] = [];
  for (const s of inWindow) {
    assertMinor(s.amount, 'an invoice amount');
    const daysBeyondTerms = daysBetween(s.dueDate, s.settledOn);
    amount += s.amount;
    toPay += s.amount * daysBetween(s.docDate, s.settledOn);
    beyond += s.amount * daysBeyondTerms;
    timed.push({ amount: s.amount, daysBeyondTerms });
  }
  let openAmount = 0;
  for (const o of openPastDue) {
    assertMinor(o.outstanding, 'an outstanding amount');
    const days = daysBetween(o.dueDate, asOf);
    if (days <= 0) continue;
    openAmount += o.outstanding;
    timed.push({ amount: o.outstanding, daysBeyondTerms: days });
  }
  const none = 'no invoices settled in the 12 months to the as-of date';
  return {
    windowStart,
    settledCount: inWindow.length,
    settledAmount: amount,
    openPastDueAmount: openAmount,
    averageDaysToPay: amount > 0 ? figure(toPay / amount) : noFigure(none),
    averageDaysBeyondTerms: amount > 0 ? figure(beyond / amount) : noFigure(none),
    index: paymentIndex(timed),
  };
}
