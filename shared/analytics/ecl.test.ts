import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eclAllowance, effectiveRatePpm, percentToPpm, ppmToPercent, suggestMatrix, type ProvisionMatrix } from './ecl';

// The IFRS 9 illustrative provision matrix (DOMAIN.md), in cents.
const ifrs: ProvisionMatrix = {
  version: 'ifrs9-example',
  buckets: [
    { label: 'Current', ratePpm: 3_000 }, // 0.3 %
    { label: '1-30', ratePpm: 16_000 }, // 1.6 %
    { label: '31-60', ratePpm: 36_000 }, // 3.6 %
    { label: '61-90', ratePpm: 66_000 }, // 6.6 %
    { label: '91+', ratePpm: 106_000 }, // 10.6 %
  ],
};
const balances = [1_500_000_000, 750_000_000, 400_000_000, 250_000_000, 100_000_000];

describe('eclAllowance', () => {
  it('DOMAIN.md: 45,000 / 120,000 / 144,000 / 165,000 / 106,000, total 580,000 on 30,000,000, exactly', () => {
    const r = eclAllowance(balances, ifrs);
    expect(r.lines.map((l) => l.allowance)).toEqual([4_500_000, 12_000_000, 14_400_000, 16_500_000, 10_600_000]);
    expect(r.totalAllowance).toBe(58_000_000);
    expect(r.totalBalance).toBe(3_000_000_000);
    expect(r.lines[0]).toEqual({ label: 'Current', balance: 1_500_000_000, ratePpm: 3_000, effectiveRatePpm: 3_000, allowance: 4_500_000 });
    expect([r.version, r.overlay]).toEqual(['ifrs9-example', 1]);
  });
  it('a forward-looking overlay of 1.1 raises every rate by a tenth: total 638,000', () => {
    // rates 0.33 %, 1.76 %, 3.96 %, 7.26 %, 11.66 % → 49,500 + 132,000 + 158,400 + 181,500 + 116,600 = 638,000
    const r = eclAllowance(balances, { ...ifrs, overlay: 1.1 });
    expect(r.lines.map((l) => l.effectiveRatePpm)).toEqual([3_300, 17_600, 39_600, 72_600, 116_600]);
    expect(r.lines.map((l) => l.allowance)).toEqual([4_950_000, 13_200_000, 15_840_000, 18_150_000, 11_660_000]);
    expect(r.totalAllowance).toBe(63_800_000);
    expect(r.overlay).toBe(1.1);
  });
  it('rounds each bucket once, half away from zero, to the cent', () => {
    const m: ProvisionMatrix = { version: 'v', buckets: [{ label: 'a', ratePpm: 500_000 }, { label: 'b', ratePpm: 3_000 }, { label: 'c', ratePpm: 1 }] };
    // 1 × 50 % = 0.5 → 1; 3 × 0.3 % = 0.009 → 0; 500,000 × 0.0001 % = 0.5 → 1
    expect(eclAllowance([1, 3, 500_000], m).lines.map((l) => l.allowance)).toEqual([1, 0, 1]);
    expect(eclAllowance([0, 0, 0], m).totalAllowance).toBe(0);
  });
  it('the rate after the overlay is rounded to a whole ppm and capped at 100 %', () => {
    expect(effectiveRatePpm(900_000, 1.2)).toBe(1_000_000);
    expect(effectiveRatePpm(5, 1.1)).toBe(6); // 5.5 → 6
    expect(effectiveRatePpm(3_000, 0.95)).toBe(2_850);
    expect(effectiveRatePpm(3_000, undefined)).toBe(3_000);
    expect(eclAllowance([1_000], { version: 'v', buckets: [{ label: 'x', ratePpm: 900_000 }], overlay: 1.5 }).lines[0]!.allowance).toBe(1_000);
  });
  it('refuses what cannot be computed exactly', () => {
    expect(() => eclAllowance([1, 2], ifrs)).toThrow('2 bucket balances for a matrix of 5 buckets');
    expect(() => eclAllowance([-1, 0, 0, 0, 0], ifrs)).toThrow('the Current balance must be ≥ 0');
    expect(() => eclAllowance([0.5, 0, 0, 0, 0], ifrs)).toThrow('minor units');
    expect(() => eclAllowance(balances, { ...ifrs, overlay: 0 })).toThrow('positive multiplier');
    expect(() => eclAllowance(balances, { ...ifrs, overlay: 1.1234567 })).toThrow('at most 6 decimals');
    expect(() => eclAllowance(balances, { ...ifrs, overlay: 1e-7 })).toThrow('got 1e-7');
    expect(() => eclAllowance([1], { version: 'v', buckets: [{ label: 'x', ratePpm: 0.5 }] })).toThrow('0 to 1,000,000 ppm');
    expect(() => eclAllowance([1], { version: 'v', buckets: [{ label: 'x', ratePpm: 1_000_001 }] })).toThrow('0 to 1,000,000 ppm');
    expect(() => eclAllowance([1], { version: '', buckets: [{ label: 'x', ratePpm: 1 }] })).toThrow('needs a version');
  });
  it('property: total = Σ bucket allowances, each within half a cent of balance × rate and never above the balance', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1e13 }), fc.integer({ min: 0, max: 1_000_000 })), { minLength: 1, maxLength: 24 }),
        fc.option(fc.integer({ min: 1, max: 3_000 }).map((n) => n / 1000), { nil: undefined }),
        (rows, overlay) => {
          const matrix: ProvisionMatrix = { version: 'p', buckets: rows.map(([, ratePpm], i) => ({ label: `b${i}`, ratePpm })), ...(overlay ? { overlay } : {}) };
          const r = eclAllowance(rows.map(([b]) => b), matrix);
          expect(r.totalAllowance).toBe(r.lines.reduce((s, l) => s + l.allowance, 0));
          for (const l of r.lines) {
            // |allowance − balance × rate ÷ 10⁶| ≤ ½, in integers: |2 × 10⁶ × allowance − 2 × balance × rate| ≤ 10⁶
            const diff = 2_000_000n * BigInt(l.allowance) - 2n * BigInt(l.balance) * BigInt(l.effectiveRatePpm);
            expect(diff <= 1_000_000n && diff >= -1_000_000n).toBe(true);
            expect(l.allowance).toBeLessThanOrEqual(l.balance);
            expect(l.allowance).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });
});

describe('percentages and ppm', () => {
  it.each([['0.3', 3_000], ['1.6', 16_000], ['10.6', 106_000], ['100', 1_000_000], ['0', 0], ['0.0001', 1], [' 2.25 ', 22_500]])('"%s" % → %i ppm', (text, ppm) => {
    expect(percentToPpm(text)).toEqual({ ok: true, value: ppm });
    expect(percentToPpm(ppmToPercent(ppm))).toEqual({ ok: true, value: ppm });
  });
  it.each(['0.00001', '-1', '100.0001', '1,5', '', 'abc'])('refuses "%s"', (text) => {
    expect(percentToPpm(text).ok).toBe(false);
  });
  it('ppmToPercent writes the shortest exact decimal', () => {
    expect([3_000, 16_000, 1, 1_000_000, 0].map(ppmToPercent)).toEqual(['0.3', '1.6', '0.0001', '100', '0']);
  });
});

describe('suggestMatrix from write-off history', () => {
  it('per bucket, Σ written off ÷ Σ balance over the snapshots, in ppm', () => {
    // Current: (300 + 100) ÷ (100,000 + 100,000) = 0.2 % = 2,000 ppm
    // 1-30:    (900 + 700) ÷ (50,000 + 50,000) = 1.6 % = 16,000 ppm
    // 31+:     1 ÷ 3 of a cent-balance = 333,333.33… → 333,333 ppm
    // 91+:     nothing ever there → 0 with a note
    const s = suggestMatrix(['Current', '1-30', '31+', '91+'], [
      { balances: [100_000, 50_000, 1, 0], writtenOff: [300, 900, 0, 0] },
      { balances: [100_000, 50_000, 2, 0], writtenOff: [100, 700, 1, 0] },
    ], 'hist-2024');
    expect(s.matrix).toEqual({
      version: 'hist-2024',
      buckets: [{ label: 'Current', ratePpm: 2_000 }, { label: '1-30', ratePpm: 16_000 }, { label: '31+', ratePpm: 333_333 }, { label: '91+', ratePpm: 0 }],
    });
    expect(s.evidence[1]).toEqual({ label: '1-30', balance: 100_000, writtenOff: 1_600 });
    expect(s.evidence[3]?.note).toMatch(/^no balance in the history/);
  });
  it('no history: every rate 0', () => {
    expect(suggestMatrix(['a'], [], 'v').matrix.buckets).toEqual([{ label: 'a', ratePpm: 0 }]);
  });
  it('refuses write-offs larger than the balance and mismatched snapshots', () => {
    expect(() => suggestMatrix(['a'], [{ balances: [1], writtenOff: [2] }], 'v')).toThrow('need 0 ≤ written off (2) ≤ balance (1)');
    expect(() => suggestMatrix(['a', 'b'], [{ balances: [1], writtenOff: [0] }], 'v')).toThrow('snapshot 1 has 1 balances');
  });
  it('a suggested matrix applied to its own history gives back the write-offs (to rounding)', () => {
    const s = suggestMatrix(['a', 'b'], [{ balances: [1_000_000, 400_000], writtenOff: [2_500, 12_000] }], 'v');
    expect(eclAllowance([1_000_000, 400_000], s.matrix).lines.map((l) => l.allowance)).toEqual([2_500, 12_000]);
  });
});
