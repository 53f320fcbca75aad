// The arguments of AR.TARGET and AR.ACTUAL, checked before any request: a month and a metric.
import { excelSerialToIso, isIsoDate } from '../../../shared/dates';
import { TARGET_METRICS, type TargetMetric } from '../../../shared/targets/metrics';
import { isPeriod } from '../../../shared/targets/periods';
import { choiceArg, isOmitted } from '../figures/arguments';
import { invalidValue } from '../figures/errors';

/** "2026-07", or a date in the month (an Excel date or "2026-07-15") → "2026-07". */
export function periodArg(raw: unknown, name = 'period'): string {
  if (isOmitted(raw)) throw invalidValue(`${name} is required: a month such as "2026-07", or a date in it.`);
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (isPeriod(text)) return text;
  const date = typeof raw === 'number' ? excelSerialToIso(raw) : isIsoDate(text) ? text : null;
  if (date && isPeriod(date.slice(0, 7))) return date.slice(0, 7);
  throw invalidValue(`${name}: ${typeof raw === 'string' ? `"${raw}"` : String(raw)} is not a month such as "2026-07" or a date in it.`);
}

/** One of the target metrics; omitted → null (the server's default, collections). */
export function metricArg(raw: unknown): TargetMetric | null {
  return choiceArg(raw, 'metric', TARGET_METRICS);
}
