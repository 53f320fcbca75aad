// Cash-in forecast and roll rates: AR.FORECAST, AR.ROLLRATE.
import { asOfArg, isOmitted, scopeArg } from '../figures/arguments';
import { numberFigure } from '../figures/current';
import { invalidValue } from '../figures/errors';
import { periodArg } from '../targets/arguments';

/** A week number, a date (serial) or a word, as the batch endpoint takes it; the server checks the range. */
function weekArg(raw: unknown): string | number {
  if (isOmitted(raw)) throw invalidValue('week is required: a week number (1 to 52), a date in the week, or beyond, unscheduled, excluded, open.');
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string') return raw.trim();
  throw invalidValue('week must be a week number, a date or one of beyond, unscheduled, excluded, open.');
}

function textArg(raw: unknown, name: string): string {
  if (isOmitted(raw) || (typeof raw !== 'string' && typeof raw !== 'number')) throw invalidValue(`${name} is required: a bucket such as Current or 1-30.`);
  return String(raw).trim();
}

/**
 * Cash expected in a week after the as-of date, from the cash-in forecast: open items at their due date shifted by the customer's usual delay, promises and post-dated cheques at their own dates, disputes and customers in recovery left out.
 * @customfunction FORECAST
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param week A week number (1 is the 7 days after the as-of date, up to 52), a date in the week, or "unscheduled" (past due, no expected date), "excluded" (disputed or in recovery), "beyond" (after week 52) or "open" (the open item balance).
 * @param [asOf] The date the forecast is made: an Excel date or text YYYY-MM-DD. Omitted: the date the ledger's data runs to.
 * @returns An amount in the functional currency.
 */
export async function forecast(scope: string, week: number | string, asOf?: number | string, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('FORECAST', [scopeArg(scope), weekArg(week), asOfArg(asOf)], invocation);
}

/**
 * Roll rate: the percent of an ageing bucket's balance at one month-end that was in another bucket, or was collected, written off or credited, by the next month-end.
 * @customfunction ROLLRATE
 * @param scope A customer id, vertical:<name>, region:<name>, collector:<name>, or * for every customer.
 * @param fromBucket The bucket at the first month-end: Current, 1-30, 31-60, 61-90, 91-120 or 121+.
 * @param toBucket Where it went: a bucket label, or "collected", "written off" or "credited".
 * @param [month] The month whose end closes the period: text such as "2026-09" or a date in it. Omitted: the last month-end on or before the ledger's data date.
 * @returns Percent, to 2 decimals.
 */
export async function rollRate(scope: string, fromBucket: string, toBucket: string, month?: string | number, invocation?: CustomFunctions.Invocation): Promise<number> {
  return numberFigure('ROLLRATE', [scopeArg(scope), textArg(fromBucket, 'fromBucket'), textArg(toBucket, 'toBucket'), isOmitted(month) ? null : periodArg(month, 'month')], invocation);
}
