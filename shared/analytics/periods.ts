/** Calendar helpers the analytics need beyond shared/dates.ts. */
import { daysInMonth, type IsoDate } from '../dates';

/**
 * The same day of the month `months` months earlier, clamped to the month's length
 * (2024-02-29 less 12 months is 2023-02-28; 2024-03-31 less 1 month is 2024-02-29).
 */
export function monthsEarlier(date: IsoDate, months: number): IsoDate {
  const y = Number(date.slice(0, 4));
  const m = Number(date.slice(5, 7)) - 1 - months;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const day = Math.min(Number(date.slice(8, 10)), daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
