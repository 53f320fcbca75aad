// Quarters as the confirmations endpoint names them ("2026-Q3"), and their last days.
import { addDays, isIsoDate } from '../../../shared/dates';

const QUARTER = /^(\d{4})-Q([1-4])$/;

export function isQuarter(text: string): boolean {
  return QUARTER.test(text);
}

/** "2026-Q3" → "2026-09-30". */
export function quarterEnd(quarter: string): string {
  const m = QUARTER.exec(quarter);
  if (!m) throw new RangeError(`not a quarter: ${quarter}`);
  const year = Number(m[1]);
  const q = Number(m[2]);
  return q === 4 ? `${year}-12-31` : addDays(`${year}-${String(q * 3 + 1).padStart(2, '0')}-01`, -1);
}

/** The last quarter that had ended by `date`: on 2026-10-31 that is 2026-Q3; on 2026-09-30, 2026-Q3 too. */
export function lastCompletedQuarter(date: string): string {
  if (!isIsoDate(date)) throw new RangeError(`not a date: ${date}`);
  const year = Number(date.slice(0, 4));
  const q = Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1;
  const current = `${year}-Q${q}`;
  if (quarterEnd(current) === date) return current;
  return q === 1 ? `${year - 1}-Q4` : `${year}-Q${q - 1}`;
}
