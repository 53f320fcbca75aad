/**
 * The credit review list: why a customer is due for review, credit-insurance cover, and what changed on a customer
 * since the version a decision was made on. Pure; amounts are functional minor units.
 */
import type { Grade } from '../analytics/credit-score';
import type { Hold } from './authority';

export type DueReason = 'review_date' | 'utilisation' | 'grade_worsened' | 'on_hold';

export interface ReviewFacts {
  asOf: string;
  nextReviewDate: string | null;
  limit: number;
  exposure: number;
  hold: Hold;
  grade: Grade;
  /** The grade recorded with the customer's last applied decision, if any. */
  lastDecisionGrade: Grade | null;
}

/** Utilisation at or above this share of the limit puts a customer on the list. */
export const UTILISATION_DUE = { numerator: 9, denominator: 10 };

/** Grades are letters, A best: a later letter is worse. */
export const gradeWorsened = (before: Grade | null, now: Grade) => before !== null && now > before;

export function dueReasons(f: ReviewFacts): DueReason[] {
  const reasons: DueReason[] = [];
  if (f.nextReviewDate !== null && f.nextReviewDate <= f.asOf) reasons.push('review_date');
  // Integers: exposure ÷ limit ≥ 0.9 without a float. No limit set: utilisation is not defined.
  if (f.limit > 0 && f.exposure * UTILISATION_DUE.denominator >= f.limit * UTILISATION_DUE.numerator) reasons.push('utilisation');
  if (gradeWorsened(f.lastDecisionGrade, f.grade)) reasons.push('grade_worsened');
  if (f.hold !== 'none') reasons.push('on_hold');
  return reasons;
}

export interface InsuranceCover {
  insurer: string;
  insuredAmount: number;
  expiresOn: string;
}

/** The cover in force on D (expired cover counts 0), and the exposure it leaves uninsured (never below 0). */
export function uninsured(exposure: number, cover: InsuranceCover | null, asOf: string): { cover: number; uninsured: number } {
  const inForce = cover && cover.expiresOn >= asOf ? cover.insuredAmount : 0;
  return { cover: inForce, uninsured: Math.max(0, exposure - inForce) };
}

/** A customer audit row: an import's update, a credit decision, an insurance change. */
export interface CustomerChange {
  at: string;
  userId: string;
  action: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

const MONEY_FIELDS = new Set(['credit_limit', 'insured_amount']);
const IGNORED = new Set(['version', 'decision_id']);

/** One line per change, newest last: "credit_limit 500.00 → 800.00 (customer.update by u1, 2026-11-02T…)". */
export function describeChanges(changes: readonly CustomerChange[], money: (minor: number) => string): string {
  const show = (k: string, v: unknown) => (v === null || v === undefined ? '—' : MONEY_FIELDS.has(k) && typeof v === 'number' ? money(v) : String(v));
  return changes
    .map((c) => {
      const keys = [...new Set([...Object.keys(c.before ?? {}), ...Object.keys(c.after ?? {})])].filter((k) => !IGNORED.has(k));
      const diffs = keys.filter((k) => c.before?.[k] !== c.after?.[k]).map((k) => `${k} ${show(k, c.before?.[k])} → ${show(k, c.after?.[k])}`);
      return `${diffs.join(', ') || 'no field changed'} (${c.action} by ${c.userId}, ${c.at})`;
    })
    .join('; ');
}
