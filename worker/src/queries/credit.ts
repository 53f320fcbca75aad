/**
 * Credit review SQL: the grade policy, insurance cover, decisions and approvals. Every write is one D1 batch that
 * starts with an assertion of what it was decided on (batch_assertions) and carries its audit rows.
 */
import type { Grade } from '../../../shared/analytics/credit-score';
import type { Approver, CreditTerms, GradePolicy, Hold } from '../../../shared/credit/authority';
import type { CustomerChange, InsuranceCover } from '../../../shared/credit/review';
import type { DecisionSnapshot } from '../../../shared/credit/snapshot';
import type { Role } from '../../../shared/schemas/users';
import { assertion, clearAssertions, isFailedAssertion } from '../batch-guard';
import { auditStatement, bumpDataVersion } from './settings';

// The guard of every credit batch; routes import the failure test from here with the credit queries.
export { isFailedAssertion };

export async function gradePolicy(db: D1Database): Promise<GradePolicy> {
  const { results } = await db.prepare('SELECT grade, max_limit FROM credit_policy ORDER BY grade').all<{ grade: Grade; max_limit: number }>();
  return Object.fromEntries(results.map((r) => [r.grade, r.max_limit]));
}

export function replacePolicy(db: D1Database, before: GradePolicy, after: GradePolicy, userId: string, at: string): D1PreparedStatement[] {
  return [
    db.prepare('DELETE FROM credit_policy'),
    ...Object.entries(after).map(([grade, max]) => db.prepare('INSERT INTO credit_policy (grade, max_limit) VALUES (?1, ?2)').bind(grade, max)),
    auditStatement(db, { at, userId, action: 'credit_policy.update', entity: 'credit_policy', entityId: null, before, after }),
  ];
}

interface InsuranceRow {
  customer_id: string;
  insurer: string;
  insured_amount: number;
  expires_on: string;
}
const cover = (r: InsuranceRow): InsuranceCover => ({ insurer: r.insurer, insuredAmount: r.insured_amount, expiresOn: r.expires_on });

export async function insuranceOf(db: D1Database, ids: readonly string[]): Promise<Map<string, InsuranceCover>> {
  if (!ids.length) return new Map();
  const { results } = await db
    .prepare('SELECT customer_id, insurer, insured_amount, expires_on FROM credit_insurance WHERE customer_id IN (SELECT value FROM json_each(?1))')
    .bind(JSON.stringify(ids))
    .all<InsuranceRow>();
  return new Map(results.map((r) => [r.customer_id, cover(r)]));
}

const CUSTOMER_AT = (n: number) => `EXISTS (SELECT 1 FROM customers WHERE id = ?${n} AND version = ?${n + 1})`;

/** Insurance cover set or removed (null), on the version it was read at; the customer's version moves. */
export function setInsurance(db: D1Database, x: { customerId: string; version: number; before: InsuranceCover | null; after: InsuranceCover | null; userId: string; at: string }): D1PreparedStatement[] {
  const row = (c: InsuranceCover | null) => (c ? { insurer: c.insurer, insured_amount: c.insuredAmount, expires_on: c.expiresOn } : null);
  return [
    assertion(db, 'customer version', CUSTOMER_AT(2), x.customerId, x.version),
    x.after
      ? db
          .prepare(
            `INSERT INTO credit_insurance (customer_id, insurer, insured_amount, expires_on, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (customer_id) DO UPDATE SET insurer = excluded.insurer, insured_amount = excluded.insured_amount,
               expires_on = excluded.expires_on, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          )
          .bind(x.customerId, x.after.insurer, x.after.insuredAmount, x.after.expiresOn, x.userId, x.at)
      : db.prepare('DELETE FROM credit_insurance WHERE customer_id = ?1').bind(x.customerId),
    db.prepare('UPDATE customers SET version = version + 1, updated_at = ?3 WHERE id = ?1 AND version = ?2').bind(x.customerId, x.version, x.at),
    auditStatement(db, {
      at: x.at, userId: x.userId, action: 'customer.insurance', entity: 'customer', entityId: x.customerId,
      before: { ...row(x.before), version: x.version }, after: { ...row(x.after), version: x.version + 1 },
    }),
    clearAssertions(db),
  ];
}

export interface CreditCustomer extends CreditTerms {
  id: string;
  name: string;
  version: number;
}

export async function creditCustomer(db: D1Database, id: string): Promise<CreditCustomer | null> {
  const r = await db
    .prepare('SELECT id, name, credit_limit, payment_terms_days, hold, next_review_date, version FROM customers WHERE id = ?1')
    .bind(id)
    .first<{ id: string; name: string; credit_limit: number; payment_terms_days: number; hold: Hold; next_review_date: string | null; version: number }>();
  return r && { id: r.id, name: r.name, limit: r.credit_limit, termsDays: r.payment_terms_days, hold: r.hold, nextReviewDate: r.next_review_date, version: r.version };
}

/** The audit rows of a customer's changes since a version: one per version step (import, decision, insurance). */
export async function changesSince(db: D1Database, customerId: string, steps: number): Promise<CustomerChange[]> {
  if (steps <= 0) return [];
  const { results } = await db
    .prepare("SELECT at, user_id, action, before, after FROM audit_log WHERE entity = 'customer' AND entity_id = ?1 ORDER BY id DESC LIMIT ?2")
    .bind(customerId, Math.min(steps, 20))
    .all<{ at: string; user_id: string; action: string; before: string | null; after: string | null }>();
  return results.reverse().map((r) => ({ at: r.at, userId: r.user_id, action: r.action, before: r.before ? JSON.parse(r.before) : null, after: r.after ? JSON.parse(r.after) : null }));
}

export async function deciders(db: D1Database): Promise<Approver[]> {
  const { results } = await db
    .prepare("SELECT id AS userId, role, authority FROM users WHERE disabled_at IS NULL AND role IN ('controller', 'manager', 'admin')")
    .all<{ userId: string; role: Role; authority: number }>();
  return results;
}

export interface NewDecision {
  id: string;
  customer: CreditCustomer;
  after: CreditTerms;
  reason: string;
  snapshot: DecisionSnapshot;
  userId: string;
  at: string;
}

const terms = (t: CreditTerms) => ({ credit_limit: t.limit, payment_terms_days: t.termsDays, hold: t.hold, next_review_date: t.nextReviewDate });

function insertDecision(db: D1Database, d: NewDecision, status: 'applied' | 'pending_approval', statusReason: string | null): D1PreparedStatement {
  const c = d.customer;
  return db
    .prepare(
      `INSERT INTO limit_decisions (id, customer_id, customer_version, status, reason, status_reason, old_limit, new_limit, old_terms_days, new_terms_days,
         old_hold, new_hold, old_next_review_date, new_next_review_date, snapshot, requested_by, requested_at, applied_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)`,
    )
    .bind(d.id, c.id, c.version, status, d.reason, statusReason, c.limit, d.after.limit, c.termsDays, d.after.termsDays, c.hold, d.after.hold,
      c.nextReviewDate, d.after.nextReviewDate, JSON.stringify(d.snapshot), d.userId, d.at, status === 'applied' ? d.at : null);
}

/** The customer takes the decided terms; its version moves; the audit row has before and after. */
function applyToCustomer(db: D1Database, x: { customer: CreditCustomer; after: CreditTerms; decisionId: string; userId: string; at: string }): D1PreparedStatement[] {
  const c = x.customer;
  return [
    db
      .prepare('UPDATE customers SET credit_limit = ?3, payment_terms_days = ?4, hold = ?5, next_review_date = ?6, version = version + 1, updated_at = ?7 WHERE id = ?1 AND version = ?2')
      .bind(c.id, c.version, x.after.limit, x.after.termsDays, x.after.hold, x.after.nextReviewDate, x.at),
    auditStatement(db, {
      at: x.at, userId: x.userId, action: 'customer.credit_decision', entity: 'customer', entityId: c.id,
      before: { ...terms(c), version: c.version }, after: { ...terms(x.after), version: c.version + 1, decision_id: x.decisionId },
    }),
    bumpDataVersion(db),
  ];
}

export function applyDecision(db: D1Database, d: NewDecision): D1PreparedStatement[] {
  return [
    assertion(db, 'customer version', CUSTOMER_AT(2), d.customer.id, d.customer.version),
    insertDecision(db, d, 'applied', null),
    auditStatement(db, { at: d.at, userId: d.userId, action: 'limit_decision.applied', entity: 'limit_decision', entityId: d.id, after: { customer_id: d.customer.id, ...terms(d.after), reason: d.reason } }),
    ...applyToCustomer(db, { customer: d.customer, after: d.after, decisionId: d.id, userId: d.userId, at: d.at }),
    clearAssertions(db),
  ];
}

export function requestApproval(db: D1Database, d: NewDecision, a: { id: string; requiredAuthority: number; policyException: boolean; approverRole: Role; statusReason: string }): D1PreparedStatement[] {
  return [
    assertion(db, 'customer version', CUSTOMER_AT(2), d.customer.id, d.customer.version),
    insertDecision(db, d, 'pending_approval', a.statusReason),
    db
      .prepare("INSERT INTO approvals (id, decision_id, required_authority, policy_exception, approver_role, status) VALUES (?1, ?2, ?3, ?4, ?5, 'pending')")
      .bind(a.id, d.id, a.requiredAuthority, a.policyException ? 1 : 0, a.approverRole),
    auditStatement(db, {
      at: d.at, userId: d.userId, action: 'limit_decision.pending_approval', entity: 'limit_decision', entityId: d.id,
      before: { customer_id: d.customer.id, ...terms(d.customer) },
      after: { customer_id: d.customer.id, ...terms(d.after), reason: d.reason, status_reason: a.statusReason, approval_id: a.id, approver_role: a.approverRole },
    }),
    clearAssertions(db),
  ];
}

export interface ApprovalRow {
  id: string;
  decision_id: string;
  required_authority: number;
  policy_exception: number;
  approver_role: Role;
  status: 'pending' | 'approved' | 'rejected';
  customer_id: string;
  customer_name: string;
  customer_version: number;
  current_version: number;
  reason: string;
  status_reason: string | null;
  old_limit: number;
  new_limit: number;
  old_terms_days: number;
  new_terms_days: number;
  old_hold: Hold;
  new_hold: Hold;
  old_next_review_date: string | null;
  new_next_review_date: string | null;
  snapshot: string;
  requested_by: string;
  requested_by_name: string | null;
  requested_at: string;
}

const APPROVAL_SELECT = `
  SELECT a.id, a.decision_id, a.required_authority, a.policy_exception, a.approver_role, a.status,
         d.customer_id, c.name AS customer_name, d.customer_version, c.version AS current_version, d.reason, d.status_reason,
         d.old_limit, d.new_limit, d.old_terms_days, d.new_terms_days, d.old_hold, d.new_hold, d.old_next_review_date, d.new_next_review_date,
         d.snapshot, d.requested_by, u.name AS requested_by_name, d.requested_at
  FROM approvals a JOIN limit_decisions d ON d.id = a.decision_id JOIN customers c ON c.id = d.customer_id
  LEFT JOIN users u ON u.id = d.requested_by`;

export function approval(db: D1Database, id: string) {
  return db.prepare(`${APPROVAL_SELECT} WHERE a.id = ?1`).bind(id).first<ApprovalRow>();
}

/** Pending approvals this user's authority covers, not their own; oldest first. */
export async function pendingFor(db: D1Database, user: Approver): Promise<ApprovalRow[]> {
  const { results } = await db
    .prepare(`${APPROVAL_SELECT} WHERE a.status = 'pending' AND a.required_authority <= ?1 AND d.requested_by <> ?2 AND (a.policy_exception = 0 OR ?3 = 'admin') ORDER BY d.requested_at, a.id`)
    .bind(user.authority, user.userId, user.role)
    .all<ApprovalRow>();
  return results;
}

const rowTerms = (r: ApprovalRow, side: 'old' | 'new'): CreditTerms => ({
  limit: r[`${side}_limit`], termsDays: r[`${side}_terms_days`], hold: r[`${side}_hold`], nextReviewDate: r[`${side}_next_review_date`],
});

/** Approve: the approval still pending and the customer still at the decision's version, or nothing happens. */
export function approve(db: D1Database, r: ApprovalRow, x: { userId: string; at: string; comment: string }): D1PreparedStatement[] {
  const customer: CreditCustomer = { id: r.customer_id, name: r.customer_name, version: r.customer_version, ...rowTerms(r, 'old') };
  return [
    assertion(db, 'approval pending, customer version', `EXISTS (SELECT 1 FROM approvals WHERE id = ?4 AND status = 'pending') AND ${CUSTOMER_AT(2)}`, r.customer_id, r.customer_version, r.id),
    db.prepare("UPDATE approvals SET status = 'approved', decided_by = ?2, decided_at = ?3, comment = ?4 WHERE id = ?1").bind(r.id, x.userId, x.at, x.comment),
    db.prepare("UPDATE limit_decisions SET status = 'applied', applied_at = ?2 WHERE id = ?1").bind(r.decision_id, x.at),
    auditStatement(db, {
      at: x.at, userId: x.userId, action: 'limit_decision.approved', entity: 'limit_decision', entityId: r.decision_id,
      before: { status: 'pending_approval' }, after: { status: 'applied', approval_id: r.id, comment: x.comment },
    }),
    ...applyToCustomer(db, { customer, after: rowTerms(r, 'new'), decisionId: r.decision_id, userId: x.userId, at: x.at }),
    clearAssertions(db),
  ];
}

/** Reject: only the approval and the decision change; allowed on a stale decision too (it applies nothing). */
export function reject(db: D1Database, r: ApprovalRow, x: { userId: string; at: string; comment: string }): D1PreparedStatement[] {
  return [
    assertion(db, 'approval pending', "EXISTS (SELECT 1 FROM approvals WHERE id = ?2 AND status = 'pending')", r.id),
    db.prepare("UPDATE approvals SET status = 'rejected', decided_by = ?2, decided_at = ?3, comment = ?4 WHERE id = ?1").bind(r.id, x.userId, x.at, x.comment),
    db.prepare("UPDATE limit_decisions SET status = 'rejected', status_reason = ?2 WHERE id = ?1").bind(r.decision_id, `rejected by ${x.userId}: ${x.comment}`),
    auditStatement(db, {
      at: x.at, userId: x.userId, action: 'limit_decision.rejected', entity: 'limit_decision', entityId: r.decision_id,
      before: { status: 'pending_approval' }, after: { status: 'rejected', approval_id: r.id, comment: x.comment },
    }),
    clearAssertions(db),
  ];
}

export interface DecisionRow {
  id: string;
  customer_version: number;
  status: 'applied' | 'pending_approval' | 'rejected';
  reason: string;
  status_reason: string | null;
  old_limit: number;
  new_limit: number;
  old_terms_days: number;
  new_terms_days: number;
  old_hold: Hold;
  new_hold: Hold;
  old_next_review_date: string | null;
  new_next_review_date: string | null;
  snapshot: string;
  requested_by: string;
  requested_at: string;
  applied_at: string | null;
  approval_id: string | null;
  approval_status: string | null;
  approver_role: Role | null;
  decided_by: string | null;
  decided_at: string | null;
  comment: string | null;
}

export async function decisionsOf(db: D1Database, customerId: string): Promise<DecisionRow[]> {
  const { results } = await db
    .prepare(
      `SELECT d.*, a.id AS approval_id, a.status AS approval_status, a.approver_role, a.decided_by, a.decided_at, a.comment
       FROM limit_decisions d LEFT JOIN approvals a ON a.decision_id = d.id WHERE d.customer_id = ?1 ORDER BY d.requested_at DESC, d.rowid DESC`,
    )
    .bind(customerId)
    .all<DecisionRow>();
  return results;
}

/** The grade each customer's last applied decision was made on. */
export async function lastDecisionGrades(db: D1Database): Promise<Map<string, Grade>> {
  const { results } = await db
    .prepare(
      `SELECT customer_id, grade FROM (
         SELECT customer_id, json_extract(snapshot, '$.grade') AS grade,
                ROW_NUMBER() OVER (PARTITION BY customer_id ORDER BY applied_at DESC, rowid DESC) AS n
         FROM limit_decisions WHERE status = 'applied')
       WHERE n = 1`,
    )
    .all<{ customer_id: string; grade: Grade }>();
  return new Map(results.map((r) => [r.customer_id, r.grade]));
}

/** Pending approval per customer (the newest), for the review list. */
export async function pendingByCustomer(db: D1Database): Promise<Map<string, string>> {
  const { results } = await db
    .prepare("SELECT d.customer_id, MAX(d.id) AS decision_id FROM limit_decisions d WHERE d.status = 'pending_approval' GROUP BY d.customer_id")
    .all<{ customer_id: string; decision_id: string }>();
  return new Map(results.map((r) => [r.customer_id, r.decision_id]));
}
