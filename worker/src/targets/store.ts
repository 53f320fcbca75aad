/**
 * Targets SQL: the latest version of each target, every version, reopened periods, and the one write batch that adds
 * new versions (each asserting the version it was judged on) with their audit rows.
 */
import { keyText, type Judged, type TargetKey, type TargetScope } from '../../../shared/targets/judge';
import type { TargetMetric } from '../../../shared/targets/metrics';
import { auditStatement, bumpDataVersion } from '../queries/settings';

export interface TargetRow {
  period: string;
  scope_kind: TargetScope['kind'];
  scope_value: string;
  metric: TargetMetric;
  version: number;
  value: number;
  set_by: string;
  set_at: string;
}

const LATEST = `NOT EXISTS (SELECT 1 FROM targets n WHERE n.period = t.period AND n.scope_kind = t.scope_kind
  AND n.scope_value = t.scope_value AND n.metric = t.metric AND n.version > t.version)`;

/** Targets of the periods from..to (inclusive): the latest version of each, or every version. */
export async function targetsIn(db: D1Database, from: string, to: string, history = false): Promise<TargetRow[]> {
  const { results } = await db
    .prepare(
      `SELECT period, scope_kind, scope_value, metric, version, value, set_by, set_at FROM targets t
       WHERE period >= ?1 AND period <= ?2 ${history ? '' : `AND ${LATEST}`}
       ORDER BY period, scope_kind, scope_value, metric, version`,
    )
    .bind(from, to)
    .all<TargetRow>();
  return results;
}

export const rowKey = (r: TargetRow): string =>
  keyText({ period: r.period, scope: { kind: r.scope_kind, value: r.scope_value } as TargetScope, metric: r.metric });

/** The latest version of one target, or null. */
export async function latestTarget(db: D1Database, key: TargetKey): Promise<TargetRow | null> {
  return db
    .prepare(
      `SELECT period, scope_kind, scope_value, metric, version, value, set_by, set_at FROM targets
       WHERE period = ?1 AND scope_kind = ?2 AND scope_value = ?3 AND metric = ?4 ORDER BY version DESC LIMIT 1`,
    )
    .bind(key.period, key.scope.kind, key.scope.value, key.metric)
    .first<TargetRow>();
}

/** The collectors and verticals customers are assigned to: the only ones a target may name. */
export async function knownScopes(db: D1Database): Promise<{ collectors: string[]; verticals: string[] }> {
  const [collectors, verticals] = await db.batch<{ v: string }>([
    db.prepare("SELECT DISTINCT collector AS v FROM customers INDEXED BY customers_collector WHERE collector <> '' ORDER BY 1"),
    db.prepare("SELECT DISTINCT vertical AS v FROM customers INDEXED BY customers_vertical WHERE vertical <> '' ORDER BY 1"),
  ]);
  return { collectors: collectors!.results.map((r) => r.v), verticals: verticals!.results.map((r) => r.v) };
}

/** The latest date each period is reopened until. */
export async function reopenings(db: D1Database, periods: readonly string[]): Promise<Map<string, string>> {
  if (!periods.length) return new Map();
  const { results } = await db
    .prepare('SELECT period, MAX(until) AS until FROM target_period_reopenings WHERE period IN (SELECT value FROM json_each(?1)) GROUP BY period')
    .bind(JSON.stringify(periods))
    .all<{ period: string; until: string }>();
  return new Map(results.map((r) => [r.period, r.until]));
}

/** A precondition inside a batch: false breaks batch_assertions' CHECK and D1 rolls the whole batch back. */
function assertLatestVersion(db: D1Database, key: TargetKey, version: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO batch_assertions (what, ok) SELECT 'target version',
         (SELECT COALESCE(MAX(version), 0) FROM targets WHERE period = ?1 AND scope_kind = ?2 AND scope_value = ?3 AND metric = ?4) = ?5`,
    )
    .bind(key.period, key.scope.kind, key.scope.value, key.metric, version);
}

type Change = Extract<Judged, { status: 'created' | 'updated' }>;

/** New versions, each asserting the version it was judged on, audit rows with before/after, the data version: one batch. */
export function writeTargets(db: D1Database, changes: readonly Change[], userId: string, at: string): D1PreparedStatement[] {
  const scopeJson = (s: TargetScope) => (s.kind === 'all' ? '*' : `${s.kind}:${s.value}`);
  return [
    ...changes.flatMap((c) => [
      assertLatestVersion(db, c.key, c.version - 1),
      db
        .prepare('INSERT INTO targets (period, scope_kind, scope_value, metric, version, value, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)')
        .bind(c.key.period, c.key.scope.kind, c.key.scope.value, c.key.metric, c.version, c.value, userId, at),
      auditStatement(db, {
        at, userId, action: 'target.set', entity: 'target', entityId: keyText(c.key),
        before: c.before && { version: c.before.version, value: c.before.value },
        after: { period: c.key.period, scope: scopeJson(c.key.scope), metric: c.key.metric, version: c.version, value: c.value, periodState: c.periodState },
      }),
    ]),
    bumpDataVersion(db),
    db.prepare('DELETE FROM batch_assertions'),
  ];
}

export function reopenPeriod(db: D1Database, r: { period: string; until: string; reason: string; userId: string; at: string; before: string | null }): D1PreparedStatement[] {
  return [
    db
      .prepare('INSERT INTO target_period_reopenings (period, until, reason, reopened_by, reopened_at) VALUES (?1, ?2, ?3, ?4, ?5)')
      .bind(r.period, r.until, r.reason, r.userId, r.at),
    auditStatement(db, {
      at: r.at, userId: r.userId, action: 'target_period.reopen', entity: 'target_period', entityId: r.period,
      before: { state: 'closed', reopenedUntil: r.before }, after: { state: 'reopened', reopenedUntil: r.until, reason: r.reason },
    }),
  ];
}
