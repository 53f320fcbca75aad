/**
 * Credit score cs-1.0: an explainable scorecard, 0–100 (higher = safer), graded A–E, and a recommended
 * credit limit. The model is described in CREDIT-SCORE.md; change both together and bump MODEL_VERSION.
 */
import { AnalyticsInputError } from './errors';
import { altmanZDoublePrime, type FinancialStatements } from './altman';
import { assertMinor, divRoundHalfAway, roundForDisplay } from './numbers';
import { piecewiseLinear, type Anchor } from './piecewise';

export const MODEL_VERSION = 'cs-1.0';

export type DriverName = 'payment_index' | 'add' | 'add_trend' | 'utilisation' | 'past_due_90' | 'disputes' | 'altman_z2';
export type Grade = 'A' | 'B' | 'C' | 'D' | 'E';

/** Documented weights (sum 100); re-normalised over the drivers available for a customer. */
export const WEIGHTS: Readonly<Record<DriverName, number>> = {
  payment_index: 25,
  add: 20,
  add_trend: 10,
  utilisation: 15,
  past_due_90: 15,
  disputes: 5,
  altman_z2: 10,
};

/** Points tables: [driver value, points], straight lines between, flat beyond the ends. */
export const POINTS: Readonly<Record<DriverName, readonly Anchor[]>> = {
  payment_index: [[20, 0], [50, 40], [80, 80], [100, 100]],
  add: [[0, 100], [15, 70], [30, 45], [60, 15], [90, 0]],
  add_trend: [[-10, 100], [0, 70], [10, 40], [30, 0]],
  utilisation: [[0.5, 100], [0.8, 70], [1, 40], [1.2, 10], [1.5, 0]],
  past_due_90: [[0, 100], [0.05, 70], [0.15, 40], [0.3, 10], [0.5, 0]],
  disputes: [[0, 100], [0.02, 80], [0.05, 50], [0.1, 20], [0.2, 0]],
  altman_z2: [[0, 0], [1.1, 30], [2.6, 80], [4, 100]],
};

/** Points given to utilisation when the customer has no credit limit (0 in the ledger = none set). */
export const NO_LIMIT_POINTS = 50;

export const GRADE_FLOORS: readonly (readonly [Grade, number])[] = [['A', 80], ['B', 65], ['C', 50], ['D', 35], ['E', 0]];

/** Recommended-limit factor per grade, in tenths (A 1.5 … E 0) so the limit is computed exactly. */
export const GRADE_FACTOR_TENTHS: Readonly<Record<Grade, number>> = { A: 15, B: 12, C: 10, D: 6, E: 0 };

export interface ScoreInputs {
  /** PAYDEX-scale payment index over the last 12 months (paymentBehaviour().index), null if none. */
  paymentIndex: number | null;
  /** Average days delinquent now (DSO − BPDSO), null if not computable. */
  add: number | null;
  /** ADD over the last 3 months and over the 9 months before them, for the trend. */
  addRecent3m: number | null;
  addPrior9m: number | null;
  /** Minor units. Exposure = balance + unbilled. */
  balance: number;
  unbilled: number;
  /** Minor units; null or 0 = no limit set. */
  creditLimit: number | null;
  /** Σ open items (before unapplied credits) and the part more than 90 days past due. */
  openItems: number;
  pastDue90: number;
  /** Credit notes against invoices and invoices raised, last 12 months, minor units. */
  creditNotes12m: number;
  invoices12m: number;
  /** When financial statements are on file: Altman Z″. */
  financials?: FinancialStatements | null;
}

export interface DriverScore {
  driver: DriverName;
  /** The measured value (ratio, days or index), null when unavailable or not applicable. */
  value: number | null;
  /** 0–100, null when the driver is unavailable. */
  points: number | null;
  /** Share of the score, % (re-normalised over available drivers; 0 when unavailable). */
  weight: number;
  /** The documented weight. */
  baseWeight: number;
  /** points × weight ÷ 100: what the driver adds to the score. */
  contribution: number;
  reason?: string;
}

/** Utilisation and the past-due share always score, so there is always a score. */
export interface CreditScore {
  modelVersion: string;
  score: number;
  /** gradeFor(score), at most C on a thin file. */
  grade: Grade;
  /** Neither a payment index nor ADD: nothing is known of how the customer pays. */
  thinFile: boolean;
  notes: string[];
  drivers: DriverScore[];
}

/** The best grade a customer with no payment history can get. */
export const THIN_FILE_BEST_GRADE: Grade = 'C';

type Measured = { value: number | null; points: number | null; reason?: string };

function scored(driver: DriverName, value: number, reason?: string): Measured {
  return { value, points: piecewiseLinear(POINTS[driver], value), ...(reason ? { reason } : {}) };
}
const unavailable = (reason: string): Measured => ({ value: null, points: null, reason });

function measure(driver: DriverName, x: ScoreInputs): Measured {
  switch (driver) {
    case 'payment_index':
      return x.paymentIndex === null ? unavailable('no invoices settled or past due in the last 12 months') : scored(driver, x.paymentIndex);
    case 'add':
      return x.add === null ? unavailable('average days delinquent not computable (no sales to count back)') : scored(driver, x.add);
    case 'add_trend':
      if (x.addRecent3m === null || x.addPrior9m === null) return unavailable('needs ADD for the last 3 months and the 9 before');
      return scored(driver, x.addRecent3m - x.addPrior9m);
    case 'utilisation': {
      const exposure = x.balance + x.unbilled;
      if (!x.creditLimit) return { value: null, points: NO_LIMIT_POINTS, reason: `no credit limit set: scored neutral (${NO_LIMIT_POINTS}); set a limit to score utilisation` };
      return scored(driver, exposure / x.creditLimit);
    }
    case 'past_due_90':
      if (x.openItems <= 0) return scored(driver, 0, 'nothing open');
      return scored(driver, x.pastDue90 / x.openItems);
    case 'disputes':
      if (x.invoices12m <= 0) return unavailable('no invoices in the last 12 months');
      return scored(driver, x.creditNotes12m / x.invoices12m);
    case 'altman_z2': {
      if (!x.financials) return unavailable('no financial statements on file');
      const z = altmanZDoublePrime(x.financials);
      return z.value === null ? unavailable(`Altman Z″ not computable: ${z.reason}`) : scored(driver, z.value);
    }
  }
}

export function gradeFor(score: number): Grade {
  for (const [grade, floor] of GRADE_FLOORS) if (score >= floor) return grade;
  return 'E';
}

export function creditScore(inputs: ScoreInputs): CreditScore {
  for (const k of ['balance', 'unbilled', 'openItems', 'pastDue90', 'creditNotes12m', 'invoices12m'] as const) assertMinor(inputs[k], k);
  if (inputs.creditLimit !== null) assertMinor(inputs.creditLimit, 'creditLimit');
  const names = Object.keys(WEIGHTS) as DriverName[];
  const measured = names.map((driver) => ({ driver, ...measure(driver, inputs) }));
  const available = measured.reduce((s, m) => s + (m.points === null ? 0 : WEIGHTS[m.driver]), 0);
  const drivers: DriverScore[] = measured.map((m) => {
    const baseWeight = WEIGHTS[m.driver];
    const weight = m.points === null ? 0 : (baseWeight * 100) / available;
    return {
      driver: m.driver,
      value: m.value,
      points: m.points,
      weight,
      baseWeight,
      contribution: m.points === null ? 0 : (m.points * weight) / 100,
      ...(m.reason ? { reason: m.reason } : {}),
    };
  });
  const mean = measured.reduce((s, m) => s + (m.points === null ? 0 : m.points * WEIGHTS[m.driver]), 0) / available;
  const score = roundForDisplay(mean, 0);
  const thinFile = inputs.paymentIndex === null && inputs.add === null;
  const byScore = gradeFor(score);
  const notes: string[] = [];
  let grade = byScore;
  if (thinFile && byScore < THIN_FILE_BEST_GRADE /* letters: A is best */) {
    grade = THIN_FILE_BEST_GRADE;
    notes.push(`no payment history (no payment index, no ADD): grade ${byScore} capped at ${THIN_FILE_BEST_GRADE}`);
  }
  return { modelVersion: MODEL_VERSION, score, grade, thinFile, notes, drivers };
}

export interface LimitInputs {
  /** Net sales of the last 12 months, minor units. */
  netSales12m: number;
  termsDays: number;
  graceDays: number;
  grade: Grade;
  /** Policy maximum, minor units; null = no cap. */
  policyMax: number | null;
}

export interface RecommendedLimit {
  limit: number;
  /** Net sales ÷ 365, minor units per day (unrounded, for the explanation). */
  runRatePerDay: number;
  days: number;
  gradeFactor: number;
  /** run rate × days × factor, rounded half away from zero to the minor unit, before the cap. */
  uncapped: number;
  capped: boolean;
  formula: string;
}

/** limit = net sales of 12 months ÷ 365 × (terms + grace days) × grade factor, at most the policy maximum. */
export function recommendedLimit(x: LimitInputs): RecommendedLimit {
  assertMinor(x.netSales12m, 'net sales of 12 months');
  if (x.policyMax !== null) assertMinor(x.policyMax, 'the policy maximum');
  for (const [k, v] of [['terms days', x.termsDays], ['grace days', x.graceDays]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new AnalyticsInputError(`${k} must be a whole number ≥ 0, got ${v}`);
  }
  const tenths = GRADE_FACTOR_TENTHS[x.grade];
  const days = x.termsDays + x.graceDays;
  const sales = Math.max(0, x.netSales12m);
  const uncapped = Number(divRoundHalfAway(BigInt(sales) * BigInt(days) * BigInt(tenths), 3650n));
  const capped = x.policyMax !== null && uncapped > x.policyMax;
  const limit = capped ? x.policyMax! : uncapped;
  const gradeFactor = tenths / 10;
  return {
    limit,
    runRatePerDay: sales / 365,
    days,
    gradeFactor,
    uncapped,
    capped,
    formula: `${sales} ÷ 365 × ${days} days × ${gradeFactor} (grade ${x.grade})${capped ? `, capped at the policy maximum ${x.policyMax}` : ''}`,
  };
}
