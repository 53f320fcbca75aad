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

/** A bucket's line in five parts: still in the bucket at the next month-end, rolled to a later bucket, and the settlements. */
export interface RollParts {
  opening: number;
  stayed: number;
  rolledForward: number;
  collected: number;
  writtenOff: number;
  credited: number;
}

/**
 * Bucket `bucket`'s line in parts. Days past due only grow, so nothing rolls back; anything recorded below the bucket
 * counts as staying.
 */
export function rollParts(l: RollLine, bucket: number): RollParts {
  const sum = (xs: number[]) => xs.reduce((a, v) => a + v, 0);
  return {
    opening: l.opening, stayed: sum(l.rolledTo.slice(0, bucket + 1)), rolledForward: sum(l.rolledTo.slice(bucket + 1)),
    collected: l.collected, writtenOff: l.writtenOff, credited: l.credited,
  };
}

export interface RollSummary extends RollParts {
  /** The parts in percent of the opening balance, 2 decimals, adding up to 100 (all 0 for an empty bucket). */
  percent: Omit<RollParts, 'opening'>;
}

export function rollSummary(l: RollLine, bucket: number): RollSummary {
  const p = rollParts(l, bucket);
  const [stayed, rolledForward, collected, writtenOff, credited] = percentShares([p.stayed, p.rolledForward, p.collected, p.writtenOff, p.credited], p.opening).map((x) => x / 100) as [number, number, number, number, number];
  return { ...p, percent: { stayed, rolledForward, collected, writtenOff, credited } };
}

/** The last month-end on or before a date. */
export function lastMonthEnd(date: IsoDate): IsoDate {
  return endOfMonth(date) === date ? date : endOfMonth(addMonths(date, -1));
}

/** The month-ends of the last `months` whole months up to a date: months + 1 dates, oldest first. */
export function rollWindow(asOf: IsoDate, months: number): IsoDate[] {
  const last = lastMonthEnd(asOf);
  return monthEnds(addMonths(last, -months), last);
}
