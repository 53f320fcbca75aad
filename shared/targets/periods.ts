/**
 * Target periods are calendar months, 'YYYY-MM'. A period is open until its month end; after that it is closed
 * (its targets cannot change) unless an admin has reopened it until a date.
 */
import { daysBetween, endOfMonth, type IsoDate } from '../dates';

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const MAX_PERIODS = 36;

export function isPeriod(text: string): boolean {
  const m = PERIOD.exec(text);
  return m !== null && Number(m[1]) >= 2000 && Number(m[1]) <= 2099;
}

export const periodStart = (period: string): IsoDate => `${period}-01`;
export const periodEnd = (period: string): IsoDate => endOfMonth(periodStart(period));
export const periodOf = (date: IsoDate): string => date.slice(0, 7);

/** The months from `from` to `to`, both included, oldest first; null when to precedes from or the range is too long. */
export function periodsBetween(from: string, to: string, max = MAX_PERIODS): string[] | null {
  if (!isPeriod(from) || !isPeriod(to) || to < from) return null;
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  for (let p = from; p <= to; ) {
    if (out.length === max) return null;
    out.push(p);
    m += 1;
    if (m === 13) [y, m] = [y + 1, 1];
    p = `${y}-${String(m).padStart(2, '0')}`;
  }
  return out;
}

export type PeriodState = 'open' | 'closed' | 'reopened';

/** Open through its month end; then closed, unless reopened until a date on or after today. */
export function periodState(period: string, today: IsoDate, reopenedUntil: IsoDate | null): PeriodState {
  if (today <= periodEnd(period)) return 'open';
  return reopenedUntil !== null && today <= reopenedUntil ? 'reopened' : 'closed';
}

/** What the actuals of a period are measured on: its end once over, today while it runs, nothing before it starts. */
export interface PeriodWindow {
  period: string;
  start: IsoDate;
  end: IsoDate;
  /** The date the actuals are as of; null before the period starts. */
  asOf: IsoDate | null;
  /** The month is over: the actuals are final. */
  complete: boolean;
  daysElapsed: number;
  daysInPeriod: number;
}

export function periodWindow(period: string, today: IsoDate): PeriodWindow {
  const start = periodStart(period);
  const end = periodEnd(period);
  const daysInPeriod = daysBetween(start, end) + 1;
  if (today < start) return { period, start, end, asOf: null, complete: false, daysElapsed: 0, daysInPeriod };
  const complete = today > end;
  const asOf = complete ? end : today;
  return { period, start, end, asOf, complete, daysElapsed: daysBetween(start, asOf) + 1, daysInPeriod };
}
