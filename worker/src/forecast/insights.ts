/** Collection insights as of a date, against the previous month-end: reads ageing, DSO, limits and payments. */
import { DEFAULT_BOUNDARIES } from '../../../shared/analytics/ageing';
import { addMonths, endOfMonth } from '../../../shared/dates';
import { concentration, movers, overLimit, withoutHistory, type CustomerSnapshot } from '../../../shared/forecast/insights';
import type { Scope } from '../../../shared/scope';
import { ageing } from '../analytics/ageing';
import { dso } from '../analytics/dso';
import { scopeValue, scopeWhere } from '../analytics/scope-sql';
import type { LedgerState } from '../queries/settings';
import { paymentHistory } from './forecast-sql';

/** The month-end before the as-of date's month (an as-of date that is itself a month-end compares with the one before). */
export function previousMonthEnd(asOf: string): string {
  return endOfMonth(addMonths(asOf, -1));
}

async function snapshots(db: D1Database, state: LedgerState, asOf: string, scope: Scope | undefined, limits: Map<string, number>): Promise<CustomerSnapshot[]> {
  const [aged, dsos] = await Promise.all([
    ageing(db, state, { asOf, basis: 'due', boundaries: [...DEFAULT_BOUNDARIES], groupBy: 'customer', scope, check: false }),
    dso(db, state, { asOf, method: 'countback', days: 90, groupBy: 'customer', scope }),
  ]);
  const dsoOf = new Map(dsos.rows.map((r) => [r.key, r.dso.value]));
  return aged.rows.map((r) => ({
    id: r.key, name: r.name, balance: r.total, overdue: r.amounts.slice(1).reduce((a, b) => a + b, 0),
    dso: dsoOf.get(r.key) ?? null, creditLimit: limits.get(r.key) ?? 0,
  }));
}

export async function insights(db: D1Database, state: LedgerState, r: { asOf: string; top: number; scope?: Scope }) {
  const since = previousMonthEnd(r.asOf);
  const { results } = await db
    .prepare(`SELECT c.id, c.credit_limit FROM customers c WHERE ${scopeWhere(r.scope)}`)
    .bind(...Array(8).fill(null), scopeValue(r.scope))
    .all<{ id: string; credit_limit: number }>();
  const limits = new Map(results.map((c) => [c.id, c.credit_limit]));
  const [now, before, history] = await Promise.all([
    snapshots(db, state, r.asOf, r.scope, limits),
    snapshots(db, state, since, r.scope, limits),
    paymentHistory(db, r.asOf),
  ]);
  const currency = state.currency;
  return {
    since,
    movers: movers(now, new Map(before.map((s) => [s.id, s])), since, r.top, currency),
    concentration: concentration(now, r.top, currency),
    overLimit: overLimit(now, currency),
    withoutHistory: withoutHistory(now, new Set(history.map((h) => h.customerId)), currency),
  };
}
