/**
 * Integer money checks and the rounding rules of the analytics. Money stays integer minor units;
 * ratios and day figures are plain numbers, rounded only for display.
 */
import { divRoundHalfAway as divideMoney } from '../money';
import { isIsoDate, type IsoDate } from '../dates';
import { AnalyticsInputError } from './errors';

/** A figure that may not exist for the data given; `reason` says why, in words a user can act on. */
export type Figure = { value: number; reason?: undefined } | { value: null; reason: string };

export function figure(value: number): Figure {
  return { value };
}

export function noFigure(reason: string): Figure {
  return { value: null, reason };
}

export function assertMinor(value: number, what: string): void {
  if (!Number.isSafeInteger(value)) {
    throw new AnalyticsInputError(`${what} must be a whole number of minor units, got ${value}`);
  }
}

export function assertDate(value: IsoDate, what: string): void {
  if (typeof value !== 'string' || !isIsoDate(value)) {
    throw new AnalyticsInputError(`${what} must be a date as YYYY-MM-DD, got ${String(value)}`);
  }
}

/** Σ of minor units; refuses a total that would lose cents to floating point. */
export function sumMinor(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  if (!Number.isSafeInteger(total)) throw new AnalyticsInputError(`a total of ${total} is out of the exact range`);
  return total;
}

/** n ÷ d rounded half away from zero (commercial rounding), exact: the money module's rule. */
export function divRoundHalfAway(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new AnalyticsInputError('division by zero');
  return divideMoney(n, d);
}

/**
 * A day figure or ratio rounded half away from zero for display (30.416… → 30.42).
 * The value is first fixed to 12 decimals, which drops binary noise such as 14.599999999999994 or
 * 1.00499999999999989 (the double nearest 1.005), and the rounding is then done on the decimal digits.
 */
export function roundForDisplay(value: number, decimals: 0 | 1 | 2 = 1): number {
  if (!Number.isFinite(value)) throw new AnalyticsInputError(`cannot round ${value}`);
  const abs = Math.abs(value);
  if (abs >= 1e15) return Math.sign(value) * Math.round(abs);
  const fixed = BigInt(abs.toFixed(12).replace('.', ''));
  const rounded = divRoundHalfAway(fixed, 10n ** BigInt(12 - decimals));
  const result = Number(rounded) / 10 ** decimals;
  return value < 0 && result !== 0 ? -result : result;
}
