/**
 * Collection insights as of a date, against the previous month-end: reads ageing, DSO, credit scores, payments and
 * the credit limits in force on each date (not today's).
 */
import { DEFAULT_BOUNDARIES } from '../../../shared/analytics/ageing';
import { addMonths, endOfMonth } from '../../../shared/dates';
import { gradeMovers, type GradeSnapshot } from '../../../shared/forecast/grade-movers';
import { concentration, movers, overLimit, withoutHistory, type CustomerSnapshot } from '../../../shared/forecast/insights';
import type { Scope } from '../../../shared/scope';
import { ageing } from '../analytics/ageing';
import { dso } from '../analytics/dso';
import { metricsForMany } from '../analytics/metrics';
import { limitsAsOf } from '../queries/limits-as-of';
import type { LedgerState } from '../queries/settings';
import { paymentHistory } from './forecast-sql';

/** The month-end before the as-of date's month (an as-of date that is itself a month-end compares with the one before). */
export function previousMonthEnd(asOf: string): string {
  return endOfMonth(addMonths(asOf, -1));
}

/** Customer figures on a date, each with the credit limit in force on that date, and the credit score then. */
async function snapshots(db: D1Database, state: LedgerState, asOf: string, scope: Scope | undefined) {
  const customers = await limitsAsOf(db, asOf, scope);
  const limits = new Map(customers.map((c) => [c.id, c.credit_limit]));
  const [aged, dsos, metrics] = await Promise.all([
    ageing(db, state, { asOf, basis: 'due', boundaries: [...DEFAULT_BOUNDARIES], groupBy: 'customer', scope, check: false }),
    dso(db, state, { asOf, method: 'countback', days: 90, groupBy: 'customer', scope }),
    metricsForMany(db, customers, asOf),
  ]);
  const dsoOf = new Map(dsos.rows.map((r) => [r.key, r.dso.value]));
  const figures: CustomerSnapshot[] = aged.rows.map((r) => ({
    id: r.key, name: r.name, balance: r.total, overdue: r.amounts.slice(1).reduce((a, b) => a + b, 0),
    dso: dsoOf.get(r.key) ?? null, creditLimit: limits.get(r.key) ?? 0,
  }));
  const grades: GradeSnapshot[] = customers.map((c) => ({ id: c.id, name: c.name, score: metrics.get(c.id)!.score }));
  return { figures, grades };
}

export async function insights(db: D1Database, state: LedgerState, r: { asOf: string; top: number; scope?: Scope }) {
  const since = previousMonthEnd(r.asOf);
  const [now, before, history] = await Promise.all([
    snapshots(db, state, r.asOf, r.scope),
    snapshots(db, state, since, r.scope),
    paymentHistory(db, r.asOf),
  ]);
  const currency = state.currency;
  return {
    since,
    movers: movers(now.figures, new Map(before.figures.map((s) => [s.id, s])), since, r.top, currency),
    gradeMovers: gradeMovers(now.grades, new Map(before.grades.map((g) => [g.id, g])), since, r.top),
    concentration: concentration(now.figures, r.top, currency),
    overLimit: overLimit(now.figures, currency),
    withoutHistory: withoutHistory(now.figures, new Set(history.map((h) => h.customerId)), currency),
  };
}
