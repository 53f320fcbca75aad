/** Collection targets (versions, closed periods, reopening) and team performance against them. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { addDays } from '../../../shared/dates';
import { judgeTargets, type Judged, type TargetScope } from '../../../shared/targets/judge';
import { targetValue } from '../../../shared/targets/metrics';
import { periodEnd, periodOf, periodsBetween, periodState, periodWindow } from '../../../shared/targets/periods';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { isFailedAssertion } from '../queries/credit';
import { ledgerState } from '../queries/settings';
import { teamPerformance } from '../targets/performance';
import { knownScopes, reopenings, reopenPeriod, rowKey, targetsIn, writeTargets, type TargetRow } from '../targets/store';
import * as routes from './targets.routes';

/** The server's calendar day (UTC): periods close after their month end by this clock. */
export const today = (): string => new Date().toISOString().slice(0, 10);

const scopeFields = (s: TargetScope | null | undefined) => ({
  collector: s?.kind === 'collector' ? s.value : null,
  vertical: s?.kind === 'vertical' ? s.value : null,
});

/** A change judged on a version other than the one the caller read is rejected, as limit decisions are. */
function staleRow(j: Judged, read: number | undefined): Judged {
  if (read === undefined || (j.status !== 'created' && j.status !== 'updated') || j.version - 1 === read) return j;
  return { status: 'rejected', key: j.key, reason: `stale: the target is at version ${j.version - 1}, you read ${read}; reload it` };
}

export const targets = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.putTargets, async (c) => {
    const rows = c.req.valid('json').targets;
    const db = c.env.DB;
    const principal = c.get('principal');
    const now = today();
    const periods = [...new Set(rows.map((r) => r.period.trim()))].filter((p) => /^\d{4}-\d{2}$/.test(p)).sort();
    const [state, scopes, reopened, stored] = await Promise.all([
      ledgerState(db),
      knownScopes(db),
      reopenings(db, periods),
      periods.length ? targetsIn(db, periods[0]!, periods.at(-1)!) : Promise.resolve([] as TargetRow[]),
    ]);
    const judged = judgeTargets(rows, {
      currency: state.currency, today: now, collectors: new Set(scopes.collectors), verticals: new Set(scopes.verticals),
      latest: new Map(stored.map((r) => [rowKey(r), { version: r.version, value: r.value }])), reopenedUntil: reopened,
    }).map((j, i) => staleRow(j, rows[i]!.version));
    const changes = judged.filter((j): j is Extract<Judged, { status: 'created' | 'updated' }> => j.status === 'created' || j.status === 'updated');
    if (changes.length) {
      try {
        await db.batch(writeTargets(db, changes, principal.userId, new Date().toISOString()));
      } catch (err) {
        if (!isFailedAssertion(err)) throw err;
        throw new AppError('conflict', 'targets changed while these were being saved (another submission came first); nothing was written: submit again');
      }
    }
    return c.json({
      results: judged.map((j, index) => ({
        index, period: rows[index]!.period, ...scopeFields(j.key?.scope), metric: j.key?.metric ?? rows[index]!.metric, status: j.status,
        ...(j.status === 'rejected' ? { reason: j.reason } : { version: j.version }),
      })),
    }, 200);
  })
  .openapi(routes.getTargets, async (c) => {
    const q = c.req.valid('query');
    const db = c.env.DB;
    const from = q.from ?? periodOf(today());
    const to = q.to ?? from;
    const periods = periodsBetween(from, to);
    if (!periods) throw new AppError('bad_request', `from ${from} to ${to}: to must not precede from, and at most 36 months`);
    const [state, scopes, reopened, items] = await Promise.all([ledgerState(db), knownScopes(db), reopenings(db, periods), targetsIn(db, from, to, q.history === 'true')]);
    const now = today();
    return c.json({
      from, to, currency: state.currency,
      periods: periods.map((p) => ({ period: p, state: periodState(p, now, reopened.get(p) ?? null), reopenedUntil: reopened.get(p) ?? null })),
      ...scopes,
      items: items.map((r) => ({
        period: r.period, ...scopeFields({ kind: r.scope_kind, value: r.scope_value } as TargetScope), metric: r.metric,
        value: targetValue(r.metric, r.value, state.currency), version: r.version, setBy: r.set_by, setAt: r.set_at,
      })),
    }, 200);
  })
  .openapi(routes.reopenPeriodRoute, async (c) => {
    const { period } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.env.DB;
    const now = today();
    const until = body.until ?? addDays(now, 7);
    if (until < now || until > addDays(now, 90)) throw new AppError('validation_failed', `until ${until}: from today (${now}) to 90 days ahead`, [{ path: 'json.until', message: 'from today to 90 days ahead' }]);
    if (now <= periodEnd(period)) throw new AppError('conflict', `period ${period} is still open (until ${periodEnd(period)}); nothing to reopen`);
    const before = (await reopenings(db, [period])).get(period) ?? null;
    const at = new Date().toISOString();
    const userId = c.get('principal').userId;
    await db.batch(reopenPeriod(db, { period, until, reason: body.reason, userId, at, before }));
    return c.json({ period, state: periodState(period, now, until), reopenedUntil: until, reason: body.reason, reopenedBy: userId, reopenedAt: at }, 200);
  })
  .openapi(routes.performance, async (c) => {
    const q = c.req.valid('query');
    const db = c.env.DB;
    const now = today();
    const period = q.period ?? periodOf(now);
    const [state, scopes, reopened] = await Promise.all([ledgerState(db), knownScopes(db), reopenings(db, [period])]);
    const w = periodWindow(period, now);
    const groups = q.groupBy === 'collector' ? scopes.collectors : scopes.verticals;
    const { rows, total } = await teamPerformance(db, state, w, q.groupBy, groups);
    return c.json({
      period, groupBy: q.groupBy, currency: state.currency, state: periodState(period, now, reopened.get(period) ?? null),
      asOf: w.asOf, complete: w.complete, daysElapsed: w.daysElapsed, daysInPeriod: w.daysInPeriod, dataVersion: state.dataVersion, rows, total,
    }, 200);
  });

