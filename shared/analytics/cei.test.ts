import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cei } from './cei';
import { roundForDisplay } from './numbers';

describe('collection effectiveness index (amounts in cents)', () => {
  it('DOMAIN.md: opening 6,200, sales 10,890 over 3 months, closing 6,340, closing current 3,590 → 55.93 %', () => {
    // (6,200 + 3,630 − 6,340) ÷ (6,200 + 3,630 − 3,590) = 3,490 ÷ 6,240 = 0.559294… → 55.93 % (55.9 to one decimal)
    const r = cei({ openingAr: 620_000, creditSales: 1_089_000, months: 3, closingAr: 634_000, closingCurrentAr: 359_000 });
    expect(r.value).toBeCloseTo((3_490 / 6_240) * 100, 12);
    expect(roundForDisplay(r.value!, 2)).toBe(55.93);
    expect(roundForDisplay(r.value!, 1)).toBe(55.9);
    expect([r.collected, r.collectible]).toEqual([349_000, 624_000]);
  });
  it('sales not divisible by the months stay exact: only the final ratio divides', () => {
    // opening 0, sales 1.00 over 3 months (0.333…), closing 0, closing current 0 → 100 %
    const r = cei({ openingAr: 0, creditSales: 100, months: 3, closingAr: 0, closingCurrentAr: 0 });
    expect(r.value).toBe(100);
    expect(r.collected).toBeCloseTo(100 / 3, 12);
  });
  it('everything past due collected: closing = closing current → 100 %', () => {
    expect(cei({ openingAr: 500, creditSales: 1_200, months: 1, closingAr: 300, closingCurrentAr: 300 }).value).toBe(100);
  });
  it('nothing collected: closing = opening + sales ÷ N → 0 %', () => {
    expect(cei({ openingAr: 500, creditSales: 1_200, months: 1, closingAr: 1_700, closingCurrentAr: 900 }).value).toBe(0);
  });
  it('a tiny collectible base gives a large negative index, exactly (found by the property test)', () => {
    // opening 0.08, sales 0.01 over 5 months, closing 2,850.90, closing current 0.08:
    // × 5: (40 + 1 − 1,425,450) ÷ (40 + 1 − 40) × 100 = −142,540,900
    expect(cei({ openingAr: 8, creditSales: 1, months: 5, closingAr: 285_090, closingCurrentAr: 8 }).value).toBe(-142_540_900);
  });
  it('nothing collectible (denominator ≤ 0) → no figure with a reason', () => {
    const r = cei({ openingAr: 0, creditSales: 0, months: 1, closingAr: 0, closingCurrentAr: 0 });
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/^nothing was collectible/);
    expect(cei({ openingAr: 100, creditSales: 300, months: 3, closingAr: 250, closingCurrentAr: 250 }).value).toBeNull();
  });
  it('refuses fractional months and cents', () => {
    expect(() => cei({ openingAr: 1, creditSales: 1, months: 0, closingAr: 1, closingCurrentAr: 1 })).toThrow('months ≥ 1');
    expect(() => cei({ openingAr: 1, creditSales: 1, months: 1.5, closingAr: 1, closingCurrentAr: 1 })).toThrow('months ≥ 1');
    expect(() => cei({ openingAr: 0.5, creditSales: 1, months: 1, closingAr: 1, closingCurrentAr: 1 })).toThrow('minor units');
  });
  it('property: at most 100 % when closing current ≤ closing total, and the ÷ N form equals the × N form', () => {
    const m = fc.integer({ min: 0, max: 1_000_000_000 });
    fc.assert(
      fc.property(m, m, fc.integer({ min: 1, max: 24 }), m, m, (openingAr, creditSales, months, a, b) => {
        const [closingCurrentAr, closingAr] = a <= b ? [a, b] : [b, a];
        const r = cei({ openingAr, creditSales, months, closingAr, closingCurrentAr });
        const den = openingAr + creditSales / months - closingCurrentAr;
        if (r.value === null) return;
        expect(r.value).toBeLessThanOrEqual(100);
        // The ÷ N form in floats loses digits to cancellation (8 + 0.2 − 8 = 0.1999999999999993): compare relatively.
        const floatForm = ((openingAr + creditSales / months - closingAr) / den) * 100;
        expect(Math.abs(r.value - floatForm)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(floatForm)));
      }),
    );
  });
});
