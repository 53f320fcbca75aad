// The "Team Performance" sheet: per collector (or vertical) and metric the target, actual, % achieved and whether it
// is met, the team ranking by mean % achieved, projections while the month runs, and one chart per collector of its
// % achieved by metric. Plain functions over the performance reply.
import { rankByAchievement } from '../../../shared/targets/ranking';
import { generatedAt } from '../reports/common';
import { FIELD, type Cell, type ChartSpec, type Column, type SheetPlan } from '../reports/sheet-plan';
import type { PerformanceReply } from './api';

export const PERFORMANCE_REPORT = 'Team Performance';
export const PERFORMANCE_SHEET = 'Team Performance';
export const PERFORMANCE_TABLE = 'TeamPerformance';

const pct = (v: number | null | undefined): number | null => (v === null || v === undefined ? null : v / 100);
const metText = (met: boolean | null) => (met === null ? null : met ? 'yes' : 'no');

export function performanceSheet(reply: PerformanceReply, now: Date): SheetPlan {
  const keys = [...new Set(reply.rows.map((r) => r.key))];
  const ranks = new Map(rankByAchievement(keys.map((k) => ({ key: k, achieved: reply.rows.filter((r) => r.key === k).map((r) => r.achievedPct) }))).map((r) => [r.key, r]));
  const order = [...keys].sort((a, b) => (ranks.get(a)!.rank ?? Infinity) - (ranks.get(b)!.rank ?? Infinity) || a.localeCompare(b));
  const open = !reply.complete && reply.asOf !== null;
  const heading = reply.groupBy === 'collector' ? 'Collector' : 'Vertical';
  const columns: Column[] = [
    { header: heading, kind: 'text' },
    { header: 'Rank', kind: 'integer' },
    { header: 'Score (mean % achieved)', kind: 'percent' },
    { header: 'Metric', kind: 'text' },
    { header: 'Target', kind: 'money' },
    { header: 'Actual', kind: 'money' },
    { header: '% achieved', kind: 'percent' },
    { header: 'Met', kind: 'text' },
    ...(open ? [{ header: 'Projection', kind: 'money' as const }, { header: 'Projected %', kind: 'percent' as const }] : []),
    { header: 'Note', kind: 'text' },
  ];
  const rows: Cell[][] = order.flatMap((k) =>
    reply.rows
      .filter((r) => r.key === k)
      .map((r) => [
        k, ranks.get(k)!.rank, pct(ranks.get(k)!.score), r.metric, r.target, r.actual, pct(r.achievedPct), metText(r.met),
        ...(open ? [r.projection ?? null, pct(r.projectedPct)] : []),
        r.reason ?? null,
      ]),
  );
  const charts: ChartSpec[] = order.map((k) => ({
    name: `${k} achievement`.slice(0, 31),
    type: 'ColumnClustered',
    title: `${k}: % achieved by metric`,
    columns: [{ header: `${k} metric`, kind: 'text' }, { header: '% achieved', kind: 'percent' }],
    rows: reply.rows.filter((r) => r.key === k).map((r) => [r.metric, pct(r.achievedPct)]),
  }));
  return {
    report: PERFORMANCE_REPORT,
    sheetName: PERFORMANCE_SHEET,
    tableName: PERFORMANCE_TABLE,
    title: `Team performance against targets, ${reply.period}`,
    currency: reply.currency,
    fields: [
      { label: 'Period', value: reply.period, kind: 'text' },
      { label: FIELD.asOf, value: reply.asOf ?? 'not started', kind: 'text' },
      { label: 'Month', value: reply.complete ? 'complete' : reply.asOf ? `to date (${reply.daysElapsed} of ${reply.daysInPeriod} days)` : 'not started', kind: 'text' },
      { label: 'Period state', value: reply.state, kind: 'text' },
      { label: 'Currency', value: reply.currency, kind: 'text' },
      { label: FIELD.dataVersion, value: reply.dataVersion, kind: 'integer' },
      { label: FIELD.generated, value: generatedAt(now), kind: 'text' },
    ],
    note: {
      text: '% achieved: collections and promises kept rate actual ÷ target; DSO and overdue over 60 days (less is better) target ÷ actual. 100% is on target, more is better. Rank: mean % achieved over the metrics with a target.',
      tone: 'plain',
    },
    columns,
    rows,
    charts,
  };
}
