import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { monthEnds, percentShares, rollRates, rollSummary, rollWindow } from './roll-rates';

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

describe('rollSummary', () => {
  it('splits a bucket into stayed, rolled forward, collected, written off and credited, in amounts and percent', () => {
    // 1-30 (bucket 1), 1,200: 300 still in 1-30, 500 to 31-60 and 100 to 61-90 (600 forward), 200 paid, 60 written off, 40 credited.
    // 300 / 1,200 = 25 %, 600 / 1,200 = 50 %, 200 / 1,200 = 16.666… → 16.67 %, 5 %, 3.333… → 3.33 %.
    const s = rollSummary({ opening: 1200, rolledTo: [0, 300, 500, 100], collected: 200, writtenOff: 60, credited: 40 }, 1);
    expect(s).toEqual({ opening: 1200, stayed: 300, rolledForward: 600, collected: 200, writtenOff: 60, credited: 40, percent: { stayed: 25, rolledForward: 50, collected: 16.67, writtenOff: 5, credited: 3.33 } });
    expect(rollSummary({ opening: 0, rolledTo: [0, 0], collected: 0, writtenOff: 0, credited: 0 }, 0).percent).toEqual({ stayed: 0, rolledForward: 0, collected: 0, writtenOff: 0, credited: 0 });
  });
});

describe('rollWindow', () => {
  it('ends at the last month-end on or before the date', () => {
    expect(rollWindow('2026-06-30', 3)).toEqual(['2026-03-31', '2026-04-30', '2026-05-31', '2026-06-30']);
    expect(rollWindow('2026-06-29', 2)).toEqual(['2026-03-31', '2026-04-30', '2026-05-31']);
    expect(rollWindow('2024-03-31', 1)).toEqual(['2024-02-29', '2024-03-31']);
  });
});
