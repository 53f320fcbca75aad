/**
 * Expected credit loss, IFRS 9 simplified approach: a provision matrix of loss rates by ageing bucket.
 * Rates are integer parts per million (1 % = 10,000 ppm; 0.3 % = 3,000), so balance × rate is exact
 * and each bucket's allowance is rounded once, half away from zero, to the minor unit.
 * The forward-looking overlay is a multiplier on every rate (1.1 = rates 10 % higher, e.g. for a
 * worsening economy; 1 or absent = history as is). It is a decimal with at most 6 places; the rate after
 * the overlay is rounded to a whole ppm and capped at 100 %, and that is the rate shown and applied.
 */
import type { Parsed } from '../money';
import { AnalyticsInputError } from './errors';
import { assertMinor, divRoundHalfAway, sumMinor } from './numbers';

export const PPM = 1_000_000;

export interface MatrixBucket {
  label: string;
  /** Lifetime loss rate, parts per million of the balance. */
  ratePpm: number;
}

export interface ProvisionMatrix {
  version: string;
  buckets: MatrixBucket[];
  /** Forward-looking multiplier on every rate; absent = 1. */
  overlay?: number;
}

export interface EclLine {
  label: string;
  balance: number;
  /** The matrix rate, and the rate after the overlay that is applied. */
  ratePpm: number;
  effectiveRatePpm: number;
  allowance: number;
}

export interface EclResult {
  version: string;
  overlay: number;
  lines: EclLine[];
  totalBalance: number;
  totalAllowance: number;
}

const PERCENT = /^(\d{1,3})(?:\.(\d{1,4}))?$/;

/** "0.3" (percent) → 3000 ppm; at most 4 decimals of a percent, 0–100. */
export function percentToPpm(text: string): Parsed<number> {
  const m = PERCENT.exec(text.trim());
  if (!m) return { ok: false, message: `"${text}" is not a percentage with at most 4 decimals, e.g. 1.6` };
  const ppm = Number(m[1]) * 10_000 + Number((m[2] ?? '').padEnd(4, '0'));
  if (ppm > PPM) return { ok: false, message: `"${text}" is more than 100 %` };
  return { ok: true, value: ppm };
}

/** 3000 ppm → "0.3" (percent), exact. */
export function ppmToPercent(ppm: number): string {
  const whole = Math.floor(ppm / 10_000);
  const frac = String(ppm % 10_000).padStart(4, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : String(whole);
}

/** The overlay as an exact fraction: 1.1 → 11/10. Number → text gives back the decimal the user typed. */
function overlayFraction(overlay: number): [bigint, bigint] {
  const text = String(overlay);
  const m = /^(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m || overlay <= 0) throw new AnalyticsInputError(`the overlay must be a positive multiplier with at most 6 decimals, e.g. 1.1; got ${text}`);
  const frac = m[2] ?? '';
  return [BigInt(m[1]! + frac), 10n ** BigInt(frac.length)];
}

export function checkMatrix(matrix: ProvisionMatrix): void {
  if (!matrix.version) throw new AnalyticsInputError('a provision matrix needs a version');
  if (matrix.buckets.length === 0) throw new AnalyticsInputError('a provision matrix needs at least one bucket');
  for (const b of matrix.buckets) {
    if (!Number.isInteger(b.ratePpm) || b.ratePpm < 0 || b.ratePpm > PPM) {
      throw new AnalyticsInputError(`bucket ${b.label}: the rate must be 0 to 1,000,000 ppm (0–100 %), got ${b.ratePpm}`);
    }
  }
  if (matrix.overlay !== undefined) overlayFraction(matrix.overlay);
}

export function effectiveRatePpm(ratePpm: number, overlay: number | undefined): number {
  if (overlay === undefined) return ratePpm;
  const [num, den] = overlayFraction(overlay);
  return Math.min(PPM, Number(divRoundHalfAway(BigInt(ratePpm) * num, den)));
}

/** Allowance per bucket = round(balance × rate); balances by position, in the matrix's bucket order. */
export function eclAllowance(balancesByBucket: readonly number[], matrix: ProvisionMatrix): EclResult {
  checkMatrix(matrix);
  if (balancesByBucket.length !== matrix.buckets.length) {
    throw new AnalyticsInputError(`${balancesByBucket.length} bucket balances for a matrix of ${matrix.buckets.length} buckets`);
  }
  const lines = matrix.buckets.map((b, i): EclLine => {
    const balance = balancesByBucket[i]!;
    assertMinor(balance, `the ${b.label} balance`);
    if (balance < 0) throw new AnalyticsInputError(`the ${b.label} balance must be ≥ 0, got ${balance}`);
    const rate = effectiveRatePpm(b.ratePpm, matrix.overlay);
    const allowance = Number(divRoundHalfAway(BigInt(balance) * BigInt(rate), BigInt(PPM)));
    return { label: b.label, balance, ratePpm: b.ratePpm, effectiveRatePpm: rate, allowance };
  });
  return {
    version: matrix.version,
    overlay: matrix.overlay ?? 1,
    lines,
    totalBalance: sumMinor(lines.map((l) => l.balance)),
    totalAllowance: sumMinor(lines.map((l) => l.allowance)),
  };
}

/** One past snapshot: balance per bucket then, and how much of each bucket's balance was later written off. */
export interface WriteOffHistory {
  balances: number[];
  writtenOff: number[];
}

export interface SuggestedMatrix {
  matrix: ProvisionMatrix;
  evidence: { label: string; balance: number; writtenOff: number; note?: string }[];
}

/**
 * Historical loss rates: per bucket, Σ later written off ÷ Σ balance over the snapshots, in ppm
 * (rounded half away from zero). No overlay is added: that is a judgement the user records.
 */
export function suggestMatrix(labels: readonly string[], history: readonly WriteOffHistory[], version: string): SuggestedMatrix {
  const evidence = labels.map((label) => ({ label, balance: 0, writtenOff: 0 }));
  history.forEach((snap, s) => {
    if (snap.balances.length !== labels.length || snap.writtenOff.length !== labels.length) {
      throw new AnalyticsInputError(`snapshot ${s + 1} has ${snap.balances.length} balances and ${snap.writtenOff.length} write-offs for ${labels.length} buckets`);
    }
    labels.forEach((label, i) => {
      const bal = snap.balances[i]!;
      const off = snap.writtenOff[i]!;
      assertMinor(bal, `snapshot ${s + 1} ${label} balance`);
      assertMinor(off, `snapshot ${s + 1} ${label} write-off`);
      if (bal < 0 || off < 0 || off > bal) {
        throw new AnalyticsInputError(`snapshot ${s + 1} ${label}: need 0 ≤ written off (${off}) ≤ balance (${bal})`);
      }
      evidence[i]!.balance += bal;
      evidence[i]!.writtenOff += off;
    });
  });
  const buckets = evidence.map((e) => ({
    label: e.label,
    ratePpm: e.balance === 0 ? 0 : Number(divRoundHalfAway(BigInt(e.writtenOff) * BigInt(PPM), BigInt(e.balance))),
  }));
  return {
    matrix: { version, buckets },
    evidence: evidence.map((e) => (e.balance === 0 ? { ...e, note: 'no balance in the history: rate 0 until there is evidence' } : e)),
  };
}
