import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthEnds, percentShares, rollRates } from './roll-rates';

describe('monthEnds', () => {
  it('lists the month-ends of a range, inclusive', () => {
    expect(monthEnds('2026-01-15', '2026-04-01')).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
    expect(monthEnds('2026-05-01', '2026-04-01')).toEqual([]);
  });
});

describe('percentShares', () => {
  it('rounds by largest remainder to exactly 100.00 %', () => {
    // 1/3 each: 3333.33 → 3333, 3333, 3333 and the 1 left goes to the first
    expect(percentShares([1, 1, 1], 3)).toEqual([3334, 3333, 3333]);
    expect(percentShares([0, 0], 0)).toEqual([0, 0]);
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 1e9 }), { minLength: 1, maxLength: 10 }), (parts) => {
      const total = parts.reduce((a, b) => a + b, 0);
      fc.pre(total > 0);
      expect(percentShares(parts, total).reduce((a, b) => a + b, 0)).toBe(10_000);
    }));
  });

  it('rollRates: 1,000 opening: 500 on to 1-30, 300 collected, 150 written off, 50 credited', () => {
    expect(rollRates({ opening: 1000, rolledTo: [0, 500], collected: 300, writtenOff: 150, credited: 50 })).toEqual({ rolledTo: [0, 50], collected: 30, writtenOff: 15, credited: 5 });
  });
});
