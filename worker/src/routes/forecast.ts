import { OpenAPIHono } from '@hono/zod-openapi';
import { reconciliationGap, type ForecastRow } from '../../../shared/forecast/forecast';
import { bucketSet } from '../../../shared/analytics/ageing';
import { addMonths, endOfMonth } from '../../../shared/dates';
import { monthEnds, rollRates as rollRateShares, sumRollLines, type RollLine } from '../../../shared/forecast/roll-rates';
import { toDecimal } from '../../../shared/money';
import type { GroupBy, Scope } from '../../../shared/scope';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { cashInForecast, type ForecastGroupBy } from '../forecast/forecast';
import { rollLines } from '../forecast/roll-rates-sql';
import { insights } from '../forecast/insights';
import { ledgerState } from '../queries/settings';
import { resolveAsOf } from './analytics';
import * as routes from './forecast.routes';

export const forecast = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(routes.forecast, async (c) => {
  const q = c.req.valid('query');
  const state = await ledgerState(c.env.DB);
  const asOf = resolveAsOf(q.asOf, state);
  const r = await cashInForecast(c.env.DB, state, { asOf, weeks: q.weeks, groupBy: q.groupBy as ForecastGroupBy, scope: q.scope as Scope | undefined, method: q.method });
  const money = (m: number) => toDecimal(m, state.currency);
  const line = (l: ForecastRow) => ({ amounts: l.amounts.map(money), beyond: money(l.beyond), unscheduled: money(l.unscheduled), excluded: money(l.excluded), open: money(l.open) });
  return c.json(
    {
      asOf,
      currency: state.currency,
      method: q.method,
      weeks: r.weeks,
      rows: r.rows.map((row) => ({
        key: row.key, name: row.name, ...line(row), ...(row.delay ? { delay: row.delay } : {}), ...(row.paymentRun !== undefined ? { paymentRun: row.paymentRun } : {}),
      })),
      totals: line(r.totals),
      exclusions: r.exclusions.map((e) => ({ ...e, amount: money(e.amount) })),
      check: { reconciled: [...r.rows, r.totals].every((row) => reconciliationGap(row) === 0) },
    },
    200,
  );
}).openapi(routes.rollRates, async (c) => {
  const q = c.req.valid('query');
  const state = await ledgerState(c.env.DB);
  const data = state.dataDate ?? new Date().toISOString().slice(0, 10);
  const to = q.to ? endOfMonth(`${q.to.slice(0, 7)}-01`) : endOfMonth(data) === data ? data : endOfMonth(addMonths(data, -1));
  const from = q.from ? endOfMonth(`${q.from.slice(0, 7)}-01`) : endOfMonth(addMonths(to, -3));
  const ends = monthEnds(from, to);
  if (ends.length < 2) throw new AppError('bad_request', 'from must be a month before to', [{ path: 'query.from', message: `${from} is not before ${to}` }]);
  if (ends.length > 37) throw new AppError('bad_request', 'at most 36 periods', [{ path: 'query.from', message: `${ends.length - 1} periods from ${from} to ${to}` }]);
  const buckets = bucketSet(q.buckets, 'due');
  const money = (m: number) => toDecimal(m, state.currency);
  const shape = (lines: RollLine[]) => lines.map((l, i) => ({
    bucket: buckets[i]!.label, opening: money(l.opening), rolledTo: l.rolledTo.map(money), collected: money(l.collected),
    writtenOff: money(l.writtenOff), credited: money(l.credited), rates: rollRateShares(l),
  }));
  const periods = [];
  for (let i = 0; i + 1 < ends.length; i++) {
    const byKey = await rollLines(c.env.DB, buckets, q.groupBy as GroupBy, q.scope as Scope | undefined, ends[i]!, ends[i + 1]!);
    const totals = sumRollLines([...byKey.values()], buckets.length);
    periods.push({ from: ends[i]!, to: ends[i + 1]!, rows: [...byKey.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, lines]) => ({ key, lines: shape(lines) })), totals: shape(totals) });
  }
  return c.json({ from, to, currency: state.currency, buckets: buckets.map((b) => b.label), periods }, 200);
}).openapi(routes.insights, async (c) => {
  const q = c.req.valid('query');
  const state = await ledgerState(c.env.DB);
  const asOf = resolveAsOf(q.asOf, state);
  const r = await insights(c.env.DB, state, { asOf, top: q.top, scope: q.scope as Scope | undefined });
  const money = (m: number) => toDecimal(m, state.currency);
  const round1 = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);
  return c.json({
    asOf, since: r.since, currency: state.currency,
    movers: r.movers.map((m) => ({
      ...m, overdue: { before: money(m.overdue.before), now: money(m.overdue.now) },
      dso: { before: round1(m.dso.before), now: round1(m.dso.now) },
      utilisation: { before: round1(m.utilisation.before), now: round1(m.utilisation.now) },
    })),
    gradeMovers: r.gradeMovers,
    concentration: {
      ...r.concentration, total: money(r.concentration.total), topBalance: money(r.concentration.topBalance),
      customers: r.concentration.customers.map((x) => ({ ...x, balance: money(x.balance) })),
    },
    overLimit: r.overLimit.map((o) => ({ ...o, balance: money(o.balance), creditLimit: money(o.creditLimit), over: money(o.over) })),
    withoutHistory: r.withoutHistory.map((w) => ({ ...w, balance: money(w.balance) })),
  }, 200);
});
