/**
 * One submitted target row judged against what is stored: rejected (why), unchanged (the same value is already
 * the latest version), or a new version. Pure: the Worker supplies what it read and writes what this decides.
 */
import type { IsoDate } from '../dates';
import { isTargetMetric, parseTargetValue, type TargetMetric } from './metrics';
import { isPeriod, periodState, type PeriodState } from './periods';

export interface TargetInput {
  period: string;
  collector?: string;
  vertical?: string;
  metric: string;
  value: string | number;
}

export type TargetScope = { kind: 'collector' | 'vertical'; value: string } | { kind: 'all'; value: '' };

export interface TargetKey {
  period: string;
  scope: TargetScope;
  metric: TargetMetric;
}

export const keyText = (k: TargetKey): string => `${k.period}|${k.scope.kind}:${k.scope.value}|${k.metric}`;

export interface Stored {
  version: number;
  value: number;
}

export interface JudgeContext {
  currency: string;
  today: IsoDate;
  collectors: ReadonlySet<string>;
  verticals: ReadonlySet<string>;
  /** The latest stored version of each key (keyText). */
  latest: ReadonlyMap<string, Stored>;
  /** The date each period is reopened until, when an admin reopened it. */
  reopenedUntil: ReadonlyMap<string, IsoDate>;
}

export type Judged =
  | { status: 'rejected'; reason: string; key: TargetKey | null }
  | { status: 'unchanged'; key: TargetKey; version: number; value: number }
  | { status: 'created' | 'updated'; key: TargetKey; version: number; value: number; before: Stored | null; periodState: PeriodState };

export function scopeOf(row: Pick<TargetInput, 'collector' | 'vertical'>): TargetScope | string {
  const collector = row.collector?.trim() ?? '';
  const vertical = row.vertical?.trim() ?? '';
  if (collector && vertical) return 'give a collector or a vertical, not both (a target is for one collector, one vertical, or the whole portfolio when neither is given)';
  if (collector) return collector === '*' ? { kind: 'all', value: '' } : { kind: 'collector', value: collector };
  if (vertical) return vertical === '*' ? { kind: 'all', value: '' } : { kind: 'vertical', value: vertical };
  return { kind: 'all', value: '' };
}

/**
 * Judges the rows of one submission in order. A later row for the same target as an earlier valid row is refused;
 * a row refused for its own content claims nothing, so a corrected row after it is judged on its own.
 */
export function judgeTargets(rows: readonly TargetInput[], ctx: JudgeContext): Judged[] {
  const seen = new Map<string, number>();
  return rows.map((row, index) => judgeOne(row, ctx, seen, index));
}

function judgeOne(row: TargetInput, ctx: JudgeContext, seen: Map<string, number>, index: number): Judged {
  const reject = (reason: string, key: TargetKey | null = null): Judged => ({ status: 'rejected', reason, key });
  const period = row.period.trim();
  if (!isPeriod(period)) return reject(`period "${row.period}" must be a month as YYYY-MM (2000-01 to 2099-12)`);
  const metric = row.metric.trim().toLowerCase();
  if (!isTargetMetric(metric)) return reject(`metric "${row.metric}" must be one of collections, dso, overdue_over_60, promises_kept_rate`);
  const scope = scopeOf(row);
  if (typeof scope === 'string') return reject(scope);
  if (scope.kind === 'collector' && !ctx.collectors.has(scope.value)) return reject(`unknown collector "${scope.value}": no customer has this collector`);
  if (scope.kind === 'vertical' && !ctx.verticals.has(scope.value)) return reject(`unknown vertical "${scope.value}": no customer is in this vertical`);
  const key: TargetKey = { period, scope, metric };
  const value = parseTargetValue(metric, row.value, ctx.currency);
  if (!value.ok) return reject(value.message, key);
  const k = keyText(key);
  const earlier = seen.get(k);
  if (earlier !== undefined) return reject(`the same target as row ${earlier + 1} of this submission`, key);
  seen.set(k, index);
  const before = ctx.latest.get(k) ?? null;
  if (before && before.value === value.value) return { status: 'unchanged', key, version: before.version, value: value.value };
  const state = periodState(period, ctx.today, ctx.reopenedUntil.get(period) ?? null);
  if (state === 'closed') return reject(`period ${period} is closed (its month has ended); an admin can reopen it`, key);
  return { status: before ? 'updated' : 'created', key, version: (before?.version ?? 0) + 1, value: value.value, before, periodState: state };
}
