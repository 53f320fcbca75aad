import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../dates';
import { ageOpenItems, ageingRow, bucketSet, sumAgeing } from './ageing';
import {
  countback, countbackDso, countbackFigures, countbackMonths, daysDelinquent, MAX_COUNTBACK_MONTHS, standardDso,
  sumMonthlySales, type MonthSales, type SalesPeriod,
} from './dso';
import { figure, noFigure, roundForDisplay } from './numbers';

const months30 = (...sales: number[]): SalesPeriod[] => sales.map((s) => ({ days: 30, sales: s }));

describe('standard DSO (DOMAIN.md examples; amounts in cents)', () => {
  it('150,000 ÷ 1,800,000 × 365 = 30.42', () => {
    // 150,000 × 365 ÷ 1,800,000 = 54,750,000 ÷ 1,800,000 = 30.41666…
    const dso = standardDso(15_000_000, 180_000_000, 365);
    expect(dso.value).toBeCloseTo(30.416666666666668, 12);
    expect(roundForDisplay(dso.value!, 2)).toBe(30.42);
    expect(roundForDisplay(dso.value!, 1)).toBe(30.4);
  });
  it('1,200,000 ÷ 10,000,000 × 365 = 43.8', () => {
    expect(standardDso(120_000_000, 1_000_000_000, 365).value).toBe(43.8);
  });
  it('BPDSO and ADD: total 15,000, current 4,000, sales of the last 30 days 10,000 → DSO 45, BPDSO 12, ADD 33', () => {
    const dso = standardDso(1_500_000, 1_000_000, 30);
    const bpdso = standardDso(400_000, 1_000_000, 30);
    expect(dso.value).toBe(45);
    expect(bpdso.value).toBe(12);
    expect(daysDelinquent(dso, bpdso).value).toBe(33);
  });
  it('ADD: DSO 43.8 − BPDSO 29.2 = 14.6', () => {
    // 29.2 = 800,000 ÷ 10,000,000 × 365
    const bpdso = standardDso(80_000_000, 1_000_000_000, 365);
    expect(bpdso.value).toBe(29.2);
    const add = daysDelinquent(standardDso(120_000_000, 1_000_000_000, 365), bpdso);
    expect(add.value).toBeCloseTo(14.6, 12);
    expect(roundForDisplay(add.value!, 1)).toBe(14.6);
  });
  it('no sales → no figure with a reason; AR ≤ 0 → 0', () => {
    expect(standardDso(100, 0, 365)).toEqual({ value: null, reason: 'no sales in the period' });
    expect(standardDso(100, -5, 365).value).toBeNull();
    expect(standardDso(0, 100, 365)).toEqual({ value: 0 });
    expect(standardDso(-100, 100, 365)).toEqual({ value: 0 });
  });
  it('refuses fractions of a cent and a non-positive period', () => {
    expect(() => standardDso(1.5, 100, 365)).toThrow('minor units');
    expect(() => standardDso(1, 100, 0)).toThrow('positive number of days');
  });
});

describe('countback over arbitrary periods', () => {
  it('DOMAIN.md: 212,000 against 100,000 / 80,000 / 70,000 (30-day months) → 73.71', () => {
    // 30 + 30 + 30 × 32,000 ÷ 70,000 = 60 + 96/7 = 516/7 = 73.714285…
    const r = countback(21_200_000, months30(10_000_000, 8_000_000, 7_000_000));
    expect(r.value).toBeCloseTo(516 / 7, 12);
    expect(roundForDisplay(r.value!, 2)).toBe(73.71);
    expect(r.periods).toEqual([
      { days: 30, sales: 10_000_000, arBefore: 21_200_000, arAfter: 11_200_000, daysCounted: 30, coverage: 'full' },
      { days: 30, sales: 8_000_000, arBefore: 11_200_000, arAfter: 3_200_000, daysCounted: 30, coverage: 'full' },
      { days: 30, sales: 7_000_000, arBefore: 3_200_000, arAfter: 0, daysCounted: 96 / 7, coverage: 'partial' },
    ]);
  });
  it('AR exactly equal to the newest period’s sales: all its days, nothing further', () => {
    const r = countback(10_000_000, months30(10_000_000, 8_000_000));
    expect(r.value).toBe(30);
    expect(r.periods).toHaveLength(1);
  });
  it('AR exhausted exactly at the end of the second period', () => {
    expect(countback(18_000_000, months30(10_000_000, 8_000_000, 1)).value).toBe(60);
  });
  it('AR below the first period’s sales: a fraction of it', () => {
    // 30 × 2,500 ÷ 10,000 = 7.5
    expect(countback(250_000, months30(1_000_000)).value).toBe(7.5);
  });
  it('zero-sales and negative-net-sales periods are covered whole: their days, nothing subtracted', () => {
    // 30 (0 sales) + 30 (−500 net) + 30 × 1,000 ÷ 4,000 = 67.5
    const r = countback(100_000, months30(0, -50_000, 400_000));
    expect(r.value).toBe(67.5);
    expect(r.periods.map((p) => [p.arBefore, p.arAfter])).toEqual([[100_000, 100_000], [100_000, 100_000], [100_000, 0]]);
  });
  it('AR ≤ 0 → 0; negative AR → 0', () => {
    expect(countback(0, months30(100))).toEqual({ value: 0, periods: [] });
    expect(countback(-5_000, months30(100))).toEqual({ value: 0, periods: [] });
  });
  it('no sales at all → no figure (checked before AR)', () => {
    expect(countback(1_000, months30(0, 0))).toEqual({ value: null, reason: 'no sales in the 2 period(s) supplied', periods: [] });
    expect(countback(0, []).value).toBeNull();
  });
  it('AR the periods cannot exhaust → no figure, with how much is unexplained', () => {
    const r = countback(25_000, months30(10_000, 10_000, 0));
    expect(r.value).toBeNull();
    expect(r.reason).toBe('receivables exceed the sales of the 3 period(s) supplied (5000 minor units unexplained)');
    expect(r.periods).toHaveLength(3);
  });
});

/**
 * Independent oracle: the smallest t such that sales spread evenly over each period's days, summed
 * over the last t days, reach AR — found by bisection rather than by walking periods.
 */
function bisectionOracle(ar: number, periods: SalesPeriod[]): number | null {
  const covered = (t: number): number => {
    let left = t;
    let sum = 0;
    for (const p of periods) {
      const d = Math.min(left, p.days);
      sum += (Math.max(0, p.sales) * d) / p.days;
      left -= d;
      if (left <= 0) break;
    }
    return sum;
  };
  const total = periods.reduce((s, p) => s + p.days, 0);
  if (covered(total) < ar) return null;
  let lo = 0;
  let hi = total;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (covered(mid) >= ar) hi = mid;
    else lo = mid;
  }
  return hi;
}

describe('countback: properties', () => {
  const periodsArb = fc.array(fc.record({ days: fc.integer({ min: 1, max: 31 }), sales: fc.integer({ min: -1_000, max: 5_000_000 }) }), { minLength: 1, maxLength: 24 });

  it('agrees with the bisection oracle', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60_000_000 }), periodsArb, (ar, periods) => {
        fc.pre(periods.some((p) => p.sales > 0));
        const r = countback(ar, periods);
        const oracle = bisectionOracle(ar, periods);
        if (oracle === null) expect(r.value).toBeNull();
        else expect(r.value).toBeCloseTo(oracle, 6);
      }),
    );
  });

  it('between 0 and the days supplied, and never lower for more AR', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1_000, max: 60_000_000 }), fc.integer({ min: 0, max: 1_000_000 }), periodsArb, (ar, more, periods) => {
        const a = countback(ar, periods);
        const b = countback(ar + more, periods);
        if (a.value === null) {
          expect(b.value).toBeNull();
          return;
        }
        expect(a.value).toBeGreaterThanOrEqual(0);
        expect(a.value).toBeLessThanOrEqual(periods.reduce((s, p) => s + p.days, 0));
        if (b.value !== null) expect(b.value).toBeGreaterThanOrEqual(a.value);
      }),
    );
  });
});

describe('countback over calendar months', () => {
  it('the month of D counts from its 1st to D; February has 29 days in 2024', () => {
    expect(countbackMonths('2024-03-15', 4)).toEqual([
      { start: '2024-03-01', end: '2024-03-15', days: 15 },
      { start: '2024-02-01', end: '2024-02-29', days: 29 },
      { start: '2024-01-01', end: '2024-01-31', days: 31 },
      { start: '2023-12-01', end: '2023-12-31', days: 31 },
    ]);
    expect(countbackMonths('2023-03-01', 2)).toEqual([
      { start: '2023-03-01', end: '2023-03-01', days: 1 },
      { start: '2023-02-01', end: '2023-02-28', days: 28 },
    ]);
    expect(countbackMonths('2024-01-31', 1)).toEqual([{ start: '2024-01-01', end: '2024-01-31', days: 31 }]);
  });

  const withSales = (asOf: string, sales: number[]): MonthSales[] =>
    countbackMonths(asOf, sales.length).map((m, i) => ({ start: m.start, end: m.end, sales: sales[i]! }));

  it('hand example as of 2024-03-15 (leap year) = 91 days', () => {
    // AR 130,000.00. Mar 1–15: 15 days, sales 40,000 → 90,000 left; Feb: 29 days, 58,000 → 32,000 left;
    // Jan: 31 days, no sales → covered whole; Dec: 31 × 32,000 ÷ 62,000 = 16. 15 + 29 + 31 + 16 = 91.
    const r = countbackDso(13_000_000, withSales('2024-03-15', [4_000_000, 5_800_000, 0, 6_200_000]), '2024-03-15');
    expect(r.value).toBe(91);
    expect(r.periods.map((p) => [p.start, p.daysCounted, p.coverage])).toEqual([
      ['2024-03-01', 15, 'full'], ['2024-02-01', 29, 'full'], ['2024-01-01', 31, 'full'], ['2023-12-01', 16, 'partial'],
    ]);
  });
  it('the same figures a year earlier (February of 28 days) = 90 days', () => {
    expect(countbackDso(13_000_000, withSales('2023-03-15', [4_000_000, 5_800_000, 0, 6_200_000]), '2023-03-15').value).toBe(90);
  });
  it('D on the 1st: the first period is one day', () => {
    // 1 day with sales 1,000 covers; then 30 × (3,000 − 1,000) ÷ 4,000 of April's 30 days = 15 → 16
    expect(countbackDso(300_000, withSales('2024-05-01', [100_000, 400_000]), '2024-05-01').value).toBe(16);
  });
  it('months that do not join up, or more than 24, are refused', () => {
    const ok = withSales('2024-03-15', [1, 2]);
    expect(() => countbackDso(1, [ok[1]!, ok[0]!], '2024-03-15')).toThrow('month 1 of the sales must run 2024-03-01 to 2024-03-15 (newest first)');
    expect(() => countbackDso(1, [{ ...ok[0]!, end: '2024-03-31' }], '2024-03-15')).toThrow('month 1');
    expect(() => countbackMonths('2024-03-15', MAX_COUNTBACK_MONTHS + 1)).toThrow('1 to 24 months');
    expect(countbackMonths('2024-03-15', MAX_COUNTBACK_MONTHS)).toHaveLength(24);
    expect(countbackDso(1, [], '2024-03-15')).toEqual({ value: null, reason: 'no months of sales supplied', periods: [] });
  });
  it('24 months that cannot exhaust AR → no figure', () => {
    const r = countbackDso(1_000_000_000, withSales('2024-03-15', Array(24).fill(1_000)), '2024-03-15');
    expect(r.value).toBeNull();
    expect(r.reason).toMatch(/^receivables exceed the sales of the 24 period/);
  });
  it('DSO, BPDSO and ADD from one set of totals', () => {
    // AR 9,000 of which 3,000 current; 30-day April then March 31 days; sales 6,000 and 6,200.
    // DSO: 30 + 31 × 3,000 ÷ 6,200 = 45; BPDSO: 30 × 3,000 ÷ 6,000 = 15; ADD 30.
    const f = countbackFigures(900_000, 300_000, withSales('2024-04-30', [600_000, 620_000]), '2024-04-30');
    expect([f.dso.value, f.bpdso.value, f.add.value]).toEqual([45, 15, 30]);
  });
  it('ADD needs both figures', () => {
    expect(daysDelinquent(noFigure('no sales'), figure(3))).toEqual({ value: null, reason: 'no DSO: no sales' });
    expect(daysDelinquent(figure(3), noFigure('x'))).toEqual({ value: null, reason: 'no best possible DSO: x' });
  });
});

describe('group figures come from the group’s totals', () => {
  const asOf = '2024-06-30';
  const buckets = bucketSet([30, 60, 90, 120]);
  const months = countbackMonths(asOf, 12);
  type Invoice = { customer: number; docDate: string; dueDate: string; amount: number; outstanding: number };
  const monthlySales = (invoices: Invoice[]): MonthSales[] =>
    months.map((m) => ({ start: m.start, end: m.end, sales: invoices.filter((i) => i.docDate >= m.start && i.docDate <= m.end).reduce((s, i) => s + i.amount, 0) }));
  const figures = (invoices: Invoice[], unapplied: number) => {
    const row = ageingRow(ageOpenItems(invoices.filter((i) => i.outstanding > 0), asOf, 'due', buckets), unapplied);
    return { row, sales: monthlySales(invoices) };
  };

  it('property: DSO from summed customer totals = DSO of all their documents as one customer', () => {
    const invoiceArb = fc
      .record({ customer: fc.integer({ min: 0, max: 4 }), day: fc.integer({ min: 0, max: 364 }), terms: fc.integer({ min: 0, max: 60 }), amount: fc.integer({ min: 1, max: 1_000_000 }), paidPercent: fc.integer({ min: 0, max: 100 }) })
      .map((r): Invoice => ({ customer: r.customer, docDate: addDays(asOf, -r.day), dueDate: addDays(asOf, r.terms - r.day), amount: r.amount, outstanding: r.amount - Math.floor((r.amount * r.paidPercent) / 100) }));
    fc.assert(
      fc.property(fc.array(invoiceArb, { maxLength: 60 }), fc.array(fc.integer({ min: -50_000, max: 0 }), { minLength: 5, maxLength: 5 }), (invoices, unapplied) => {
        const perCustomer = [0, 1, 2, 3, 4].map((c) => figures(invoices.filter((i) => i.customer === c), unapplied[c]!));
        const groupRow = sumAgeing(perCustomer.map((p) => p.row), buckets.length);
        const group = countbackFigures(groupRow.total, groupRow.amounts[0]!, sumMonthlySales(perCustomer.map((p) => p.sales)), asOf);
        const merged = figures(invoices, unapplied.reduce((s, u) => s + u, 0));
        expect(groupRow).toEqual(merged.row);
        expect(group).toEqual(countbackFigures(merged.row.total, merged.row.amounts[0]!, merged.sales, asOf));
      }),
    );
  });

  it('and is not the average of the customers’ DSOs', () => {
    // X: AR 100 against 100 of sales in the 30 days of June → 30 days. Y: AR 10 against 1,000 → 0.3 days.
    // Group: AR 110 against 1,100 → 3 days; the average of 30 and 0.3 would say 15.15.
    const june = (sales: number) => [{ start: '2024-06-01', end: '2024-06-30', sales }];
    const x = countbackDso(100, june(100), asOf).value!;
    const y = countbackDso(10, june(1_000), asOf).value!;
    const group = countbackDso(110, sumMonthlySales([june(100), june(1_000)]), asOf).value!;
    expect([x, y, group]).toEqual([30, 0.3, 3]);
    expect((x + y) / 2).not.toBe(group);
  });

  it('sumMonthlySales refuses members over different months', () => {
    expect(() => sumMonthlySales([monthlySales([]), monthlySales([]).slice(1)])).toThrow('same months');
    expect(sumMonthlySales([])).toEqual([]);
  });
});
