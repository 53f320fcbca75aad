/** AR.FORECAST and AR.ROLLRATE for the function batch: each forecast or roll-rate period is computed once per batch. */
import { bucketSet, DEFAULT_BOUNDARIES } from '../../../shared/analytics/ageing';
import { addMonths, daysBetween, endOfMonth } from '../../../shared/dates';
import { emptyRow, type ForecastRow } from '../../../shared/forecast/forecast';
import { rollRates, sumRollLines, type RollLine } from '../../../shared/forecast/roll-rates';
import type { LedgerState } from '../queries/settings';
import { cashInForecast } from './forecast';
import { rollLines } from './roll-rates-sql';

export const FORECAST_WEEKS = 52;
export type ForecastWeek = { kind: 'number'; n: number } | { kind: 'date'; date: string } | { kind: 'column'; column: 'beyond' | 'unscheduled' | 'excluded' | 'open' };
export const ROLL_TARGETS = ['collected', 'written off', 'credited'] as const;

/** A bad argument found with the data (a bucket label). */
export class FigureArgumentError extends Error {}
/** No figure for these arguments (a week before the as-of date, an empty bucket). */
export class FigureNotAvailable extends Error {}

export class ForecastFigures {
  private forecasts = new Map<string, Promise<Map<string, ForecastRow>>>();
  private rolls = new Map<string, Promise<Map<string, RollLine[]>>>();
  constructor(private readonly db: D1Database, private readonly state: LedgerState) {}

  /** Minor units expected in the week (or the column) for these customers; an Error with a message when there is no such week. */
  async forecast(members: string[], week: ForecastWeek, asOf: string): Promise<number> {
    let index: number | null = null;
    if (week.kind === 'number') index = week.n - 1;
    if (week.kind === 'date') {
      const d = daysBetween(asOf, week.date);
      if (d < 1) throw new FigureNotAvailable(`week ${week.date} is not after the as-of date ${asOf}`);
      index = Math.floor((d - 1) / 7);
      if (index >= FORECAST_WEEKS) throw new FigureNotAvailable(`week ${week.date} is more than ${FORECAST_WEEKS} weeks after ${asOf}`);
    }
    if (!this.forecasts.has(asOf)) {
      this.forecasts.set(asOf, cashInForecast(this.db, this.state, { asOf, weeks: FORECAST_WEEKS, groupBy: 'customer', method: 'history' })
        .then((r) => new Map(r.rows.map((row) => [row.key, row]))));
    }
    const rows = await this.forecasts.get(asOf)!;
    const zero = emptyRow('', FORECAST_WEEKS);
    return members.reduce((sum, id) => {
      const row = rows.get(id) ?? zero;
      return sum + (index !== null ? row.amounts[index]! : row[(week as { column: 'beyond' }).column]);
    }, 0);
  }

  /**
   * Percent of `fromBucket`'s balance at the month-end before `month`'s end that was in `toBucket` (or collected,
   * written off, credited) at `month`'s end. Month default: the last month-end on or before the data date.
   */
  async rollRate(members: string[], fromBucket: string, toBucket: string, month: string | null): Promise<number> {
    const buckets = bucketSet([...DEFAULT_BOUNDARIES], 'due');
    const labels = buckets.map((b) => b.label.toLowerCase());
    const from = labels.indexOf(fromBucket.trim().toLowerCase());
    if (from < 0) throw new FigureArgumentError(`fromBucket must be one of ${buckets.map((b) => b.label).join(', ')}`);
    const to = labels.indexOf(toBucket.trim().toLowerCase());
    const target = toBucket.trim().toLowerCase().replace(/[-_]/g, ' ').replace('writtenoff', 'written off');
    if (to < 0 && !(ROLL_TARGETS as readonly string[]).includes(target)) {
      throw new FigureArgumentError(`toBucket must be one of ${[...buckets.map((b) => b.label), ...ROLL_TARGETS].join(', ')}`);
    }
    const data = this.state.dataDate ?? new Date().toISOString().slice(0, 10);
    const end = month ? endOfMonth(`${month}-01`) : endOfMonth(data) === data ? data : endOfMonth(addMonths(data, -1));
    const start = endOfMonth(addMonths(end, -1));
    if (!this.rolls.has(end)) this.rolls.set(end, rollLines(this.db, buckets, 'customer', undefined, start, end));
    const byCustomer = await this.rolls.get(end)!;
    const line = sumRollLines(members.map((id) => byCustomer.get(id)).filter((l): l is RollLine[] => !!l), buckets.length)[from]!;
    const rates = rollRates(line);
    if (line.opening <= 0) throw new FigureNotAvailable(`nothing was in ${buckets[from]!.label} on ${start}`);
    return to >= 0 ? rates.rolledTo[to]! : target === 'collected' ? rates.collected : target === 'written off' ? rates.writtenOff : rates.credited;
  }
}
