/**
 * AR.TARGET and AR.ACTUAL for the batch endpoint: a batch of a manager's grid (collectors × months × metrics) loads
 * each month's targets once and each month's actuals once per grouping, whatever the number of cells.
 */
import type { Figure } from '../../../shared/analytics/numbers';
import { toDecimal } from '../../../shared/money';
import { formatScope, type Scope } from '../../../shared/scope';
import { targetValue, UNIT, type TargetMetric } from '../../../shared/targets/metrics';
import { periodWindow } from '../../../shared/targets/periods';
import type { LedgerState } from '../queries/settings';
import { actualsBy, type Actuals, type TargetGroupBy } from './actuals';
import { targetsIn, type TargetRow } from './store';

export interface TargetCall {
  scope: Scope;
  period: string;
  metric: TargetMetric;
}

export class TargetFigures {
  private memo = new Map<string, Promise<unknown>>();
  constructor(private readonly db: D1Database, private readonly state: LedgerState, private readonly today: string) {}

  private once<T>(key: string, load: () => Promise<T>): Promise<T> {
    if (!this.memo.has(key)) this.memo.set(key, load());
    return this.memo.get(key) as Promise<T>;
  }

  /** The latest target of a collector, a vertical or the whole portfolio (*). */
  async target(c: TargetCall): Promise<Figure> {
    if (c.scope.kind !== 'collector' && c.scope.kind !== 'vertical' && c.scope.kind !== 'all') {
      return { value: null, reason: 'targets are set for a collector, a vertical or * (the whole portfolio)' };
    }
    const rows = await this.once(`targets|${c.period}`, () => targetsIn(this.db, c.period, c.period));
    const hit = rows.find((r: TargetRow) => r.scope_kind === c.scope.kind && r.scope_value === c.scope.value && r.metric === c.metric);
    if (!hit) return { value: null, reason: `no ${c.metric} target for ${formatScope(c.scope)} in ${c.period}` };
    return { value: targetValue(c.metric, hit.value, this.state.currency) };
  }

  /** The actual of any scope: a collector's or vertical's from the month's grouped figures, others on their own. */
  async actual(c: TargetCall): Promise<Figure> {
    const w = periodWindow(c.period, this.today);
    const grouped = c.scope.kind === 'collector' || c.scope.kind === 'vertical' || c.scope.kind === 'all';
    const groupBy: TargetGroupBy = grouped ? (c.scope.kind as TargetGroupBy) : 'all';
    const key = grouped ? (c.scope.kind === 'all' ? 'all' : c.scope.value) : 'all';
    const all = await this.once(`actuals|${c.period}|${grouped ? groupBy : formatScope(c.scope)}`, async () => {
      if (grouped && groupBy !== 'all') {
        const { results } = await this.db.prepare(`SELECT DISTINCT ${groupBy} AS k FROM customers`).all<{ k: string }>();
        return actualsBy(this.db, this.state, w, groupBy, results.map((r) => r.k));
      }
      return actualsBy(this.db, this.state, w, 'all', ['all'], grouped ? undefined : c.scope);
    });
    const a = (all as Map<string, Actuals>).get(key)?.[c.metric];
    if (!a) return { value: null, reason: `no customers in ${formatScope(c.scope)}` };
    if (a.value === null) return a;
    return { value: UNIT[c.metric] === 'money' ? toDecimal(a.value, this.state.currency) : a.value };
  }
}
