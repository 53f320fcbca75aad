/**
 * The custom functions' calls, parsed and validated: each becomes a typed request or a #VALUE! error naming
 * the argument. Arguments arrive positionally as the add-in normalised them (omitted optionals as null).
 */
import { checkBoundaries, DEFAULT_BOUNDARIES, type AgeingBasis } from '../../../shared/analytics/ageing';
import { excelSerialToIso, isIsoDate } from '../../../shared/dates';
import { parseScope, type Scope } from '../../../shared/scope';
import { TARGET_METRICS, type TargetMetric } from '../../../shared/targets/metrics';
import { isPeriod } from '../../../shared/targets/periods';
import { FORECAST_WEEKS, type ForecastWeek } from '../forecast/functions';

export type Arg = string | number | boolean | null;

export type FunctionCall =
  | { fn: 'AGEING'; scope: Scope; bucket: string | null; asOf: string | null; basis: AgeingBasis; boundaries: number[] }
  | { fn: 'DSO'; scope: Scope; method: 'countback' | 'standard' | 'bpdso' | 'add'; asOf: string | null; days: number }
  | { fn: 'CREDITSCORE' | 'SCOREDETAIL' | 'PAYINDEX'; scope: Scope; asOf: string | null }
  | { fn: 'BALANCE' | 'EXPOSURE' | 'HEADROOM'; scope: Scope; asOf: string | null }
  | { fn: 'OVERDUE'; scope: Scope; asOf: string | null; minDays: number }
  | { fn: 'CREDITLIMIT'; scope: Scope }
  | { fn: 'CEI'; scope: Scope; months: number; asOf: string | null }
  | { fn: 'ECL'; scope: Scope; asOf: string | null; matrix: string | null }
  | { fn: 'CUSTOMERS'; scope: Scope }
  | { fn: 'TARGET' | 'ACTUAL'; scope: Scope; period: string; metric: TargetMetric }
  // Cash-in forecast and roll rates (issue 12).
  | { fn: 'FORECAST'; scope: Scope; week: ForecastWeek; asOf: string | null }
  | { fn: 'ROLLRATE'; scope: Scope; fromBucket: string; toBucket: string; month: string | null };

export class ArgumentError extends Error {}

const blank = (a: Arg | undefined) => a === null || a === undefined || a === '';

function scopeArg(a: Arg | undefined, name = 'scope'): Scope {
  const scope = typeof a === 'string' ? parseScope(a) : typeof a === 'number' ? parseScope(String(a)) : null;
  if (!scope) throw new ArgumentError(`${name} must be a customer id, vertical:<name>, region:<name>, collector:<name> or *`);
  return scope;
}

function customerArg(a: Arg | undefined): Scope {
  const scope = scopeArg(a, 'customer');
  if (scope.kind !== 'customer') throw new ArgumentError('customer must be one customer id, not a group');
  return scope;
}

function asOfArg(a: Arg | undefined): string | null {
  if (blank(a)) return null;
  if (typeof a === 'number') {
    const iso = excelSerialToIso(a);
    if (iso) return iso;
  } else if (typeof a === 'string' && isIsoDate(a.trim())) return a.trim();
  throw new ArgumentError('asOf must be a date (an Excel date or YYYY-MM-DD text)');
}

function intArg(a: Arg | undefined, name: string, fallback: number, min: number, max: number): number {
  if (blank(a)) return fallback;
  const n = typeof a === 'number' ? a : typeof a === 'string' && /^\s*\d+\s*$/.test(a) ? Number(a) : NaN;
  if (!Number.isInteger(n) || n < min || n > max) throw new ArgumentError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

function oneOf<T extends string>(a: Arg | undefined, name: string, options: readonly T[], fallback: T): T {
  if (blank(a)) return fallback;
  const v = String(a).trim().toLowerCase();
  const hit = options.find((o) => o === v);
  if (!hit) throw new ArgumentError(`${name} must be one of ${options.join(', ')}`);
  return hit;
}

function boundariesArg(a: Arg | undefined): number[] {
  if (blank(a)) return [...DEFAULT_BOUNDARIES];
  const parts = String(a).split(',').map((p) => (/^\s*\d+\s*$/.test(p) ? Number(p) : p));
  const checked = checkBoundaries(parts);
  if (!checked.ok) throw new ArgumentError(`buckets: ${checked.message}`);
  return checked.value;
}

export function parseCall(fn: string, args: Arg[]): FunctionCall {
  const a = (i: number) => args[i];
  switch (fn.toUpperCase()) {
    case 'AGEING':
      return {
        fn: 'AGEING', scope: scopeArg(a(0)), bucket: blank(a(1)) ? null : String(a(1)).trim(), asOf: asOfArg(a(2)),
        basis: oneOf(a(3), 'basis', ['due', 'document'] as const, 'due'), boundaries: boundariesArg(a(4)),
      };
    case 'DSO':
      return {
        fn: 'DSO', scope: scopeArg(a(0)), method: oneOf(a(1), 'method', ['countback', 'standard', 'bpdso', 'add'] as const, 'countback'),
        asOf: asOfArg(a(2)), days: intArg(a(3), 'days', 90, 1, 730),
      };
    case 'CREDITSCORE':
    case 'SCOREDETAIL':
    case 'PAYINDEX':
      return { fn: fn.toUpperCase() as 'CREDITSCORE', scope: customerArg(a(0)), asOf: asOfArg(a(1)) };
    case 'BALANCE':
    case 'EXPOSURE':
    case 'HEADROOM':
      return { fn: fn.toUpperCase() as 'BALANCE', scope: scopeArg(a(0)), asOf: asOfArg(a(1)) };
    case 'OVERDUE':
      return { fn: 'OVERDUE', scope: scopeArg(a(0)), asOf: asOfArg(a(1)), minDays: intArg(a(2), 'minDays', 1, 1, 3650) };
    case 'CREDITLIMIT':
      return { fn: 'CREDITLIMIT', scope: scopeArg(a(0)) };
    case 'CEI':
      return { fn: 'CEI', scope: scopeArg(a(0)), months: intArg(a(1), 'months', 3, 1, 24), asOf: asOfArg(a(2)) };
    case 'ECL':
      return { fn: 'ECL', scope: scopeArg(a(0)), asOf: asOfArg(a(1)), matrix: blank(a(2)) ? null : String(a(2)) };
    case 'CUSTOMERS':
      return { fn: 'CUSTOMERS', scope: blank(a(0)) ? { kind: 'all', value: '' } : scopeArg(a(0)) };
    // Targets and performance (issue 8): a month as YYYY-MM text, or any date in it.
    case 'TARGET':
    case 'ACTUAL':
      return { fn: fn.toUpperCase() as 'TARGET', scope: scopeArg(a(0)), period: periodArg(a(1)), metric: oneOf(a(2), 'metric', TARGET_METRICS, 'collections') };
    // Cash-in forecast and roll rates (issue 12).
    case 'FORECAST':
      return { fn: 'FORECAST', scope: scopeArg(a(0)), week: forecastWeekArg(a(1)), asOf: asOfArg(a(2)) };
    case 'ROLLRATE':
      if (blank(a(1)) || blank(a(2))) throw new ArgumentError('fromBucket and toBucket are required: bucket labels such as Current or 1-30, or collected, written off, credited');
      return { fn: 'ROLLRATE', scope: scopeArg(a(0)), fromBucket: String(a(1)), toBucket: String(a(2)), month: blank(a(3)) ? null : periodArg(a(3)) };
    default:
      throw new ArgumentError(`unknown function ${fn}`);
  }
}

function periodArg(a: Arg | undefined): string {
  const text = typeof a === 'string' ? a.trim() : '';
  if (isPeriod(text)) return text;
  if (blank(a)) throw new ArgumentError('period is required: a month as YYYY-MM or a date in it');
  const date = typeof a === 'number' ? excelSerialToIso(a) : isIsoDate(text) ? text : null;
  if (date && isPeriod(date.slice(0, 7))) return date.slice(0, 7);
  throw new ArgumentError('period must be a month as YYYY-MM (2000-01 to 2099-12) or a date in it');
}

/** A week number (1–52), a date in the week (an Excel date or YYYY-MM-DD), or beyond, unscheduled, excluded, open. */
function forecastWeekArg(a: Arg | undefined): ForecastWeek {
  if (typeof a === 'number' && Number.isInteger(a) && a >= 1 && a <= FORECAST_WEEKS) return { kind: 'number', n: a };
  const text = typeof a === 'string' ? a.trim().toLowerCase() : '';
  if (/^\d+$/.test(text) && Number(text) >= 1 && Number(text) <= FORECAST_WEEKS) return { kind: 'number', n: Number(text) };
  if (text === 'beyond' || text === 'unscheduled' || text === 'excluded' || text === 'open') return { kind: 'column', column: text };
  const date = typeof a === 'number' && a > FORECAST_WEEKS ? excelSerialToIso(a) : isIsoDate(text) ? text : null;
  if (date) return { kind: 'date', date };
  throw new ArgumentError(`week must be a week number (1 to ${FORECAST_WEEKS}), a date in the week, or beyond, unscheduled, excluded, open`);
}
