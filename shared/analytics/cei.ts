/**
 * Collection effectiveness index (Credit Research Foundation):
 *   (opening AR + credit sales ÷ N − closing AR) ÷ (opening AR + credit sales ÷ N − closing current AR) × 100,
 * N = months in the period. We keep the ÷ N (some sources drop it). Both sides are multiplied by N
 * so the money arithmetic stays in integers; the only division is the final ratio.
 */
import { AnalyticsInputError } from './errors';
import { assertMinor, figure, noFigure, type Figure } from './numbers';

export interface CeiInput {
  openingAr: number;
  /** Credit sales over the whole period, minor units. */
  creditSales: number;
  months: number;
  closingAr: number;
  /** Closing receivables not yet due. */
  closingCurrentAr: number;
}

export type CeiResult = Figure & {
  /** opening + sales ÷ N − closing, in minor units (may carry a fraction from ÷ N). */
  collected: number;
  /** opening + sales ÷ N − closing current. */
  collectible: number;
};

export function cei(input: CeiInput): CeiResult {
  const { openingAr, creditSales, months, closingAr, closingCurrentAr } = input;
  assertMinor(openingAr, 'opening receivables');
  assertMinor(creditSales, 'credit sales');
  assertMinor(closingAr, 'closing receivables');
  assertMinor(closingCurrentAr, 'closing current receivables');
  if (!Number.isInteger(months) || months < 1) throw new AnalyticsInputError(`the period must be a whole number of months ≥ 1, got ${months}`);
  const collectedN = openingAr * months + creditSales - closingAr * months;
  const collectibleN = openingAr * months + creditSales - closingCurrentAr * months;
  if (!Number.isSafeInteger(collectedN) || !Number.isSafeInteger(collectibleN)) {
    throw new AnalyticsInputError('receivables × months are out of the exact range');
  }
  const parts = { collected: collectedN / months, collectible: collectibleN / months };
  if (collectibleN <= 0) {
    return { ...noFigure('nothing was collectible in the period (opening + sales ÷ months − closing current ≤ 0)'), ...parts };
  }
  return { ...figure((collectedN * 100) / collectibleN), ...parts };
}
