/** Credit decisions within delegated authority, their approvals and a customer's decision history. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { approverRoleFor, judgeDecision, mayApprove, type DecisionChange } from '../../../shared/credit/authority';
import { describeChanges } from '../../../shared/credit/review';
import { decisionSnapshot, type DecisionSnapshot } from '../../../shared/credit/snapshot';
import { formatMoney, parseMoney, toDecimal } from '../../../shared/money';
import type { CustomerMetrics } from '../../../shared/analytics/customer-metrics';
import { metricsFor } from '../analytics/metrics';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import {
  applyDecision, approval, approve, changesSince, creditCustomer, decisionsOf, deciders, gradePolicy, insuranceOf, isFailedAssertion, pendingFor, reject,
  requestApproval, type ApprovalRow, type CreditCustomer,
} from '../queries/credit';
import { getCustomer } from '../queries/ledger';
import { ledgerState } from '../queries/settings';
import { resolveAsOf } from './analytics';
import { staleError } from './credit-review';
import * as routes from './credit.routes';

type Result = { customerId: string; decisionId: string | null; status: 'applied' | 'pending_approval' | 'rejected'; reason?: string; approverRole?: string };

function snapshotJson(s: DecisionSnapshot, currency: string) {
  const money = (v: number) => toDecimal(v, currency);
  return {
    ...s,
    creditLimit: money(s.creditLimit), exposure: money(s.exposure), headroom: money(s.headroom), recommendedLimit: money(s.recommendedLimit),
    insurance: s.insurance && { ...s.insurance, insuredAmount: money(s.insurance.insuredAmount) },
    insuredCover: money(s.insuredCover), uninsuredExposure: money(s.uninsuredExposure),
  };
}

export const limitDecisions = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.submitDecisions, async (c) => {
    const { decisions } = c.req.valid('json');
    const db = c.env.DB;
    const principal = c.get('principal');
    const state = await ledgerState(db);
    const { currency } = state;
    const asOf = resolveAsOf(undefined, state);
    const money = (m: number) => formatMoney(m, currency);
    const [policy, users, insurance] = await Promise.all([gradePolicy(db), deciders(db), insuranceOf(db, [...new Set(decisions.map((d) => d.customerId))])]);
    // Metrics per customer and version: an earlier row of this request may have changed the customer.
    const metrics = new Map<string, CustomerMetrics>();
    const metricsOf = async (cu: CreditCustomer) => {
      const key = `${cu.id}@${cu.version}`;
      if (!metrics.has(key)) metrics.set(key, await metricsFor(db, { id: cu.id, credit_limit: cu.limit, payment_terms_days: cu.termsDays }, asOf));
      return metrics.get(key)!;
    };
    const stale = async (id: string, read: number, now: number) => {
      const changes = read < now ? await changesSince(db, id, now - read) : [];
      return changes.length ? `; since then: ${describeChanges(changes, money)}` : '';
    };

    const results: Result[] = [];
    for (const d of decisions) {
      const rejected = (reason: string): Result => ({ customerId: d.customerId, decisionId: null, status: 'rejected', reason });
      const change: DecisionChange = { newTermsDays: d.newTermsDays, hold: d.hold, nextReviewDate: d.nextReviewDate };
      if (d.newLimit !== undefined) {
        const parsed = parseMoney(String(d.newLimit), currency);
        if (!parsed.ok) {
          results.push(rejected(`newLimit: ${parsed.message}`));
          continue;
        }
        change.newLimit = parsed.value;
      }
      const customer = await creditCustomer(db, d.customerId);
      if (!customer) {
        results.push(rejected(`unknown customer ${d.customerId}`));
        continue;
      }
      const m = await metricsOf(customer);
      const judged = judgeDecision({ version: d.version, change, customer: { ...customer, grade: m.score.grade }, authority: principal.authority, policy, money });
      if (judged.status === 'rejected') {
        results.push(rejected(judged.stale ? `${judged.reason}${await stale(customer.id, d.version, customer.version)}` : judged.reason));
        continue;
      }
      const decision = { id: crypto.randomUUID(), customer, after: judged.after, reason: d.reason, snapshot: decisionSnapshot(m, insurance.get(customer.id) ?? null), userId: principal.userId, at: new Date().toISOString() };
      try {
        if (judged.status === 'applied') {
          await db.batch(applyDecision(db, decision));
          results.push({ customerId: customer.id, decisionId: decision.id, status: 'applied' });
        } else {
          const pending = { requestedBy: principal.userId, requiredAuthority: judged.requiredAuthority, policyException: judged.policyException };
          const approverRole = approverRoleFor(pending, users);
          await db.batch(requestApproval(db, decision, { id: crypto.randomUUID(), ...pending, approverRole, statusReason: judged.reason }));
          results.push({ customerId: customer.id, decisionId: decision.id, status: 'pending_approval', reason: judged.reason, approverRole });
        }
      } catch (err) {
        if (!isFailedAssertion(err)) throw err;
        // The customer changed between our read and the batch: nothing was written.
        const now = (await creditCustomer(db, customer.id))?.version ?? customer.version;
        results.push(rejected(`stale: the customer changed while the decision was being judged (version ${customer.version} → ${now})${await stale(customer.id, customer.version, now)}`));
      }
    }
    return c.json({ results }, 200);
  })
  .openapi(routes.listApprovals, async (c) => {
    const db = c.env.DB;
    const { currency } = await ledgerState(db);
    const rows = await pendingFor(db, c.get('principal'));
    return c.json({ currency, items: rows.map((r) => approvalJson(r, currency)) }, 200);
  })
  .openapi(routes.decideApproval, async (c) => {
    const { id } = c.req.valid('param');
    const { action, comment } = c.req.valid('json');
    const db = c.env.DB;
    const principal = c.get('principal');
    const { currency } = await ledgerState(db);
    const r = await approval(db, id);
    if (!r) throw new AppError('not_found', `no approval ${id}`);
    if (r.status !== 'pending') throw new AppError('conflict', `approval ${id} was already ${r.status}; nothing was changed`);
    const may = mayApprove({ requestedBy: r.requested_by, requiredAuthority: r.required_authority, policyException: r.policy_exception === 1 }, principal, (m) => formatMoney(m, currency));
    if (!may.ok) throw new AppError('forbidden', `you may not decide approval ${id}: ${may.reason}`);
    const at = new Date().toISOString();
    const conflict = async () => {
      const now = await approval(db, id);
      if (now && now.status !== 'pending') return new AppError('conflict', `approval ${id} was already ${now.status}; nothing was changed`);
      return staleError(db, r.customer_id, r.customer_version, now?.current_version ?? r.current_version, currency);
    };
    if (action === 'approve' && r.current_version !== r.customer_version) throw await conflict();
    try {
      await db.batch(action === 'approve' ? approve(db, r, { userId: principal.userId, at, comment }) : reject(db, r, { userId: principal.userId, at, comment }));
    } catch (err) {
      if (!isFailedAssertion(err)) throw err;
      throw await conflict();
    }
    return c.json(
      action === 'approve'
        ? { status: 'applied' as const, decisionId: r.decision_id, customerVersion: r.customer_version + 1 }
        : { status: 'rejected' as const, decisionId: r.decision_id, customerVersion: r.current_version },
      200,
    );
  })
  .openapi(routes.customerDecisions, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    if (!(await getCustomer(db, id))) throw new AppError('not_found', `unknown customer ${id}`);
    const { currency } = await ledgerState(db);
    const money = (v: number) => toDecimal(v, currency);
    const items = (await decisionsOf(db, id)).map((d) => ({
      id: d.id, status: d.status, customerVersion: d.customer_version, reason: d.reason, statusReason: d.status_reason,
      before: { creditLimit: money(d.old_limit), termsDays: d.old_terms_days, hold: d.old_hold, nextReviewDate: d.old_next_review_date },
      after: { creditLimit: money(d.new_limit), termsDays: d.new_terms_days, hold: d.new_hold, nextReviewDate: d.new_next_review_date },
      requestedBy: d.requested_by, requestedAt: d.requested_at, appliedAt: d.applied_at,
      approval: d.approval_id
        ? { id: d.approval_id, status: d.approval_status!, approverRole: d.approver_role!, decidedBy: d.decided_by, decidedAt: d.decided_at, comment: d.comment }
        : null,
      evidence: snapshotJson(JSON.parse(d.snapshot) as DecisionSnapshot, currency),
    }));
    return c.json({ customerId: id, currency, items }, 200);
  });

function approvalJson(r: ApprovalRow, currency: string) {
  const money = (v: number) => toDecimal(v, currency);
  return {
    id: r.id, decisionId: r.decision_id, customerId: r.customer_id, customerName: r.customer_name,
    currentLimit: money(r.old_limit), newLimit: money(r.new_limit), currentTermsDays: r.old_terms_days, newTermsDays: r.new_terms_days,
    currentHold: r.old_hold, newHold: r.new_hold, newNextReviewDate: r.new_next_review_date,
    reason: r.reason, whyApproval: r.status_reason, approverRole: r.approver_role, policyException: r.policy_exception === 1,
    requestedBy: r.requested_by, requestedByName: r.requested_by_name, requestedAt: r.requested_at,
    stale: r.current_version !== r.customer_version,
    evidence: snapshotJson(JSON.parse(r.snapshot) as DecisionSnapshot, currency),
  };
}
