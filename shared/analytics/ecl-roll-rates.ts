/**
 * Loss rates for a provision matrix from roll rates (the flow-rate, or migration, method).
 *
 * Over the months of a window, amount-weighted (Σ amounts ÷ Σ amounts), each bucket's balance at a month-end either
 * stayed in the bucket at the next month-end, rolled forward to a later bucket, or left by collection, write-off or
 * credit. Only what left the bucket says where its balance ends up (what stayed leaves in a later month, on the
 * same odds), so each bucket's rates are shares of what left it:
 *   roll-forward rate    = rolled forward ÷ left
 *   write-off rate  = written off ÷ left
 * and, from the last (open-ended) bucket back:
 *   loss rate(last) = its write-off rate
 *   loss rate(b)    = write-off rate(b) + roll-forward rate(b) × loss rate(b + 1)
 * With no write-off straight from the earlier buckets this is the classic chain: loss rate(b) = product of the
 * roll-forward rates from b to the last bucket × the last bucket's write-off rate. A balance that skipped a bucket
 * counts as rolled forward to the next one.
 *
 * Every rate is an integer ppm (1 % = 10,000), each share rounded once half away from zero and each product
 * rounded once to the ppm, so every suggested rate can be recomputed from the rates shown beside it.
 */
import { rollParts, sumRollLines, type RollLine, type RollParts } from '../forecast/roll-rates';
import { ppmToPercent, PPM, type ProvisionMatrix } from './ecl';
import { AnalyticsInputError } from './errors';
import { assertMinor, divRoundHalfAway } from './numbers';

/** The parts are Σ over the window's months, minor units. */
export interface FlowStep extends RollParts {
  label: string;
  /** opening − stayed. */
  left: number;
  rollForwardPpm: number;
  writeOffPpm: number;
  /** The next bucket, whose loss rate the roll-forward rate multiplies; null for the last. */
  next: string | null;
  lossPpm: number;
  /** The line a finance user reads: how lossPpm follows from the rates. */
  derivation: string;
  note?: string;
}

export interface RollRateMatrix {
  matrix: ProvisionMatrix;
  steps: FlowStep[];
}

const share = (part: number, whole: number) => Number(divRoundHalfAway(BigInt(part) * BigInt(PPM), BigInt(whole)));
const pc = (ppm: number) => `${ppmToPercent(ppm)} %`;

/** The window's months summed per bucket, split into stayed / rolled forward / left. */
function evidence(labels: readonly string[], periods: readonly RollLine[][]) {
  periods.forEach((lines, p) => {
    if (lines.length !== labels.length) throw new AnalyticsInputError(`month ${p + 1} has ${lines.length} bucket lines for ${labels.length} buckets`);
    for (const l of lines) {
      for (const v of [l.opening, ...l.rolledTo, l.collected, l.writtenOff, l.credited]) {
        assertMinor(v, `month ${p + 1} roll-rate amount`);
        if (v < 0) throw new AnalyticsInputError(`month ${p + 1}: roll-rate amounts must be ≥ 0, got ${v}`);
      }
    }
  });
  return sumRollLines(periods, labels.length).map((l, b) => {
    const parts = rollParts(l, b);
    return { label: labels[b]!, ...parts, left: parts.opening - parts.stayed };
  });
}

/** Suggested loss rates per bucket from monthly roll lines (one RollLine[] per month, buckets in order). */
export function lossRatesFromRollRates(labels: readonly string[], periods: readonly RollLine[][], version: string): RollRateMatrix {
  if (labels.length === 0) throw new AnalyticsInputError('at least one bucket is needed');
  const sums = evidence(labels, periods);
  const steps: FlowStep[] = new Array(labels.length);
  for (let b = labels.length - 1; b >= 0; b--) {
    const e = sums[b]!;
    const next = b + 1 < labels.length ? steps[b + 1]! : null;
    if (!next) {
      const writeOffPpm = e.left > 0 ? share(e.writtenOff, e.left) : 0;
      steps[b] = {
        ...e, rollForwardPpm: 0, writeOffPpm, next: null, lossPpm: writeOffPpm,
        derivation: `loss rate ${e.label} = written off ${pc(writeOffPpm)} of what left the bucket = ${pc(writeOffPpm)}`,
        ...(e.left > 0 ? {} : { note: 'nothing left the bucket in the window: no evidence, rate 0' }),
      };
      continue;
    }
    // An empty bucket says nothing: assume all of it rolls forward, so it carries the next bucket's rate.
    const rollForwardPpm = e.left > 0 ? share(e.rolledForward, e.left) : PPM;
    const writeOffPpm = e.left > 0 ? share(e.writtenOff, e.left) : 0;
    const carried = Number(divRoundHalfAway(BigInt(rollForwardPpm) * BigInt(next.lossPpm), BigInt(PPM)));
    const lossPpm = Math.min(PPM, writeOffPpm + carried);
    steps[b] = {
      ...e, rollForwardPpm, writeOffPpm, next: next.label, lossPpm,
      derivation: `loss rate ${e.label} = written off ${pc(writeOffPpm)} + rolled forward ${pc(rollForwardPpm)} × loss rate ${next.label} ${pc(next.lossPpm)} = ${pc(lossPpm)}`,
      ...(e.left > 0 ? {} : { note: `nothing left the bucket in the window: assumed to roll forward in full to ${next.label}` }),
    };
  }
  return { matrix: { version, buckets: steps.map((s) => ({ label: s.label, ratePpm: s.lossPpm })) }, steps };
}
