/**
 * Days sales outstanding. Inputs are totals (a customer's, or a group's summed first: a group's DSO is
 * never an average of its customers' DSOs). Money is integer minor units; the result is unrounded days
 * (`roundForDisplay` for 1 or 2 decimals).
 *
 * Countback (the default): walk back from D through periods, newest first. Each period whose sales the
 * remaining receivables still cover adds all its days and its sales are subtracted; the period that
 * exhausts them adds days × remaining ÷ its sales. Periods with no (or negative net) sales are covered
 * whole: they add their days and subtract nothing.
 * For calendar months the first period is the month of D from its 1st to D (as many days as D's day of
 * the month), then whole months back, at most 24.
 */
import { addDays, daysBetween, startOfMonth, type IsoDate } from '../dates';
import { AnalyticsInputError } from './errors';
import { assertDate, assertMinor, figure, noFigure, type Figure } from './numbers';

export const MAX_COUNTBACK_MONTHS = 24;

export interface SalesPeriod {
  days: number;
  /** Net credit sales of the period, minor units. */
  sales: number;
}

export interface MonthSales {
  start: IsoDate;
  end: IsoDate;
  sales: number;
}

/** How a period was used, for "explain this figure". */
export interface PeriodUse extends SalesPeriod {
  start?: IsoDate;
  end?: IsoDate;
  /** Receivables still to explain when the walk reached this period, and after it. */
  arBefore: number;
  arAfter: number;
  /** All the period's days, or the fraction days × arBefore ÷ sales. */
  daysCounted: number;
  coverage: 'full' | 'partial';
}

export type CountbackResult = Figure & { periods: PeriodUse[] };

/** Standard (period) method: receivables ÷ credit sales × days. */
export function standardDso(ar: number, netSales: number, days: number): Figure {
  assertMinor(ar, 'receivables');
  assertMinor(netSales, 'net sales');
  if (!Number.isInteger(days) || days <= 0) throw new AnalyticsInputError(`the period must be a positive number of days, got ${days}`);
  if (netSales <= 0) return noFigure('no sales in the period');
  if (ar <= 0) return figure(0);
  return figure((ar * days) / netSales);
}

/** Countback over arbitrary periods, newest first (e.g. the 30-day months of a textbook example). */
export function countback(ar: number, periods: readonly (SalesPeriod & { start?: IsoDate; end?: IsoDate })[]): CountbackResult {
  assertMinor(ar, 'receivables');
  for (const p of periods) {
    assertMinor(p.sales, 'period sales');
    if (!Number.isInteger(p.days) || p.days <= 0) throw new AnalyticsInputError(`a period must be a positive number of days, got ${p.days}`);
  }
  if (!periods.some((p) => p.sales > 0)) {
    return { ...noFigure(`no sales in the ${periods.length} period(s) supplied`), periods: [] };
  }
  if (ar <= 0) return { ...figure(0), periods: [] };
  const used: PeriodUse[] = [];
  let remaining = ar;
  let wholeDays = 0;
  for (const p of periods) {
    const base = { ...p, arBefore: remaining };
    if (p.sales <= 0 || remaining >= p.sales) {
      const after = p.sales > 0 ? remaining - p.sales : remaining;
      used.push({ ...base, arAfter: after, daysCounted: p.days, coverage: 'full' });
      wholeDays += p.days;
      remaining = after;
      if (remaining === 0) return { ...figure(wholeDays), periods: used };
    } else {
      const fraction = (p.days * remaining) / p.sales;
      used.push({ ...base, arAfter: 0, daysCounted: fraction, coverage: 'partial' });
      return { ...figure(wholeDays + fraction), periods: used };
    }
  }
  return {
    ...noFigure(`receivables exceed the sales of the ${periods.length} period(s) supplied (${remaining} minor units unexplained)`),
    periods: used,
  };
}

/** The calendar periods countback walks for D: [1st of D's month .. D], then whole months back. */
export function countbackMonths(asOf: IsoDate, count: number): { start: IsoDate; end: IsoDate; days: number }[] {
  assertDate(asOf, 'the as-of date');
  if (!Number.isInteger(count) || count < 1 || count > MAX_COUNTBACK_MONTHS) {
    throw new AnalyticsInputError(`countback takes 1 to ${MAX_COUNTBACK_MONTHS} months, got ${count}`);
  }
  const months: { start: IsoDate; end: IsoDate; days: number }[] = [];
  let end = asOf;
  for (let i = 0; i < count; i++) {
    const start = startOfMonth(end);
    months.push({ start, end, days: daysBetween(start, end) + 1 });
    end = addDays(start, -1);
  }
  return months;
}

/** Countback over calendar months of net sales, newest first, which must be exactly `countbackMonths(asOf, n)`. */
export function countbackDso(ar: number, monthlySales: readonly MonthSales[], asOf: IsoDate): CountbackResult {
  if (monthlySales.length === 0) return { ...noFigure('no months of sales supplied'), periods: [] };
  const expected = countbackMonths(asOf, monthlySales.length);
  const periods = monthlySales.map((m, i) => {
    const e = expected[i]!;
    if (m.start !== e.start || m.end !== e.end) {
      throw new AnalyticsInputError(`month ${i + 1} of the sales must run ${e.start} to ${e.end} (newest first), got ${m.start} to ${m.end}`);
    }
    return { start: m.start, end: m.end, days: e.days, sales: m.sales };
  });
  return countback(ar, periods);
}

/** Average days delinquent = DSO − best possible DSO (same method, only not-yet-due receivables). */
export function daysDelinquent(dso: Figure, bpdso: Figure): Figure {
  if (dso.value === null) return noFigure(`no DSO: ${dso.reason}`);
  if (bpdso.value === null) return noFigure(`no best possible DSO: ${bpdso.reason}`);
  return figure(dso.value - bpdso.value);
}

export interface DsoFigures {
  dso: CountbackResult;
  bpdso: CountbackResult;
  add: Figure;
}

/** DSO, BPDSO and ADD by countback from one set of totals. `currentAr` = receivables not yet due. */
export function countbackFigures(ar: number, currentAr: number, monthlySales: readonly MonthSales[], asOf: IsoDate): DsoFigures {
  const dso = countbackDso(ar, monthlySales, asOf);
  const bpdso = countbackDso(currentAr, monthlySales, asOf);
  return { dso, bpdso, add: daysDelinquent(dso, bpdso) };
}

/** Group totals: customers' monthly sales over the same months, added month by month. */
export function sumMonthlySales(series: readonly (readonly MonthSales[])[]): MonthSales[] {
  const first = series[0];
  if (!first) return [];
  return first.map((m, i) => {
    let sales = 0;
    for (const s of series) {
      const other = s[i];
      if (!other || other.start !== m.start || other.end !== m.end || s.length !== first.length) {
        throw new AnalyticsInputError('monthly sales of a group must cover the same months for every member');
      }
      sales += other.sales;
    }
    assertMinor(sales, 'group sales');
    return { start: m.start, end: m.end, sales };
  });
}
