/**
 * Roll rates (ageing migration): what became, by the next month-end, of each bucket's balance at a month-end.
 * Each open item's outstanding amount at M either is still open at M+1 (in whatever bucket it has reached: the
 * same, the next, or further), or was settled in between: collected (payments), written off (adjustments whose
 * reference says WRITE-OFF) or credited (credit notes and other credits). So, exactly:
 *   opening = Σ rolledTo + collected + writtenOff + credited.
 */
import { addMonths, endOfMonth, type IsoDate } from '../dates';

export interface RollLine {
  opening: number;
  /** Still open at the next month-end, by the bucket it is in then. */
  rolledTo: number[];
  collected: number;
  writtenOff: number;
  credited: number;
}

/** Month-ends from the month of `from` to the month of `to`, inclusive. */
export function monthEnds(from: IsoDate, to: IsoDate): IsoDate[] {
  const out: IsoDate[] = [];
  for (let m = endOfMonth(from); m <= endOfMonth(to); m = endOfMonth(addMonths(m, 1))) out.push(m);
  return out;
}

/**
 * Shares of a total in hundredths of a percent that add up to exactly 100.00 % (largest remainder); all zero when
 * the total is zero.
 */
export function percentShares(parts: readonly number[], total: number): number[] {
  if (total <= 0) return parts.map(() => 0);
  const exact = parts.map((p) => (p * 10_000) / total);
  const floors = exact.map(Math.floor);
  let left = 10_000 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - floors[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left <= 0) break;
    floors[i]! += 1;
    left--;
  }
  return floors;
}

/** The rates of a line, in percent with 2 decimals, adding up to 100 (or all 0 for an empty bucket). */
export function rollRates(l: RollLine): { rolledTo: number[]; collected: number; writtenOff: number; credited: number } {
  const parts = [...l.rolledTo, l.collected, l.writtenOff, l.credited];
  const shares = percentShares(parts, l.opening).map((s) => s / 100);
  const n = l.rolledTo.length;
  return { rolledTo: shares.slice(0, n), collected: shares[n]!, writtenOff: shares[n + 1]!, credited: shares[n + 2]! };
}

/** Bucket-by-bucket sums of several groups' lines. */
export function sumRollLines(groups: readonly RollLine[][], buckets: number): RollLine[] {
  const out: RollLine[] = Array.from({ length: buckets }, () => ({ opening: 0, rolledTo: Array(buckets).fill(0), collected: 0, writtenOff: 0, credited: 0 }));
  for (const lines of groups) {
    lines.forEach((l, i) => {
      const t = out[i]!;
      t.opening += l.opening;
      l.rolledTo.forEach((v, j) => (t.rolledTo[j]! += v));
      t.collected += l.collected;
      t.writtenOff += l.writtenOff;
      t.credited += l.credited;
    });
  }
  return out;
}
