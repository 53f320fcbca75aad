/**
 * The metrics a target can be set on, which way is better, and how a typed value is held: money in functional
 * minor units, days and percentages in hundredths (45.5 days → 4550), so every stored target is an exact integer.
 */
import { parseMoney, toDecimal, type Parsed } from '../money';

export const TARGET_METRICS = ['collections', 'dso', 'overdue_over_60', 'promises_kept_rate'] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export const isTargetMetric = (m: string): m is TargetMetric => (TARGET_METRICS as readonly string[]).includes(m);

/** collections and the promises kept rate: more is better; DSO and overdue over 60 days: less is better. */
export const HIGHER_IS_BETTER: Record<TargetMetric, boolean> = {
  collections: true,
  dso: false,
  overdue_over_60: false,
  promises_kept_rate: true,
};

export type TargetUnit = 'money' | 'days' | 'percent';
export const UNIT: Record<TargetMetric, TargetUnit> = { collections: 'money', dso: 'days', overdue_over_60: 'money', promises_kept_rate: 'percent' };

/** The sensible range of each metric's target, in its typed unit (money: any amount the currency allows). */
const LIMITS: Record<TargetMetric, { min: number; minExclusive: boolean; max: number | null; words: string }> = {
  collections: { min: 0, minExclusive: true, max: null, words: 'an amount greater than 0' },
  dso: { min: 0, minExclusive: true, max: 730, words: 'days greater than 0 and at most 730' },
  overdue_over_60: { min: 0, minExclusive: false, max: null, words: 'an amount of 0 or more' },
  promises_kept_rate: { min: 0, minExclusive: true, max: 100, words: 'a percentage greater than 0 and at most 100' },
};

const HUNDREDTHS = /^(\d{1,6})(?:\.(\d{1,2}))?$/;

/** A typed target (decimal text or a number) → the stored integer, or why it is not sensible. */
export function parseTargetValue(metric: TargetMetric, raw: string | number, currency: string): Parsed<number> {
  const text = typeof raw === 'number' ? (Number.isFinite(raw) ? String(raw) : 'NaN') : raw.trim();
  const limit = LIMITS[metric];
  let stored: number;
  if (UNIT[metric] === 'money') {
    const parsed = parseMoney(text, currency, { allowNegative: true });
    if (!parsed.ok) return { ok: false, message: `${metric} target: ${parsed.message}` };
    stored = parsed.value;
  } else {
    const m = HUNDREDTHS.exec(text);
    if (!m) return { ok: false, message: `${metric} target "${text}": give ${limit.words}, with at most 2 decimals` };
    stored = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  }
  const shown = UNIT[metric] === 'money' ? toDecimal(stored, currency) : stored / 100;
  const below = limit.minExclusive ? shown <= limit.min : shown < limit.min;
  if (below || (limit.max !== null && shown > limit.max)) return { ok: false, message: `${metric} target "${text}": give ${limit.words}` };
  return { ok: true, value: stored };
}

/** The stored integer → the number the API answers (money in major units, days and percent as decimals). */
export function targetValue(metric: TargetMetric, stored: number, currency: string): number {
  return UNIT[metric] === 'money' ? toDecimal(stored, currency) : stored / 100;
}
