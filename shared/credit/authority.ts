/**
 * Delegated authority for credit decisions: given a decision, the customer as it stands, the decider's authority
 * and the grade policy, is the decision applied now, does it wait for an approver, or is it rejected? Pure; amounts
 * are functional minor units. The rules are in the README ("Credit review and delegated authority").
 */
import type { Grade } from '../analytics/credit-score';
import type { Role } from '../schemas/users';

export const HOLDS = ['none', 'new_orders', 'invoicing', 'all'] as const;
export type Hold = (typeof HOLDS)[number];

/** Who may take credit decisions and approve them (the access table says the same). */
export const DECIDERS: readonly Role[] = ['controller', 'manager', 'admin'];

/** The customer's credit terms as decided. */
export interface CreditTerms {
  limit: number;
  termsDays: number;
  hold: Hold;
  nextReviewDate: string | null;
}

export interface CustomerState extends CreditTerms {
  version: number;
  grade: Grade;
}

/** What a decision asks for; an absent field stays as it is. */
export interface DecisionChange {
  newLimit?: number;
  newTermsDays?: number;
  hold?: Hold;
  nextReviewDate?: string;
}

/** Maximum limit by grade; a grade not in the table has no maximum. */
export type GradePolicy = Partial<Record<Grade, number>>;

export type Judgement =
  | { status: 'applied'; after: CreditTerms }
  | { status: 'pending_approval'; after: CreditTerms; reason: string; requiredAuthority: number; policyException: boolean }
  | { status: 'rejected'; reason: string; stale: boolean };

/** What each hold stops. A hold is placed when the new one stops everything the old one did, and more. */
const STOPS: Record<Hold, readonly string[]> = { none: [], new_orders: ['orders'], invoicing: ['invoicing'], all: ['orders', 'invoicing'] };

/** True when the new hold lets through something the old one stopped (a release, or a swap). */
export function releasesHold(from: Hold, to: Hold): boolean {
  return STOPS[from].some((s) => !STOPS[to].includes(s));
}

export function applyChange(current: CreditTerms, change: DecisionChange): CreditTerms {
  return {
    limit: change.newLimit ?? current.limit,
    termsDays: change.newTermsDays ?? current.termsDays,
    hold: change.hold ?? current.hold,
    nextReviewDate: change.nextReviewDate ?? current.nextReviewDate,
  };
}

/** The parts of a decision that add risk: they need authority. Lowering a limit, shortening terms, placing a hold never do. */
export function riskIncreases(current: CreditTerms, after: CreditTerms): string[] {
  const why: string[] = [];
  if (after.limit > current.limit) why.push('raises the limit');
  if (after.termsDays > current.termsDays) why.push('lengthens the terms');
  if (releasesHold(current.hold, after.hold)) why.push(`releases the hold (${current.hold} → ${after.hold})`);
  return why;
}

export interface JudgeInput {
  /** The customer version the decision was made on. */
  version: number;
  change: DecisionChange;
  customer: CustomerState;
  /** The decider's authority. */
  authority: number;
  policy: GradePolicy;
  /** Formats minor units for messages. */
  money(minor: number): string;
}

export function judgeDecision(x: JudgeInput): Judgement {
  const { customer: c, change } = x;
  if (x.version !== c.version) {
    return { status: 'rejected', stale: true, reason: `stale: the decision was made on version ${x.version}, the customer is now at version ${c.version}` };
  }
  const after = applyChange(c, change);
  const changed = after.limit !== c.limit || after.termsDays !== c.termsDays || after.hold !== c.hold || after.nextReviewDate !== c.nextReviewDate;
  if (!changed) return { status: 'rejected', stale: false, reason: 'nothing to change: the decision matches the customer as it stands' };
  const risk = riskIncreases(c, after);
  if (!risk.length) return { status: 'applied', after };

  const max = after.limit > c.limit ? x.policy[c.grade] : undefined;
  const policyException = max !== undefined && after.limit > max;
  const reasons: string[] = [];
  if (after.limit > x.authority) reasons.push(`the limit ${x.money(after.limit)} is above your authority of ${x.money(x.authority)}`);
  if (policyException) reasons.push(`${x.money(after.limit)} is above the policy maximum ${x.money(max!)} for grade ${c.grade}`);
  if (!reasons.length) return { status: 'applied', after };
  return { status: 'pending_approval', after, requiredAuthority: after.limit, policyException, reason: `${risk.join(', ')}; ${reasons.join('; ')}` };
}

export interface Approver {
  userId: string;
  role: Role;
  authority: number;
}

export interface PendingApproval {
  requestedBy: string;
  requiredAuthority: number;
  policyException: boolean;
}

/** Who may approve a waiting decision: never its requester; a decider whose authority covers it; an admin for a policy exception. */
export function mayApprove(p: PendingApproval, a: Approver, money: (minor: number) => string): { ok: true } | { ok: false; reason: string } {
  if (a.userId === p.requestedBy) return { ok: false, reason: 'no one approves their own decision' };
  if (!DECIDERS.includes(a.role)) return { ok: false, reason: `the ${a.role} role does not approve credit decisions` };
  if (a.authority < p.requiredAuthority) {
    return { ok: false, reason: `your authority of ${money(a.authority)} does not cover ${money(p.requiredAuthority)}` };
  }
  if (p.policyException && a.role !== 'admin') return { ok: false, reason: 'an exception to the grade policy needs an admin' };
  return { ok: true };
}

const SENIORITY: readonly Role[] = ['controller', 'manager', 'admin'];

/**
 * The least senior role among the users who could approve (so the reply says who to ask). With nobody on file,
 * 'admin': the bootstrap administrator's authority has no limit.
 */
export function approverRoleFor(p: PendingApproval, users: readonly Approver[]): Role {
  const able = users.filter((u) => mayApprove(p, u, String).ok).map((u) => SENIORITY.indexOf(u.role));
  return SENIORITY[Math.min(...able, SENIORITY.length - 1)]!;
}
