/**
 * Ageing: open items into day buckets, on one of two bases.
 * - 'due': days past due = as-of − due date; ≤ 0 is Current; then 1-30, 31-60, …, 121+.
 * - 'document': days since the document = as-of − document date; 0-30, 31-60, …, 121+ (no Current:
 *   a document is 0 days old on its own date). The two are different populations, so every heading
 *   says which (`bucketHeading`).
 * Boundaries are inclusive upper bounds. Each item's outstanding goes whole into one bucket.
 */
import { daysBetween, type IsoDate } from '../dates';
import type { Parsed } from '../money';
import { AnalyticsInputError } from './errors';
import { assertDate, assertMinor, sumMinor } from './numbers';

export type AgeingBasis = 'due' | 'document';

/** Days `from`..`to` inclusive; `from` null = no lower end (Current), `to` null = open-ended last bucket. */
export interface Bucket {
  readonly label: string;
  readonly from: number | null;
  readonly to: number | null;
}

export const DEFAULT_BOUNDARIES: readonly number[] = [30, 60, 90, 120];
export const MAX_BOUNDARIES = 24;
/** Ten years; users have asked for 720. */
export const MAX_BOUNDARY_DAYS = 3650;

/** Checks user-supplied boundaries (e.g. from a request) and says exactly what is wrong. */
export function checkBoundaries(input: unknown): Parsed<number[]> {
  const fail = (message: string): Parsed<number[]> => ({ ok: false, message });
  if (!Array.isArray(input)) return fail('bucket boundaries must be a list of days, e.g. 30, 60, 90, 120');
  if (input.length === 0) return fail('at least one bucket boundary is needed, e.g. 30, 60, 90, 120');
  if (input.length > MAX_BOUNDARIES) return fail(`at most ${MAX_BOUNDARIES} bucket boundaries are allowed, got ${input.length}`);
  for (let i = 0; i < input.length; i++) {
    const b: unknown = input[i];
    if (typeof b !== 'number' || !Number.isInteger(b)) return fail(`bucket boundary ${i + 1} (${String(b)}) is not a whole number of days`);
    if (b < 1) return fail(`bucket boundary ${i + 1} (${b}) must be at least 1 day`);
    if (b > MAX_BOUNDARY_DAYS) return fail(`bucket boundary ${i + 1} (${b}) exceeds the maximum of ${MAX_BOUNDARY_DAYS} days`);
    const prev = input[i - 1] as number | undefined;
    if (prev !== undefined && b <= prev) return fail(`bucket boundaries must be strictly increasing: ${b} comes after ${prev}`);
  }
  return { ok: true, value: [...(input as number[])] };
}

function range(from: number, to: number | null): string {
  if (to === null) return `${from}+`;
  return from === to ? `${from}` : `${from}-${to}`;
}

/** [30, 60, 90, 120] → due: Current, 1-30, 31-60, 61-90, 91-120, 121+; document: 0-30, 31-60, 61-90, 91-120, 121+. */
export function bucketSet(boundaries: readonly number[], basis: AgeingBasis = 'due'): Bucket[] {
  const checked = checkBoundaries(boundaries);
  if (!checked.ok) throw new AnalyticsInputError(checked.message);
  const bs = checked.value;
  const buckets: Bucket[] = basis === 'due' ? [{ label: 'Current', from: null, to: 0 }] : [];
  let from = basis === 'due' ? 1 : 0;
  for (const to of bs) {
    buckets.push({ label: range(from, to), from, to });
    from = to + 1;
  }
  buckets.push({ label: range(from, null), from, to: null });
  return buckets;
}

/** "1-30 days past due", "0-30 days since invoice", "Current (not yet due)". */
export function bucketHeading(bucket: Bucket, basis: AgeingBasis): string {
  if (basis === 'due') return bucket.from === null ? 'Current (not yet due)' : `${bucket.label} days past due`;
  return `${bucket.label} days since invoice`;
}

export function daysFor(item: { dueDate: IsoDate; docDate: IsoDate }, asOf: IsoDate, basis: AgeingBasis): number {
  return daysBetween(basis === 'due' ? item.dueDate : item.docDate, asOf);
}

export function bucketIndex(days: number, buckets: readonly Bucket[]): number {
  if (!Number.isInteger(days)) throw new AnalyticsInputError(`days must be a whole number, got ${days}`);
  for (let i = 0; i < buckets.length; i++) {
    const b = buckets[i]!;
    if (b.from !== null && days < b.from) {
      throw new AnalyticsInputError(`${days} days is before the first bucket (${b.label}): a document dated after the as-of date?`);
    }
    if (b.to === null || days <= b.to) return i;
  }
  throw new AnalyticsInputError('the bucket set has no open-ended last bucket');
}

export interface AgeableItem {
  outstanding: number;
  dueDate: IsoDate;
  docDate: IsoDate;
}

/** Amount per bucket (same order as `buckets`). */
export function ageOpenItems(items: readonly AgeableItem[], asOf: IsoDate, basis: AgeingBasis, buckets: readonly Bucket[]): number[] {
  assertDate(asOf, 'the as-of date');
  const amounts = buckets.map(() => 0);
  for (const item of items) {
    assertMinor(item.outstanding, 'an outstanding amount');
    const i = bucketIndex(daysFor(item, asOf, basis), buckets);
    amounts[i]! += item.outstanding;
  }
  for (const a of amounts) assertMinor(a, 'a bucket total');
  return amounts;
}

/** One line of an aged balance: buckets, unapplied cash/credit (≤ 0), and total = Σ buckets + unapplied = balance. */
export interface AgeingRow {
  amounts: number[];
  unapplied: number;
  total: number;
}

export function ageingRow(amounts: readonly number[], unapplied: number): AgeingRow {
  assertMinor(unapplied, 'unapplied');
  if (unapplied > 0) throw new AnalyticsInputError(`unapplied cash/credit is a credit, so ≤ 0; got ${unapplied}`);
  for (const a of amounts) assertMinor(a, 'a bucket amount');
  return { amounts: [...amounts], unapplied, total: sumMinor([...amounts, unapplied]) };
}

/** A group's row is the sum of its customers' rows, bucket by bucket. */
export function sumAgeing(rows: readonly AgeingRow[], bucketCount: number): AgeingRow {
  const amounts = Array.from({ length: bucketCount }, () => 0);
  let unapplied = 0;
  for (const row of rows) {
    if (row.amounts.length !== bucketCount) {
      throw new AnalyticsInputError(`cannot add an ageing row of ${row.amounts.length} buckets to one of ${bucketCount}`);
    }
    row.amounts.forEach((a, i) => (amounts[i]! += a));
    unapplied += row.unapplied;
  }
  return ageingRow(amounts, unapplied);
}

/** "Always show the check": the aged total against the ledger (control account) balance. */
export function ageingCheck(row: AgeingRow, ledgerBalance: number): { difference: number; balanced: boolean } {
  assertMinor(ledgerBalance, 'the ledger balance');
  const difference = row.total - ledgerBalance;
  return { difference, balanced: difference === 0 };
}
