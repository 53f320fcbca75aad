import { describe, expect, it } from 'vitest';
import { divRoundHalfAway, roundForDisplay, sumMinor } from './numbers';
import { monthsEarlier } from './periods';
import { piecewiseLinear } from './piecewise';

describe('roundForDisplay: half away from zero on the decimal digits', () => {
  it.each([
    [30.416666666666668, 2, 30.42], [30.416666666666668, 1, 30.4], [14.599999999999994, 1, 14.6],
    [1.005, 2, 1.01], [2.675, 2, 2.68], [0.125, 2, 0.13], [-0.125, 2, -0.13], [2.5, 0, 3], [-2.5, 0, -3],
    [55.92948717948718, 2, 55.93], [55.92948717948718, 1, 55.9], [73.71428571428571, 2, 73.71], [-0.004, 2, 0], [0, 1, 0],
  ])('%d to %i decimals → %d', (value, decimals, expected) => {
    expect(roundForDisplay(value, decimals as 0 | 1 | 2)).toBe(expected);
  });
  it('never returns −0 and refuses non-finite values', () => {
    expect(Object.is(roundForDisplay(-0.001, 1), 0)).toBe(true);
    expect(() => roundForDisplay(Number.NaN)).toThrow('cannot round');
  });
});

describe('integer helpers', () => {
  it('divRoundHalfAway', () => {
    expect([divRoundHalfAway(5n, 2n), divRoundHalfAway(-5n, 2n), divRoundHalfAway(4n, 3n), divRoundHalfAway(5n, -3n)]).toEqual([3n, -3n, 1n, -2n]);
    expect(() => divRoundHalfAway(1n, 0n)).toThrow('division by zero');
  });
  it('sumMinor refuses totals beyond the exact range', () => {
    expect(sumMinor([1, 2, -3])).toBe(0);
    expect(() => sumMinor([Number.MAX_SAFE_INTEGER, 1])).toThrow('exact range');
  });
});

describe('monthsEarlier clamps to the month’s length', () => {
  it.each([
    ['2024-06-30', 12, '2023-06-30'], ['2024-02-29', 12, '2023-02-28'], ['2025-02-28', 12, '2024-02-28'],
    ['2024-03-31', 1, '2024-02-29'], ['2024-01-15', 1, '2023-12-15'], ['2024-01-31', 13, '2022-12-31'], ['2024-05-31', -1, '2024-06-30'],
  ])('%s less %i months → %s', (date, months, expected) => {
    expect(monthsEarlier(date, months)).toBe(expected);
  });
});

describe('piecewiseLinear', () => {
  const table = [[0, 10], [10, 0], [20, 5]] as const;
  it('anchors exactly, straight lines between, flat beyond the ends', () => {
    expect([-5, 0, 2.5, 10, 15, 20, 99].map((x) => piecewiseLinear(table, x))).toEqual([10, 10, 7.5, 0, 2.5, 5, 5]);
  });
  it('needs an anchor and a number', () => {
    expect(() => piecewiseLinear([], 1)).toThrow('at least one anchor');
    expect(() => piecewiseLinear(table, Number.NaN)).toThrow('not a number');
    expect(piecewiseLinear(table, Number.POSITIVE_INFINITY)).toBe(5);
  });
});
