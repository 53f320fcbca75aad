import { describe, expect, it } from 'vitest';
import type { RollLine } from '../forecast/roll-rates';
import { lossRatesFromRollRates } from './ecl-roll-rates';

const line = (opening: number, rolledTo: number[], collected: number, writtenOff = 0, credited = 0): RollLine => ({ opening, rolledTo, collected, writtenOff, credited });
const LABELS = ['Current', '1-30', '31+'];

describe('lossRatesFromRollRates', () => {
  // Two months, amount-weighted (Σ ÷ Σ):
  //  Current: 1,000 (200 stay, 600 → 1-30, 200 collected) + 1,000 (300 → 1-30, 100 → 31+ skipping 1-30, 600 collected)
  //    opening 2,000, stayed 200, left 1,800, rolled forward 1,000 → 1,000 / 1,800 = 55.5556 %.
  //  1-30: 500 (300 → 31+, 200 collected) + 600 (200 → 31+, 300 collected, 60 written off, 40 credited)
  //    left 1,100: rolled forward 500 → 45.4545 %, written off 60 → 5.4545 %.
  //  31+: 400 (200 stay, 100 collected, 100 written off) + 500 (300 stay, 100 written off, 100 credited)
  //    stayed 500, left 400, written off 200 → 50 %.
  // Loss rates, from the last bucket back:
  //  31+ 50 %; 1-30 = 5.4545 % + 45.4545 % × 50 % = 5.4545 % + 22.72725 % (→ 22.7273 %) = 28.1818 %;
  //  Current = 0 % + 55.5556 % × 28.1818 % = 15.6565680808 % → 15.6566 %.
  const months = [
    [line(1000, [200, 600, 0], 200), line(500, [0, 0, 300], 200), line(400, [0, 0, 200], 100, 100)],
    [line(1000, [0, 300, 100], 600), line(600, [0, 0, 200], 300, 60, 40), line(500, [0, 0, 300], 0, 100, 100)],
  ];

  it('chains the averaged roll-forward rates to the last bucket’s write-off rate', () => {
    const r = lossRatesFromRollRates(LABELS, months, 'rr');
    expect(r.matrix).toEqual({ version: 'rr', buckets: [{ label: 'Current', ratePpm: 156_566 }, { label: '1-30', ratePpm: 281_818 }, { label: '31+', ratePpm: 500_000 }] });
    expect(r.steps.map((s) => [s.opening, s.stayed, s.rolledForward, s.collected, s.writtenOff, s.credited, s.left])).toEqual([
      [2000, 200, 1000, 800, 0, 0, 1800],
      [1100, 0, 500, 500, 60, 40, 1100],
      [900, 500, 0, 100, 200, 100, 400],
    ]);
    expect(r.steps.map((s) => [s.rollForwardPpm, s.writeOffPpm, s.next])).toEqual([[555_556, 0, '1-30'], [454_545, 54_545, '31+'], [0, 500_000, null]]);
    expect(r.steps.map((s) => s.derivation)).toEqual([
      'loss rate Current = written off 0 % + rolled forward 55.5556 % × loss rate 1-30 28.1818 % = 15.6566 %',
      'loss rate 1-30 = written off 5.4545 % + rolled forward 45.4545 % × loss rate 31+ 50 % = 28.1818 %',
      'loss rate 31+ = written off 50 % of what left the bucket = 50 %',
    ]);
  });

  it('is the plain product of roll rates when nothing is written off before the last bucket', () => {
    // Each bucket: half rolls forward, half collected; the last writes off 1 in 4 of what leaves it → 1/2 × 1/2 × 1/4.
    const r = lossRatesFromRollRates(LABELS, [[line(800, [0, 400, 0], 400), line(600, [0, 0, 300], 300), line(1000, [0, 0, 600], 300, 100)]], 'rr');
    expect(r.matrix.buckets.map((b) => b.ratePpm)).toEqual([62_500, 125_000, 250_000]);
  });

  it('lets an empty bucket carry the next bucket’s rate, and gives an empty last bucket 0, with notes', () => {
    const r = lossRatesFromRollRates(LABELS, [[line(1000, [0, 1000, 0], 0), line(0, [0, 0, 0], 0), line(0, [0, 0, 0], 0)]], 'rr');
    expect(r.matrix.buckets.map((b) => b.ratePpm)).toEqual([0, 0, 0]);
    expect(r.steps[1]).toMatchObject({ rollForwardPpm: 1_000_000, note: expect.stringMatching(/assumed to roll forward in full to 31\+/) });
    expect(r.steps[2]!.note).toMatch(/no evidence/);
    const withLoss = lossRatesFromRollRates(LABELS, [[line(1000, [0, 1000, 0], 0), line(0, [0, 0, 0], 0), line(100, [0, 0, 0], 90, 10)]], 'rr');
    expect(withLoss.matrix.buckets.map((b) => b.ratePpm)).toEqual([100_000, 100_000, 100_000]);
  });

  it('refuses lines that do not fit the buckets, fractions of a minor unit and negative amounts', () => {
    expect(() => lossRatesFromRollRates(LABELS, [[line(1, [1, 0, 0], 0)]], 'x')).toThrow(/1 bucket lines for 3 buckets/);
    expect(() => lossRatesFromRollRates(['A'], [[line(1.5, [1.5], 0)]], 'x')).toThrow();
    expect(() => lossRatesFromRollRates(['A'], [[line(1, [2], -1)]], 'x')).toThrow(/≥ 0/);
    expect(() => lossRatesFromRollRates([], [], 'x')).toThrow(/at least one bucket/);
  });
});
