// Targets and performance: AR.TARGET, AR.ACTUAL, for managers' own grids (collectors × months).
import { scopeArg } from '../figures/arguments';
import { numberFigure } from '../figures/current';
import { metricArg, periodArg } from '../targets/arguments';

/**
 * The collection target set for a collector, a vertical or the whole portfolio for a month (its latest version).
 * @customfunction TARGET
 * @param scope collector:<name>, vertical:<name>, or * for the whole portfolio.
 * @param period The month: text such as "2026-07", or any date in the month.
 * @param [metric] "collections" (the default; an amount), "dso" (days), "overdue_over_60" (an amount) or "promises_kept_rate" (percent).
 * @returns The target, in the metric's unit.
 */
export async function target(scope: string, period: string | number, metric?: string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('TARGET', [scopeArg(scope), periodArg(period), metricArg(metric)], invocation);
}

/**
 * The actual a target is measured against for a month, from the ledger: collections received in the month, DSO and the balance over 60 days past due at the month end (today while the month runs), or the promises kept rate.
 * @customfunction ACTUAL
 * @param scope collector:<name>, vertical:<name>, a customer id, region:<name>, or * for the whole portfolio.
 * @param period The month: text such as "2026-07", or any date in the month.
 * @param [metric] "collections" (the default; an amount), "dso" (days), "overdue_over_60" (an amount) or "promises_kept_rate" (percent).
 * @returns The actual, in the metric's unit.
 */
export async function actual(scope: string, period: string | number, metric?: string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('ACTUAL', [scopeArg(scope), periodArg(period), metricArg(metric)], invocation);
}
