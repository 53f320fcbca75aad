/**
 * Payment runs: many customers pay their suppliers on a fixed day (the 25th of each month, every Friday) whatever
 * the due date. A customer is taken to pay in runs when more than half of what it paid in the history window
 * arrived on one day of the month, or failing that on one weekday, on at least 3 different dates. Its expected
 * dates then move to the nearest run day after the as-of date.
 */
import { addDays, daysBetween, daysInMonth, dayNumber, type IsoDate } from '../dates';

/** `day`: day of the month 1–31 (the last day in a shorter month), or ISO weekday 1 = Monday … 7 = Sunday. */
export interface PaymentRun {
  every: 'month' | 'week';
  day: number;
}

/** The customer's busiest day of the month or of the week over the history window. */
export interface BusiestDay extends PaymentRun {
  /** Functional minor units paid on that day. */
  amount: number;
  /** Distinct payment dates on that day. */
  dates: number;
}

export const RUN_MIN_DATES = 3;

/** The customer's run, from its total paid and its busiest days; null when it pays whenever. */
export function paymentRunOf(totalPaid: number, busiest: readonly BusiestDay[]): PaymentRun | null {
  for (const every of ['month', 'week'] as const) {
    const b = busiest.find((x) => x.every === every);
    if (b && b.dates >= RUN_MIN_DATES && 2 * b.amount > totalPaid) return { every, day: b.day };
  }
  return null;
}

/** ISO weekday of a date, 1 = Monday … 7 = Sunday (1970-01-01, day 0, was a Thursday). */
export function isoWeekday(date: IsoDate): number {
  return ((((dayNumber(date) + 3) % 7) + 7) % 7) + 1;
}

/** The run day of the month that holds `date`, `months` months later or earlier. */
function monthlyRunDay(date: IsoDate, months: number, day: number): IsoDate {
  let y = Number(date.slice(0, 4));
  let m = Number(date.slice(5, 7)) + months;
  while (m < 1) (m += 12), y--;
  while (m > 12) (m -= 12), y++;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(day, daysInMonth(y, m))).padStart(2, '0')}`;
}

/** The run day nearest to `date` that is after `asOf` (the earlier of two as near). `date` is after `asOf`. */
export function onPaymentRun(run: PaymentRun, date: IsoDate, asOf: IsoDate): IsoDate {
  const candidates = run.every === 'month'
    ? [-1, 0, 1].map((m) => monthlyRunDay(date, m, run.day))
    : [0, 7].map((d) => addDays(date, d - ((isoWeekday(date) - run.day + 7) % 7)));
  let best: IsoDate | null = null;
  for (const c of candidates) {
    if (c <= asOf) continue;
    if (best === null || Math.abs(daysBetween(date, c)) < Math.abs(daysBetween(date, best))) best = c;
  }
  return best ?? date;
}
