/**
 * How far an actual is from its target, one number per metric where more is always better:
 * - collections and promises kept rate (more is better): actual ÷ target × 100;
 * - DSO and overdue over 60 days (less is better): target ÷ actual × 100, so 100 % is exactly on target, above 100 %
 *   is better than target and the figure halves when the actual doubles. An actual of 0 (nothing overdue) meets
 *   any target but has no ratio: null, met.
 * Target and actual are in the same unit (minor units, or days, or percent); the ratio is a plain number.
 */
import { divRoundHalfAway } from '../money';
import { roundForDisplay } from '../analytics/numbers';
import { HIGHER_IS_BETTER, type TargetMetric } from './metrics';
import type { PeriodWindow } from './periods';

export interface Achievement {
  /** Percent to 2 decimals; null when there is no target, no actual, or no ratio (see reason). */
  achievedPct: number | null;
  /** Whether the target is met; null without a target or an actual. */
  met: boolean | null;
  reason?: string;
}

export function achievement(metric: TargetMetric, target: number | null, actual: number | null, actualReason?: string): Achievement {
  if (actual === null) return { achievedPct: null, met: null, reason: actualReason ?? 'no actual' };
  if (target === null) return { achievedPct: null, met: null, reason: 'no target set' };
  if (HIGHER_IS_BETTER[metric]) {
    if (target <= 0) return { achievedPct: null, met: actual >= target, reason: 'the target is 0' };
    return { achievedPct: roundForDisplay((actual / target) * 100, 2), met: actual >= target };
  }
  if (actual <= 0) return { achievedPct: null, met: true, reason: 'the actual is 0: any target is met' };
  return { achievedPct: roundForDisplay((target / actual) * 100, 2), met: actual <= target };
}

/**
 * Month-to-date projection of collections in an open period: the run rate so far over the whole month,
 * actual × days in the month ÷ days elapsed, in minor units, rounded half away from zero.
 */
export function projectCollections(actualMinor: number, w: PeriodWindow): number {
  if (w.daysElapsed <= 0) return 0;
  return Number(divRoundHalfAway(BigInt(actualMinor) * BigInt(w.daysInPeriod), BigInt(w.daysElapsed)));
}
