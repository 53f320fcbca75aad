import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FinancialStatements } from './altman';
import {
  creditScore, GRADE_FACTOR_TENTHS, gradeFor, MODEL_VERSION, NO_LIMIT_POINTS, POINTS, recommendedLimit, WEIGHTS,
  type DriverName, type ScoreInputs,
} from './credit-score';

// Amounts in cents.
const typical: ScoreInputs = {
  paymentIndex: 65, // 40 + 15 × 40/30 = 60 points
  add: 10, // 100 − 10 × 30/15 = 80
  addRecent3m: 12, addPrior9m: 7, // +5 days: 70 − 5 × 30/10 = 55
  balance: 7_000_000, unbilled: 2_000_000, creditLimit: 10_000_000, // exposure 90,000 ÷ 100,000 = 0.9: 70 − 0.1 × 30/0.2 = 55
  openItems: 10_000_000, pastDue90: 500_000, // 5 % → 70
  creditNotes12m: 200_000, invoices12m: 10_000_000, // 2 % → 80
};
const healthyStatements: FinancialStatements = {
  totalAssets: 100_000_000, currentAssets: 50_000_000, currentLiabilities: 30_000_000, totalLiabilities: 40_000_000,
  retainedEarnings: 30_000_000, ebit: 10_000_000, bookEquity: 60_000_000,
}; // Z″ 4.537 → 100 points

const driver = (s: ReturnType<typeof creditScore>, name: DriverName) => s.drivers.find((d) => d.driver === name)!;

describe('credit score cs-1.0', () => {
  it('documented weights add up to 100; every points table runs from safe to risky in order', () => {
    expect(MODEL_VERSION).toBe('cs-1.0');
    expect(Object.values(WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
    for (const table of Object.values(POINTS)) {
      for (let i = 1; i < table.length; i++) expect(table[i]![0]).toBeGreaterThan(table[i - 1]![0]);
      const ys = table.map(([, y]) => y);
      expect(Math.min(...ys)).toBe(0);
      expect(Math.max(...ys)).toBe(100);
    }
  });

  it('hand-computed typical customer: (25×60 + 20×80 + 10×55 + 15×55 + 15×70 + 5×80) ÷ 90 = 5,925 ÷ 90 = 65.83 → 66, B', () => {
    const s = creditScore(typical);
    expect(s.drivers.map((d) => [d.driver, d.value === null ? null : +d.value.toFixed(9), d.points === null ? null : +d.points.toFixed(9)])).toEqual([
      ['payment_index', 65, 60], ['add', 10, 80], ['add_trend', 5, 55], ['utilisation', 0.9, 55],
      ['past_due_90', 0.05, 70], ['disputes', 0.02, 80], ['altman_z2', null, null],
    ]);
    expect([s.score, s.grade, s.thinFile, s.notes]).toEqual([66, 'B', false, []]);
    // re-normalised over the 90 points of weight available: payment index 25/90 = 27.78 %
    expect(driver(s, 'payment_index').weight).toBeCloseTo(2500 / 90, 12);
    expect(driver(s, 'altman_z2')).toMatchObject({ weight: 0, baseWeight: 10, contribution: 0, reason: 'no financial statements on file' });
    expect(s.drivers.reduce((a, d) => a + d.weight, 0)).toBeCloseTo(100, 12);
    expect(s.drivers.reduce((a, d) => a + d.contribution, 0)).toBeCloseTo(5925 / 90, 9);
  });

  it('with financial statements: Altman Z″ 4.537 scores 100 at weight 10 → (5,925 + 1,000) ÷ 100 = 69.25 → 69, B', () => {
    const s = creditScore({ ...typical, financials: healthyStatements });
    expect(driver(s, 'altman_z2').value).toBeCloseTo(4.537, 12);
    expect(driver(s, 'altman_z2').points).toBe(100);
    expect([s.score, s.grade]).toEqual([69, 'B']);
  });

  it('unusable statements make the Altman driver unavailable, with the reason', () => {
    const s = creditScore({ ...typical, financials: { ...healthyStatements, totalAssets: 0 } });
    expect(driver(s, 'altman_z2').reason).toBe('Altman Z″ not computable: total assets must be greater than 0');
    expect(s.score).toBe(66);
  });

  it('best and worst customers: 100 A and 0 E', () => {
    const best = creditScore({
      paymentIndex: 100, add: -3, addRecent3m: 0, addPrior9m: 12, balance: 100, unbilled: 0, creditLimit: 1_000,
      openItems: 100, pastDue90: 0, creditNotes12m: 0, invoices12m: 10_000, financials: healthyStatements,
    });
    expect([best.score, best.grade]).toEqual([100, 'A']);
    const worst = creditScore({
      paymentIndex: 20, add: 150, addRecent3m: 90, addPrior9m: 20, balance: 5_000, unbilled: 1_000, creditLimit: 2_000,
      openItems: 6_000, pastDue90: 5_000, creditNotes12m: 3_000, invoices12m: 6_000,
      financials: { ...healthyStatements, currentAssets: 0, retainedEarnings: -90_000_000, ebit: -20_000_000 },
    });
    expect([worst.score, worst.grade]).toEqual([0, 'E']);
  });

  it('no credit limit: utilisation is scored neutral (50) with the reason, at full weight', () => {
    const s = creditScore({ ...typical, creditLimit: 0 });
    expect(driver(s, 'utilisation')).toMatchObject({ value: null, points: NO_LIMIT_POINTS, baseWeight: 15 });
    expect(driver(s, 'utilisation').reason).toMatch(/^no credit limit set: scored neutral \(50\)/);
    expect(creditScore({ ...typical, creditLimit: null }).score).toBe(65); // (5,925 − 15 × 5) ÷ 90 = 65
  });

  it('a negative exposure (credit balance) uses nothing of the limit: 100 points', () => {
    expect(driver(creditScore({ ...typical, balance: -5_000, unbilled: 0 }), 'utilisation').points).toBe(100);
  });

  it('nothing open: the past-due share is 0, with the reason', () => {
    expect(driver(creditScore({ ...typical, openItems: 0, pastDue90: 0 }), 'past_due_90')).toMatchObject({ value: 0, points: 100, reason: 'nothing open' });
  });

  it('thin file: no payment index and no ADD → grade at most C, with a note; the score itself is not touched', () => {
    const s = creditScore({
      paymentIndex: null, add: null, addRecent3m: null, addPrior9m: null, balance: 0, unbilled: 0, creditLimit: 100_000,
      openItems: 0, pastDue90: 0, creditNotes12m: 0, invoices12m: 0,
    });
    expect(s.drivers.filter((d) => d.points !== null).map((d) => d.driver)).toEqual(['utilisation', 'past_due_90']);
    expect(driver(s, 'utilisation').weight).toBe(50);
    expect([s.score, s.grade, s.thinFile]).toEqual([100, 'C', true]);
    expect(s.notes).toEqual(['no payment history (no payment index, no ADD): grade A capped at C']);
    const poor = creditScore({ ...typical, paymentIndex: null, add: null, creditLimit: 1_000, balance: 5_000 });
    expect([poor.grade, poor.notes]).toEqual([gradeFor(poor.score), []]);
  });

  it('grades: A ≥ 80, B ≥ 65, C ≥ 50, D ≥ 35, E below', () => {
    expect([100, 80, 79, 65, 64, 50, 49, 35, 34, 0].map(gradeFor)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D', 'E', 'E']);
  });

  it('property: an integer 0–100; each driver 0–100; re-normalised weights add to 100', () => {
    const opt = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
    const money = fc.integer({ min: 0, max: 1e12 });
    fc.assert(
      fc.property(
        fc.record({
          paymentIndex: opt(fc.double({ min: 20, max: 100, noNaN: true })), add: opt(fc.double({ min: -30, max: 400, noNaN: true })),
          addRecent3m: opt(fc.integer({ min: -30, max: 400 })), addPrior9m: opt(fc.integer({ min: -30, max: 400 })),
          balance: fc.integer({ min: -1e9, max: 1e12 }), unbilled: money, creditLimit: opt(money),
          openItems: money, pastDue90: money, creditNotes12m: money, invoices12m: money,
        }).map((x) => ({ ...x, pastDue90: Math.min(x.pastDue90, x.openItems) })),
        (x) => {
          const s = creditScore(x);
          expect(Number.isInteger(s.score)).toBe(true);
          expect(s.score).toBeGreaterThanOrEqual(0);
          expect(s.score).toBeLessThanOrEqual(100);
          for (const d of s.drivers) if (d.points !== null) expect(d.points >= 0 && d.points <= 100).toBe(true);
          expect(s.drivers.reduce((a, d) => a + d.weight, 0)).toBeCloseTo(100, 9);
        },
      ),
    );
  });

  it('refuses fractions of a cent', () => {
    expect(() => creditScore({ ...typical, balance: 0.5 })).toThrow('balance must be a whole number of minor units');
    expect(() => creditScore({ ...typical, add: Number.NaN })).toThrow('not a number');
  });
});

describe('recommended limit', () => {
  it('3,650,000 a year ÷ 365 = 10,000 a day × (30 terms + 15 grace) × 1.2 (B) = 540,000', () => {
    const l = recommendedLimit({ netSales12m: 365_000_000, termsDays: 30, graceDays: 15, grade: 'B', policyMax: null });
    expect(l).toMatchObject({ limit: 54_000_000, uncapped: 54_000_000, runRatePerDay: 1_000_000, days: 45, gradeFactor: 1.2, capped: false });
    expect(l.formula).toBe('365000000 ÷ 365 × 45 days × 1.2 (grade B)');
  });
  it('grade factors A 1.5, B 1.2, C 1.0, D 0.6, E 0', () => {
    expect(GRADE_FACTOR_TENTHS).toEqual({ A: 15, B: 12, C: 10, D: 6, E: 0 });
    const at = (grade: 'A' | 'B' | 'C' | 'D' | 'E') => recommendedLimit({ netSales12m: 365_000_000, termsDays: 30, graceDays: 15, grade, policyMax: null }).limit;
    expect((['A', 'B', 'C', 'D', 'E'] as const).map(at)).toEqual([67_500_000, 54_000_000, 45_000_000, 27_000_000, 0]);
  });
  it('capped by the policy maximum, and says so', () => {
    const l = recommendedLimit({ netSales12m: 365_000_000, termsDays: 30, graceDays: 15, grade: 'A', policyMax: 50_000_000 });
    expect([l.limit, l.uncapped, l.capped]).toEqual([50_000_000, 67_500_000, true]);
    expect(l.formula).toMatch(/capped at the policy maximum 50000000$/);
  });
  it('exact integer arithmetic, rounded once, half away from zero', () => {
    // 1,000.01 ÷ 365 × 30 × 1.0 = 82.1926… → 82.19; in cents: 100,001 × 30 × 10 ÷ 3,650 = 8,219.26… → 8,219
    expect(recommendedLimit({ netSales12m: 100_001, termsDays: 30, graceDays: 0, grade: 'C', policyMax: null }).limit).toBe(8_219);
    // 73 × 25 × 10 ÷ 3,650 = 5 exactly; 365 × 1 × 6 ÷ 3,650 = 0.6 → 1
    expect(recommendedLimit({ netSales12m: 73, termsDays: 25, graceDays: 0, grade: 'C', policyMax: null }).limit).toBe(5);
    expect(recommendedLimit({ netSales12m: 365, termsDays: 1, graceDays: 0, grade: 'D', policyMax: null }).limit).toBe(1);
  });
  it('no (or negative net) sales → 0', () => {
    expect(recommendedLimit({ netSales12m: -500, termsDays: 30, graceDays: 0, grade: 'A', policyMax: null }).limit).toBe(0);
  });
  it('refuses fractional days', () => {
    expect(() => recommendedLimit({ netSales12m: 1, termsDays: 30.5, graceDays: 0, grade: 'A', policyMax: null })).toThrow('terms days must be a whole number');
    expect(() => recommendedLimit({ netSales12m: 1, termsDays: 30, graceDays: -1, grade: 'A', policyMax: null })).toThrow('grace days');
  });
});
