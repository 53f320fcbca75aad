import { OpenAPIHono } from '@hono/zod-openapi';
import type { AgeingBasis } from '../../../shared/analytics/ageing';
import { daysBetween } from '../../../shared/dates';
import { toDecimal } from '../../../shared/money';
import type { GroupBy, Scope } from '../../../shared/scope';
import { ageing, openItems } from '../analytics/ageing';
import { collectionEffectiveness, dso, type DsoLine, type DsoMethod } from '../analytics/dso';
import { roundForDisplay, type Figure } from '../../../shared/analytics/numbers';
import { disputedByGroup } from '../collections/ageing-disputes';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { metricsFor } from '../analytics/metrics';
import { getCustomer } from '../queries/ledger';
import { ledgerState, type LedgerState } from '../queries/settings';
import * as routes from './analytics.routes';

/** The as-of date asked for, or the ledger's data date (today when the ledger is empty). */
export function resolveAsOf(asOf: string | undefined, state: LedgerState): string {
  return asOf ?? state.dataDate ?? new Date().toISOString().slice(0, 10);
}

export const analytics = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.ageing, async (c) => {
    const q = c.req.valid('query');
    const state = await ledgerState(c.env.DB);
    const asOf = resolveAsOf(q.asOf, state);
    const basis = q.basis as AgeingBasis;
    const scope = q.scope as Scope | undefined;
    const [r, disputed] = await Promise.all([
      ageing(c.env.DB, state, { asOf, basis, boundaries: q.buckets, groupBy: q.groupBy as GroupBy, scope }),
      disputedByGroup(c.env.DB, asOf, q.groupBy as GroupBy, scope),
    ]);
    const money = (m: number) => toDecimal(m, state.currency);
    const held = [...disputed.values()].reduce((t, d) => ({ disputed: t.disputed + d.disputed, disputedOverdue: t.disputedOverdue + d.disputedOverdue }), { disputed: 0, disputedOverdue: 0 });
    // On the due basis every bucket after Current is past due; collectible = past due − its disputed part.
    const line = (l: { amounts: number[]; unapplied: number; total: number }, d = { disputed: 0, disputedOverdue: 0 }) => ({
      amounts: l.amounts.map(money),
      unapplied: money(l.unapplied),
      total: money(l.total),
      disputed: money(d.disputed),
      collectibleOverdue: basis === 'due' ? money(l.amounts.slice(1).reduce((a, b) => a + b, 0) - d.disputedOverdue) : null,
    });
    return c.json(
      {
        asOf,
        basis,
        currency: state.currency,
        dataVersion: state.dataVersion,
        buckets: r.buckets.map((b) => ({ label: b.label, from: b.from, to: b.to })),
        rows: r.rows.map((row) => ({ key: row.key, name: row.name, ...line(row, disputed.get(row.key)) })),
        totals: line(r.totals, held),
        check: { ledgerBalance: money(r.check!.ledgerBalance), difference: money(r.check!.difference), balanced: r.check!.balanced },
      },
      200,
    );
  })
  .openapi(routes.openItems, async (c) => {
    const q = c.req.valid('query');
    const state = await ledgerState(c.env.DB);
    const asOf = resolveAsOf(q.asOf, state);
    const scope: Scope | undefined = q.customer ? { kind: 'customer', value: q.customer } : (q.scope as Scope | undefined);
    const rows = await openItems(c.env.DB, state, asOf, scope, q.limit, q.offset);
    const items = rows.map((r) => ({
      customer_id: r.customer_id,
      doc_type: r.doc_type,
      doc_no: r.doc_no,
      doc_date: r.doc_date,
      due_date: r.due_date,
      days: daysBetween(q.basis === 'due' ? r.due_date : r.doc_date, asOf),
      amount: toDecimal(r.amount, r.currency),
      currency: r.currency,
      functional_amount: toDecimal(r.func_amount, state.currency),
      outstanding: toDecimal(r.outstanding, state.currency),
      reference: r.reference,
    }));
    return c.json({ asOf, currency: state.currency, items, next: rows.length === q.limit ? q.offset + q.limit : null }, 200);
  });

const days = (f: Figure) => (f.value === null ? null : roundForDisplay(f.value, 2));
const why = (...figures: Figure[]) => {
  const reasons = figures.map((f) => f.reason).filter(Boolean);
  return reasons.length ? { reason: [...new Set(reasons)].join('; ') } : {};
};

analytics
  .openapi(routes.dso, async (c) => {
    const q = c.req.valid('query');
    const state = await ledgerState(c.env.DB);
    const asOf = resolveAsOf(q.asOf, state);
    const method = q.method as DsoMethod;
    const r = await dso(c.env.DB, state, { asOf, method, days: q.days, groupBy: q.groupBy as GroupBy, scope: q.scope as Scope | undefined });
    const money = (m: number) => toDecimal(m, state.currency);
    const line = (l: DsoLine) => ({
      key: l.key, name: l.name, ar: money(l.ar), currentAr: money(l.currentAr), sales: money(l.sales),
      dso: days(l.dso), bpdso: days(l.bpdso), add: days(l.add), ...why(l.dso, l.bpdso, l.add),
    });
    return c.json({ asOf, method, days: method === 'standard' ? q.days : null, currency: state.currency, dataVersion: state.dataVersion, rows: r.rows.map(line), totals: line(r.totals) }, 200);
  })
  .openapi(routes.ceiRoute, async (c) => {
    const q = c.req.valid('query');
    const state = await ledgerState(c.env.DB);
    const asOf = resolveAsOf(q.asOf, state);
    const r = await collectionEffectiveness(c.env.DB, state, { asOf, months: q.months, groupBy: q.groupBy as GroupBy, scope: q.scope as Scope | undefined });
    const money = (m: number) => toDecimal(m, state.currency);
    const line = (l: (typeof r.rows)[number]) => ({
      key: l.key, name: l.name, openingAr: money(l.openingAr), sales: money(l.sales), closingAr: money(l.closingAr),
      closingCurrentAr: money(l.closingCurrentAr), cei: days(l.cei), ...why(l.cei),
    });
    return c.json({ asOf, months: q.months, periodStart: r.periodStart, openingDate: r.openingDate, currency: state.currency, rows: r.rows.map(line), totals: line(r.totals) }, 200);
  });

analytics.openapi(routes.metrics, async (c) => {
  const { id } = c.req.valid('param');
  const { asOf: asked } = c.req.valid('query');
  const db = c.env.DB;
  const customer = await getCustomer(db, id);
  if (!customer) throw new AppError('not_found', `unknown customer ${id}`);
  const state = await ledgerState(db);
  const asOf = resolveAsOf(asked, state);
  const m = await metricsFor(db, customer, asOf);
  const money = (v: number) => toDecimal(v, state.currency);
  const figures = {
    dso: m.dso, bpdso: m.bpdso, add: m.add, dsoStandard90: m.dsoStandard90,
    avgDaysToPay: m.behaviour.averageDaysToPay, avgDaysBeyondTerms: m.behaviour.averageDaysBeyondTerms, paymentIndex: m.behaviour.index,
  };
  const reasons = Object.fromEntries(Object.entries(figures).flatMap(([k, f]) => (f.reason ? [[k, f.reason]] : [])));
  return c.json(
    {
      customerId: id, asOf, currency: state.currency,
      balance: money(m.balance), overdue: money(m.overdue), unapplied: money(m.unapplied), creditLimit: money(m.creditLimit),
      exposure: money(m.exposure), headroom: money(m.headroom),
      dso: days(m.dso), bpdso: days(m.bpdso), add: days(m.add), dsoStandard90: days(m.dsoStandard90),
      avgDaysToPay: days(m.behaviour.averageDaysToPay), avgDaysBeyondTerms: days(m.behaviour.averageDaysBeyondTerms), paymentIndex: days(m.behaviour.index),
      score: m.score.score, grade: m.score.grade,
      recommendedLimit: money(m.limit.limit), recommendedLimitFormula: m.limit.formula,
      drivers: m.score.drivers.map((d) => ({
        driver: d.driver, value: d.value === null ? null : Math.round(d.value * 10_000) / 10_000, points: d.points === null ? null : roundForDisplay(d.points, 2),
        weight: roundForDisplay(d.weight, 2), ...(d.reason ? { reason: d.reason } : {}),
      })),
      modelVersion: m.score.modelVersion, notes: m.score.notes, reasons,
    },
    200,
  );
});
