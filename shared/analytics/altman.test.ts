import { describe, expect, it } from 'vitest';
import { altmanZ, altmanZDoublePrime, altmanZone, altmanZPrime, type FinancialStatements } from './altman';

// A healthy company, in cents: total assets 1,000,000.00; current assets 500,000 − current liabilities
// 300,000 = working capital 200,000 (X1 0.2); retained earnings 300,000 (X2 0.3); EBIT 100,000 (X3 0.1);
// total liabilities 400,000; book equity 600,000 (X4 1.5); market equity 800,000 (X4 2.0); sales 1,500,000 (X5 1.5).
const healthy: FinancialStatements = {
  totalAssets: 100_000_000, currentAssets: 50_000_000, currentLiabilities: 30_000_000, totalLiabilities: 40_000_000,
  retainedEarnings: 30_000_000, ebit: 10_000_000, bookEquity: 60_000_000, marketEquity: 80_000_000, sales: 150_000_000,
};

describe('Altman scores', () => {
  it('Z″ = 6.56 × 0.2 + 3.26 × 0.3 + 6.72 × 0.1 + 1.05 × 1.5 = 1.312 + 0.978 + 0.672 + 1.575 = 4.537 → safe', () => {
    const z = altmanZDoublePrime(healthy);
    expect(z.value).toBeCloseTo(4.537, 12);
    expect(z.zone).toBe('safe');
    expect(z.ratios).toEqual({ x1: 0.2, x2: 0.3, x3: 0.1, x4: 1.5 });
  });
  it('Z = 1.2 × 0.2 + 1.4 × 0.3 + 3.3 × 0.1 + 0.6 × 2.0 + 1.0 × 1.5 = 3.69 → safe', () => {
    const z = altmanZ(healthy);
    expect(z.value).toBeCloseTo(3.69, 12);
    expect(z.zone).toBe('safe');
    expect(z.ratios?.x4).toBe(2);
  });
  it('Z′ = 0.717 × 0.2 + 0.847 × 0.3 + 3.107 × 0.1 + 0.420 × 1.5 + 0.998 × 1.5 = 2.8352 → grey', () => {
    const z = altmanZPrime(healthy);
    expect(z.value).toBeCloseTo(0.1434 + 0.2541 + 0.3107 + 0.63 + 1.497, 12);
    expect(z.zone).toBe('grey');
  });
  it('a loss-making, indebted company: Z″ = −1.312 − 0.326 − 0.336 + 1.05 × 10/90 = −1.8573… → distress', () => {
    const z = altmanZDoublePrime({
      totalAssets: 10_000, currentAssets: 2_000, currentLiabilities: 4_000, totalLiabilities: 9_000,
      retainedEarnings: -1_000, ebit: -500, bookEquity: 1_000,
    });
    expect(z.value).toBeCloseTo(-1.312 - 0.326 - 0.336 + 1.05 / 9, 12);
    expect(z.zone).toBe('distress');
  });
  it.each([
    ['Z"', 2.61, 'safe'], ['Z"', 2.6, 'grey'], ['Z"', 1.1, 'grey'], ['Z"', 1.09, 'distress'],
    ['Z', 3, 'safe'], ['Z', 2.99, 'grey'], ['Z', 1.81, 'grey'], ['Z', 1.8, 'distress'],
    ["Z'", 2.91, 'safe'], ["Z'", 2.9, 'grey'], ["Z'", 1.23, 'grey'], ["Z'", 1.22, 'distress'],
  ] as const)('%s %d is %s (boundaries are grey)', (model, value, zone) => {
    expect(altmanZone(model, value)).toBe(zone);
  });
  it('missing or unusable figures → no score, with the reason', () => {
    expect(altmanZDoublePrime({ ...healthy, totalAssets: 0 }).reason).toBe('total assets must be greater than 0');
    expect(altmanZDoublePrime({ ...healthy, totalLiabilities: 0 }).value).toBeNull();
    expect(altmanZ({ ...healthy, marketEquity: undefined }).reason).toBe('market value of equity is needed');
    expect(altmanZPrime({ ...healthy, sales: undefined }).reason).toBe('sales are needed');
    expect(altmanZDoublePrime({ ...healthy, sales: undefined, marketEquity: undefined }).value).toBeCloseTo(4.537, 12);
  });
  it('refuses fractions of a cent', () => {
    expect(() => altmanZDoublePrime({ ...healthy, ebit: 0.5 })).toThrow('ebit must be a whole number of minor units');
  });
});
