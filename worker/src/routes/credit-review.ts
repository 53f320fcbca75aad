/** The credit review list, credit-insurance cover and the grade policy. */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Grade } from '../../../shared/analytics/credit-score';
import { describeChanges, dueReasons, uninsured, type InsuranceCover } from '../../../shared/credit/review';
import { driverEvidence } from '../../../shared/credit/snapshot';
import { formatMoney, parseMoney, toDecimal } from '../../../shared/money';
import { metricsForMany, type MetricsCustomer } from '../analytics/metrics';
import type { AppEnv } from '../env';
import { AppError, validationHook, type ErrorDetail } from '../errors';
import {
  changesSince, creditCustomer, gradePolicy, insuranceOf, isFailedAssertion, lastDecisionGrades, pendingByCustomer, replacePolicy, setInsurance,
} from '../queries/credit';
import { ledgerState } from '../queries/settings';
import { replaceSetting, settingVersion } from '../versions';
import { resolveAsOf } from './analytics';
import * as routes from './credit.routes';

/** Metrics for many customers, a slice at a time (each slice is one batch of queries). */
const SLICE = 200;

interface ReviewCustomer extends MetricsCustomer {
  name: string;
  hold: 'none' | 'new_orders' | 'invoicing' | 'all';
  next_review_date: string | null;
  version: number;
}

/** 409 saying what changed on the customer since the version the caller read. */
export async function staleError(db: D1Database, customerId: string, read: number, now: number, currency: string): Promise<AppError> {
  const changes = await changesSince(db, customerId, now - read);
  const what = changes.length ? `; since then: ${describeChanges(changes, (m) => formatMoney(m, currency))}` : '';
  return new AppError('conflict', `customer ${customerId} changed since version ${read} (now ${now})${what}; nothing was changed`);
}

export const creditReview = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.reviews, async (c) => {
    const q = c.req.valid('query');
    const db = c.env.DB;
    const state = await ledgerState(db);
    const asOf = resolveAsOf(q.asOf, state);
    const { results: customers } = await db
      .prepare('SELECT id, name, credit_limit, payment_terms_days, hold, next_review_date, version FROM customers ORDER BY id')
      .all<ReviewCustomer>();
    const [insurance, lastGrades, pending] = await Promise.all([insuranceOf(db, customers.map((x) => x.id)), lastDecisionGrades(db), pendingByCustomer(db)]);
    const money = (v: number) => toDecimal(v, state.currency);
    const items = [];
    for (let i = 0; i < customers.length; i += SLICE) {
      const slice = customers.slice(i, i + SLICE);
      const metrics = await metricsForMany(db, slice, asOf);
      for (const cu of slice) {
        const m = metrics.get(cu.id)!;
        const cover = insurance.get(cu.id) ?? null;
        const lastDecisionGrade = lastGrades.get(cu.id) ?? null;
        const reasons = dueReasons({ asOf, nextReviewDate: cu.next_review_date, limit: cu.credit_limit, exposure: m.exposure, hold: cu.hold, grade: m.score.grade, lastDecisionGrade });
        if (q.due === 'true' && !reasons.length) continue;
        const { cover: insuredCover, uninsured: uninsuredExposure } = uninsured(m.exposure, cover, asOf);
        items.push({
          customerId: cu.id, name: cu.name, version: cu.version, dueReasons: reasons,
          creditLimit: money(cu.credit_limit), termsDays: cu.payment_terms_days, hold: cu.hold, nextReviewDate: cu.next_review_date,
          exposure: money(m.exposure), headroom: money(m.headroom),
          utilisation: cu.credit_limit > 0 ? Math.round((m.exposure / cu.credit_limit) * 10_000) / 10_000 : null,
          score: m.score.score, grade: m.score.grade, lastDecisionGrade, recommendedLimit: money(m.limit.limit), recommendedLimitFormula: m.limit.formula,
          drivers: driverEvidence(m), insurance: cover && { ...cover, insuredAmount: money(cover.insuredAmount) },
          insuredCover: money(insuredCover), uninsuredExposure: money(uninsuredExposure), pendingDecisionId: pending.get(cu.id) ?? null,
        });
      }
    }
    return c.json({ asOf, currency: state.currency, dataVersion: state.dataVersion, items }, 200);
  })
  .openapi(routes.putInsurance, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const db = c.env.DB;
    const { currency } = await ledgerState(db);
    const customer = await creditCustomer(db, id);
    if (!customer) throw new AppError('not_found', `unknown customer ${id}`);
    let after: InsuranceCover | null = null;
    if (body.cover) {
      const amount = parseMoney(String(body.cover.insuredAmount), currency);
      if (!amount.ok) throw new AppError('validation_failed', 'the request is not valid', [{ path: 'json.cover.insuredAmount', message: amount.message }]);
      after = { insurer: body.cover.insurer, insuredAmount: amount.value, expiresOn: body.cover.expiresOn };
    }
    if (customer.version !== body.version) throw await staleError(db, id, body.version, customer.version, currency);
    const before = (await insuranceOf(db, [id])).get(id) ?? null;
    try {
      await db.batch(setInsurance(db, { customerId: id, version: body.version, before, after, userId: c.get('principal').userId, at: new Date().toISOString() }));
    } catch (err) {
      if (!isFailedAssertion(err)) throw err;
      throw await staleError(db, id, body.version, (await creditCustomer(db, id))?.version ?? body.version, currency);
    }
    return c.json({ customerId: id, version: body.version + 1, insurance: after && { ...after, insuredAmount: toDecimal(after.insuredAmount, currency) } }, 200);
  })
  .openapi(routes.getPolicy, async (c) => {
    const { currency } = await ledgerState(c.env.DB);
    const policy = await gradePolicy(c.env.DB);
    return c.json({ currency, maxLimitByGrade: Object.fromEntries(Object.entries(policy).map(([g, v]) => [g, toDecimal(v, currency)])), version: await settingVersion(c.env.DB, 'credit_policy') }, 200);
  })
  .openapi(routes.putPolicy, async (c) => {
    const { maxLimitByGrade, version } = c.req.valid('json');
    const db = c.env.DB;
    const { currency } = await ledgerState(db);
    const problems: ErrorDetail[] = [];
    const after: Partial<Record<Grade, number>> = {};
    for (const [grade, text] of Object.entries(maxLimitByGrade) as [Grade, string | number][]) {
      const parsed = parseMoney(String(text), currency);
      if (parsed.ok) after[grade] = parsed.value;
      else problems.push({ path: `json.maxLimitByGrade.${grade}`, message: parsed.message });
    }
    if (problems.length) throw new AppError('validation_failed', 'the policy is not valid', problems);
    const before = await gradePolicy(db);
    const next = await replaceSetting(db, 'credit_policy', version, replacePolicy(db, before, after, c.get('principal').userId, new Date().toISOString()));
    return c.json({ currency, maxLimitByGrade: Object.fromEntries(Object.entries(await gradePolicy(db)).map(([g, v]) => [g, toDecimal(v, currency)])), version: next }, 200);
  });
