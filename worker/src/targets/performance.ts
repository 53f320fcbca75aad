/** Team performance for a month: each group's target, actual and % achieved per metric, with projections while it runs. */
import { roundForDisplay } from '../../../shared/analytics/numbers';
import { toDecimal } from '../../../shared/money';
import { achievement, projectCollections } from '../../../shared/targets/achievement';
import { TARGET_METRICS, UNIT, type TargetMetric } from '../../../shared/targets/metrics';
import type { PeriodWindow } from '../../../shared/targets/periods';
import type { LedgerState } from '../queries/settings';
import { actualsBy, type Actual, type TargetGroupBy } from './actuals';
import { targetsIn, type TargetRow } from './store';

export interface PerformanceLine {
  key: string;
  metric: TargetMetric;
  target: number | null;
  targetVersion: number | null;
  actual: number | null;
  achievedPct: number | null;
  met: boolean | null;
  reason?: string;
  projection?: number | null;
  projectedPct?: number | null;
}

/** A stored target in the unit its actual is computed in: minor units for money, days or percent otherwise. */
const targetInActualUnit = (metric: TargetMetric, stored: number) => (UNIT[metric] === 'money' ? stored : stored / 100);

export function line(key: string, metric: TargetMetric, target: TargetRow | undefined, actual: Actual, w: PeriodWindow, currency: string): PerformanceLine {
  const t = target ? targetInActualUnit(metric, target.value) : null;
  const a = achievement(metric, t, actual.value, actual.reason);
  const show = (v: number | null) => (v === null ? null : UNIT[metric] === 'money' ? toDecimal(v, currency) : roundForDisplay(v, 2));
  const out: PerformanceLine = {
    key, metric, target: show(t), targetVersion: target?.version ?? null, actual: show(actual.value), achievedPct: a.achievedPct, met: a.met,
    ...(a.reason ? { reason: actual.value === null ? actual.reason : a.reason } : {}),
  };
  if (!w.complete && w.asOf !== null) {
    // Collections accumulate through the month: project the run rate; the others are positions, so the projection is the figure now.
    const projected = actual.value === null ? null : metric === 'collections' ? projectCollections(actual.value, w) : actual.value;
    out.projection = show(projected);
    out.projectedPct = achievement(metric, t, projected).achievedPct;
  }
  return out;
}

export async function teamPerformance(db: D1Database, state: LedgerState, w: PeriodWindow, groupBy: 'collector' | 'vertical', groups: readonly string[]) {
  const targets = await targetsIn(db, w.period, w.period);
  const find = (kind: TargetRow['scope_kind'], value: string, metric: TargetMetric) => targets.find((t) => t.scope_kind === kind && t.scope_value === value && t.metric === metric);
  const [byGroup, whole] = await Promise.all([actualsBy(db, state, w, groupBy, groups), actualsBy(db, state, w, 'all' as TargetGroupBy, ['all'])]);
  const rows = groups.flatMap((g) => TARGET_METRICS.map((m) => line(g, m, find(groupBy, g, m), byGroup.get(g)![m], w, state.currency)));
  const total = TARGET_METRICS.map((m) => {
    const { key: _key, ...rest } = line('*', m, find('all', '', m), whole.get('all')![m], w, state.currency);
    return rest;
  });
  return { rows, total };
}
