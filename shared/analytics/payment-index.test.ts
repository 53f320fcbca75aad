import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PAYDEX_ANCHORS, paymentBehaviour, paymentIndex, paymentPoints, paymentRisk } from './payment-index';

describe('payment points on the PAYDEX scale', () => {
  it.each([
    [-30, 100], [-20, 90], [0, 80], [15, 70], [22, 60], [30, 50], [60, 40], [90, 30], [120, 20],
  ])('anchor: %i days beyond terms → %i', (days, points) => {
    expect(paymentPoints(days)).toBe(points);
  });
  it('100 at most (30 days early or more), 20 from 120 days beyond', () => {
    expect([paymentPoints(-31), paymentPoints(-365), paymentPoints(121), paymentPoints(10_000)]).toEqual([100, 100, 20, 20]);
  });
  it('between anchors, straight lines: the chart’s 89 ↔ 18 early and 45 ↔ 45 beyond; 23 beyond gives 58.75 (the chart prints 59)', () => {
    expect(paymentPoints(-18)).toBe(89); // 90 − 2 × 10/20
    expect(paymentPoints(45)).toBe(45); // 50 − 15 × 10/30
    expect(paymentPoints(23)).toBe(58.75); // 60 − 1 × 10/8
    expect(paymentPoints(7.5)).toBe(75); // 80 − 7.5 × 10/15
    expect(paymentPoints(105)).toBe(25);
  });
  it('property: within [20, 100] and never higher for more days beyond terms', () => {
    fc.assert(
      fc.property(fc.double({ min: -1_000, max: 1_000, noNaN: true }), fc.double({ min: 0, max: 500, noNaN: true }), (d, more) => {
        const p = paymentPoints(d);
        expect(p).toBeGreaterThanOrEqual(20);
        expect(p).toBeLessThanOrEqual(100);
        expect(paymentPoints(d + more)).toBeLessThanOrEqual(p);
      }),
    );
  });
  it('the anchors are in order', () => {
    for (let i = 1; i < PAYDEX_ANCHORS.length; i++) {
      expect(PAYDEX_ANCHORS[i]![0]).toBeGreaterThan(PAYDEX_ANCHORS[i - 1]![0]);
      expect(PAYDEX_ANCHORS[i]![1]).toBeLessThan(PAYDEX_ANCHORS[i - 1]![1]);
    }
  });
});

describe('paymentIndex: amount-weighted', () => {
  it('DOMAIN.md: equal amounts, one on terms (80) and one 30 days late (50) → 65', () => {
    expect(paymentIndex([{ amount: 50_000, daysBeyondTerms: 0 }, { amount: 50_000, daysBeyondTerms: 30 }]).value).toBe(65);
  });
  it('weights by amount: 3 × on terms and 1 × 60 days late → (3 × 80 + 40) ÷ 4 = 70', () => {
    expect(paymentIndex([{ amount: 300, daysBeyondTerms: 0 }, { amount: 100, daysBeyondTerms: 60 }]).value).toBe(70);
  });
  it('no invoices, or only zero amounts → no figure', () => {
    expect(paymentIndex([])).toEqual({ value: null, reason: 'no invoices paid or past due to score' });
    expect(paymentIndex([{ amount: 0, daysBeyondTerms: 5 }]).value).toBeNull();
  });
  it('refuses negative amounts and fractions of a cent', () => {
    expect(() => paymentIndex([{ amount: -1, daysBeyondTerms: 0 }])).toThrow('≥ 0');
    expect(() => paymentIndex([{ amount: 1.5, daysBeyondTerms: 0 }])).toThrow('minor units');
  });
  it('property: within [20, 100]', () => {
    fc.assert(
      fc.property(fc.array(fc.record({ amount: fc.integer({ min: 0, max: 1e10 }), daysBeyondTerms: fc.integer({ min: -400, max: 400 }) }), { minLength: 1 }), (invoices) => {
        const r = paymentIndex(invoices);
        if (r.value === null) return;
        expect(r.value).toBeGreaterThanOrEqual(20);
        expect(r.value).toBeLessThanOrEqual(100);
      }),
    );
  });
  it('risk reading: 80–100 low, 50–79 medium, below 50 high', () => {
    expect([100, 80, 79.9, 50, 49.9, 20].map(paymentRisk)).toEqual(['low', 'low', 'medium', 'medium', 'high', 'high']);
  });
});

describe('paymentBehaviour over the 12 months to D', () => {
  const asOf = '2024-06-30';
  // Settled in full (amounts in cents):
  //   a  1,000.00  doc 2024-04-01 due 2024-05-01 settled 2024-05-01 → 30 to pay, 0 beyond (80 pts)
  //   b  3,000.00  doc 2024-03-01 due 2024-03-31 settled 2024-04-30 → 60 to pay, 30 beyond (50 pts)
  //   c    500.00  settled 2023-07-01: the first day of the window (D less 12 months is 2023-06-30, excluded) → counted
  //                doc 2023-05-02 due 2023-06-01 → 60 to pay, 30 beyond (50 pts)
  //   d    700.00  settled 2023-06-30: outside the window
  //   e    900.00  settled 2024-07-01: after D, does not exist yet
  // Open on D:
  //   f  2,000.00 outstanding, due 2024-05-31 → 30 days past due (50 pts), counted in the index only
  //   g  4,000.00 outstanding, due 2024-06-30 → 0 days: not past due, ignored
  const settled = [
    { amount: 100_000, docDate: '2024-04-01', dueDate: '2024-05-01', settledOn: '2024-05-01' },
    { amount: 300_000, docDate: '2024-03-01', dueDate: '2024-03-31', settledOn: '2024-04-30' },
    { amount: 50_000, docDate: '2023-05-02', dueDate: '2023-06-01', settledOn: '2023-07-01' },
    { amount: 70_000, docDate: '2023-05-01', dueDate: '2023-05-31', settledOn: '2023-06-30' },
    { amount: 90_000, docDate: '2024-06-01', dueDate: '2024-07-01', settledOn: '2024-07-01' },
  ];
  const open = [{ outstanding: 200_000, dueDate: '2024-05-31' }, { outstanding: 400_000, dueDate: '2024-06-30' }];

  it('hand-computed figures', () => {
    const b = paymentBehaviour(settled, open, asOf);
    expect(b.windowStart).toBe('2023-06-30');
    expect([b.settledCount, b.settledAmount, b.openPastDueAmount]).toEqual([3, 450_000, 200_000]);
    // days to pay: (1,000 × 30 + 3,000 × 60 + 500 × 60) ÷ 4,500 = 240,000 ÷ 4,500 = 53.33…
    expect(b.averageDaysToPay.value).toBeCloseTo(240_000 / 4_500, 12);
    // beyond terms: (1,000 × 0 + 3,000 × 30 + 500 × 30) ÷ 4,500 = 105,000 ÷ 4,500 = 23.33…
    expect(b.averageDaysBeyondTerms.value).toBeCloseTo(105_000 / 4_500, 12);
    // index: (1,000 × 80 + 3,000 × 50 + 500 × 50 + 2,000 × 50) ÷ 6,500 = 355,000 ÷ 6,500 = 54.615…
    expect(b.index.value).toBeCloseTo(355_000 / 6_500, 12);
  });
  it('no settlements in the window: averages have no figure; open past-due items still give an index', () => {
    const b = paymentBehaviour([], [{ outstanding: 100, dueDate: '2024-03-02' }], asOf);
    expect(b.averageDaysToPay).toEqual({ value: null, reason: 'no invoices settled in the 12 months to the as-of date' });
    expect(b.index.value).toBe(20); // 120 days past due
    expect(paymentBehaviour([], [], asOf).index.value).toBeNull();
  });
  it('a window ending on a leap day starts after 2023-02-28', () => {
    const b = paymentBehaviour([{ amount: 1, docDate: '2023-01-01', dueDate: '2023-01-31', settledOn: '2023-02-28' }], [], '2024-02-29');
    expect([b.windowStart, b.settledCount]).toEqual(['2023-02-28', 0]);
  });
  it('paying early counts as early', () => {
    const b = paymentBehaviour([{ amount: 1, docDate: '2024-01-01', dueDate: '2024-03-01', settledOn: '2024-01-31' }], [], asOf);
    expect([b.averageDaysToPay.value, b.averageDaysBeyondTerms.value, b.index.value]).toEqual([30, -30, 100]);
  });
});
