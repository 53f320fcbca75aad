/**
 * The actuals a target is measured against, per collector, vertical or for one scope, for a period's window:
 * collections from the payments of the period, DSO (countback) and the balance more than 60 days past due as of the
 * window's date (the period end once over, today while it runs), and the promises kept rate when promises exist.
 * Reuses the DSO and ageing queries of worker/src/analytics.
 */
import type { Figure } from '../../../shared/analytics/numbers';
import type { GroupBy, Scope } from '../../../shared/scope';
import type { TargetMetric } from '../../../shared/targets/metrics';
import type { PeriodWindow } from '../../../shared/targets/periods';
import { ageing } from '../analytics/ageing';
import { dso } from '../analytics/dso';
import { scopeValue } from '../analytics/scope-sql';
import { promiseStates } from '../collections/promises';
import type { LedgerState } from '../queries/settings';
import { collectionsSql } from './collections-sql';

/** An actual in its metric's unit: money in minor units, DSO in days, the kept rate in percent; null with a reason. */
export type Actual = Figure;
export type Actuals = Record<TargetMetric, Actual>;
export type TargetGroupBy = Extract<GroupBy, 'collector' | 'vertical' | 'all'>;

const OVER_60 = [60]; // buckets Current, 1-60, 61+: the last is "more than 60 days past due"
export const NO_PROMISES = 'no promises recorded yet';

/** Actuals per group key (every key asked for gets all four metrics). */
export async function actualsBy(db: D1Database, state: LedgerState, w: PeriodWindow, groupBy: TargetGroupBy, keys: readonly string[], scope?: Scope): Promise<Map<string, Actuals>> {
  const out = new Map<string, Actuals>();
  if (w.asOf === null) {
    const none = { value: null, reason: `period ${w.period} has not started` } as const;
    for (const k of keys) out.set(k, { collections: none, dso: none, overdue_over_60: none, promises_kept_rate: none });
    return out;
  }
  const asOf = w.asOf;
  const [collected, dsoResult, aged, kept] = await Promise.all([
    db.prepare(collectionsSql(groupBy, scope)).bind(w.start, asOf, ...Array(6).fill(null), scopeValue(scope)).all<{ key: string; amount: number }>(),
    dso(db, state, { asOf, method: 'countback', days: 90, groupBy, scope }),
    ageing(db, state, { asOf, basis: 'due', boundaries: OVER_60, groupBy, scope, check: false }),
    promisesKept(db, w, groupBy, scope),
  ]);
  const collections = new Map(collected.results.map((r) => [String(r.key), Number(r.amount)]));
  const dsoOf = new Map(dsoResult.rows.map((r) => [r.key, r.dso]));
  const overdue = new Map(aged.rows.map((r) => [r.key, r.amounts[2]!]));
  for (const k of keys) {
    out.set(k, {
      collections: { value: collections.get(k) ?? 0 },
      dso: dsoOf.get(k) ?? { value: null, reason: 'no receivables and no sales in the 24 months to the date' },
      overdue_over_60: { value: overdue.get(k) ?? 0 },
      promises_kept_rate: kept === null ? { value: null, reason: NO_PROMISES } : (kept.get(k) ?? { value: null, reason: `no promises fell due in ${w.period} up to ${asOf}` }),
    });
  }
  return out;
}

async function hasPromises(db: D1Database): Promise<boolean> {
  const row = await db.prepare("SELECT 1 AS x FROM sqlite_master WHERE type = 'table' AND name = 'promises'").first();
  return row !== null;
}

/**
 * Promises that fell due in the window (promised date from the period start to the as-of date, not cancelled):
 * kept ÷ those decided (kept, partly kept, broken) × 100, by count; a promise due on the as-of date and not yet paid
 * is still open and not counted. Null when the promises table does not exist.
 */
async function promisesKept(db: D1Database, w: PeriodWindow, groupBy: TargetGroupBy, scope?: Scope): Promise<Map<string, Figure> | null> {
  if (!(await hasPromises(db))) return null;
  const asOf = w.asOf!;
  const [states, customers] = await Promise.all([
    promiseStates(db, { asOf }),
    db.prepare('SELECT id, vertical, region, collector FROM customers').all<{ id: string; vertical: string; region: string; collector: string }>(),
  ]);
  const byId = new Map(customers.results.map((c) => [c.id, c]));
  const inScope = (c: { id: string; vertical: string; region: string; collector: string }) =>
    !scope || scope.kind === 'all' || (scope.kind === 'customer' ? c.id === scope.value : c[scope.kind] === scope.value);
  const tally = new Map<string, { kept: number; decided: number }>();
  for (const p of states) {
    const c = byId.get(p.customerId);
    if (!c || !inScope(c) || p.promisedDate < w.start || p.promisedDate > asOf || p.state === 'open') continue;
    const key = groupBy === 'all' ? 'all' : c[groupBy];
    const t = tally.get(key) ?? { kept: 0, decided: 0 };
    t.decided += 1;
    if (p.state === 'kept') t.kept += 1;
    tally.set(key, t);
  }
  return new Map([...tally].map(([k, t]) => [k, { value: (t.kept / t.decided) * 100 }]));
}
