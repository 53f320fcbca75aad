import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wape } from './backtest';
import { delayFor, forecastRows, forecastWeeks, itemOutlooks, reconciliationGap, sumRows, type Claim, type ForecastInput, type ForecastItem } from './forecast';

const AS_OF = '2026-10-31';
const item = (id: string, customerId: string, dueDate: string, open: number, extra: Partial<ForecastItem> = {}): ForecastItem =>
  ({ id, customerId, docNo: id, dueDate, currency: 'USD', openDoc: open, open, ...extra });
const input = (items: ForecastItem[], extra: Partial<ForecastInput> = {}): ForecastInput =>
  ({ asOf: AS_OF, items, delays: new Map(), runs: new Map(), inRecovery: new Set(), disputes: [], cheques: [], promises: [], ...extra });
const rowsOf = (i: ForecastInput, weeks = 4, key = (c: string) => c) => forecastRows(i.asOf, weeks, itemOutlooks(i), key);

const history = (weightedDays: number, amount: number) => ({ weightedDays, amount });

describe('delayFor: customer, then vertical, then company, then none', () => {
  it('takes the first history with an amount and rounds half away from zero', () => {
    // customer: (100 × 10 + 300 × 2) / 400 = 1600 / 400 = 4
    expect(delayFor(history(1600, 400), history(50, 10), undefined)).toMatchObject({ days: 4, source: 'customer' });
    // vertical: 25 / 10 = 2.5 → 3; early: −25 / 10 = −2.5 → −3
    expect(delayFor(history(0, 0), history(25, 10), undefined)).toMatchObject({ days: 3, source: 'vertical' });
    expect(delayFor(undefined, history(-25, 10), undefined)).toMatchObject({ days: -3, source: 'vertical' });
    expect(delayFor(undefined, undefined, history(70, 10))).toMatchObject({ days: 7, source: 'company' });
    expect(delayFor(undefined, undefined, undefined)).toEqual({ days: 0, source: 'none' });
  });
});

describe('forecastWeeks', () => {
  it('starts the day after the as-of date, 7 days each', () => {
    expect(forecastWeeks(AS_OF, 2)).toEqual([{ start: '2026-11-01', end: '2026-11-07' }, { start: '2026-11-08', end: '2026-11-14' }]);
  });
});

describe('itemOutlooks and forecastRows', () => {
  it('shifts by the delay, leaves past due without a date unscheduled, puts late dates beyond', () => {
    const i = input(
      [
        item('A1', 'A', '2026-10-30', 100_00), // past due; +5 → 11-04: week 1
        item('A2', 'A', '2026-10-20', 200_00), // past due; +5 → 10-25 ≤ as-of: unscheduled
        item('A3', 'A', '2026-11-05', 300_00), // +5 → 11-10: week 2
        item('A4', 'A', '2026-12-20', 400_00), // +5 → 12-25: after week 4 (ends 11-28): beyond
        item('B1', 'B', '2026-11-03', 50_00), //  −10 → 10-24, not yet due: the next day, week 1
      ],
      { delays: new Map([['A', { days: 5, source: 'customer' }], ['B', { days: -10, source: 'vertical' }]]) },
    );
    const [a, b] = rowsOf(i);
    expect(a).toEqual({ key: 'A', amounts: [100_00, 300_00, 0, 0], beyond: 400_00, unscheduled: 200_00, excluded: 0, open: 1000_00 });
    expect(b).toEqual({ key: 'B', amounts: [50_00, 0, 0, 0], beyond: 0, unscheduled: 0, excluded: 0, open: 50_00 });
  });

  it("moves a payment-run customer's expected dates to its nearest run day, but not promises or unscheduled amounts", () => {
    const i = input(
      [
        item('M1', 'M', '2026-11-01', 100_00), // +5 → 11-06 → 11-25 (10-25 is not after the as-of date): week 4
        item('M2', 'M', '2026-12-04', 200_00), // +5 → 12-09 → 11-25 (14 days before; 12-25 is 16 after): week 4, not beyond
        item('M3', 'M', '2026-10-20', 300_00), // past due, 10-25 gone: unscheduled, not moved
        item('M4', 'M', '2026-11-10', 400_00), // promised for 11-02: week 1, not moved
        item('W1', 'W', '2026-11-05', 50_00), //  +3 → Sun 11-08 → Fri 11-06: week 1
        item('W2', 'W', '2026-11-12', 70_00), //  +3 → Sun 11-15 → Fri 11-13: week 2
        item('E1', 'E', '2026-11-03', 60_00), //  −10 → gone, not yet due: the next day 11-01 → Fri 11-06: week 1
      ],
      {
        delays: new Map([['M', { days: 5, source: 'customer' }], ['W', { days: 3, source: 'customer' }], ['E', { days: -10, source: 'customer' }]]),
        runs: new Map([['M', { every: 'month', day: 25 }], ['W', { every: 'week', day: 5 }], ['E', { every: 'week', day: 5 }]]),
        promises: [{ customerId: 'M', currency: 'USD', amount: 400_00, date: '2026-11-02', invoices: ['M4'] }],
      },
    );
    const [e, m, w] = rowsOf(i);
    expect(e).toEqual({ key: 'E', amounts: [60_00, 0, 0, 0], beyond: 0, unscheduled: 0, excluded: 0, open: 60_00 });
    expect(m).toEqual({ key: 'M', amounts: [400_00, 0, 0, 300_00], beyond: 0, unscheduled: 300_00, excluded: 0, open: 1000_00 });
    expect(w).toEqual({ key: 'W', amounts: [50_00, 70_00, 0, 0], beyond: 0, unscheduled: 0, excluded: 0, open: 120_00 });
    expect(itemOutlooks(i).find((o) => o.item.id === 'E1')!.expected).toEqual([{ date: '2026-11-06', amount: 60_00, source: 'history' }]);
  });

  it('lets cheques and promises replace what they cover at their own dates, and excludes disputes and recovery', () => {
    const cheque: Claim = { customerId: 'A', currency: 'USD', amount: 150_00, date: '2026-11-20', invoices: null };
    const promise: Claim = { customerId: 'A', currency: 'USD', amount: 80_00, date: '2026-11-02', invoices: ['A3'] };
    const dispute: Claim = { customerId: 'A', currency: 'USD', amount: 30_00, date: AS_OF, invoices: ['A1'] };
    const i = input(
      [item('A1', 'A', '2026-10-01', 100_00), item('A2', 'A', '2026-10-15', 100_00), item('A3', 'A', '2026-11-10', 100_00), item('R1', 'R', '2026-11-10', 70_00)],
      { delays: new Map([['A', { days: 0, source: 'customer' }]]), disputes: [dispute], cheques: [cheque], promises: [promise], inRecovery: new Set(['R']) },
    );
    const [a, r] = rowsOf(i);
    // A1: 30 disputed; the cheque (150, oldest due first) takes A1's other 70 and 80 of A2 → 11-20, week 3;
    // A2's last 20: past due, no date → unscheduled; A3: 80 promised for 11-02 (week 1), its 20 left due 11-10 (week 2).
    expect(a).toEqual({ key: 'A', amounts: [80_00, 20_00, 150_00, 0], beyond: 0, unscheduled: 20_00, excluded: 30_00, open: 300_00 });
    expect(r).toEqual({ key: 'R', amounts: [0, 0, 0, 0], beyond: 0, unscheduled: 0, excluded: 70_00, open: 70_00 });
  });

  it('converts a covered foreign amount to a functional share, rounded half away from zero', () => {
    // 100.00 EUR open, worth 108.43 USD; a promise of 33.33 EUR → 108.43 × 33.33 / 100 = 36.139719 → 36.14; the rest 72.29
    const i = input([item('E1', 'E', '2026-12-31', 108_43, { currency: 'EUR', openDoc: 100_00 })], {
      promises: [{ customerId: 'E', currency: 'EUR', amount: 33_33, date: '2026-11-01', invoices: ['E1'] }],
    });
    const [e] = rowsOf(i);
    expect(e!.amounts[0]).toBe(36_14);
    expect(e!.beyond).toBe(72_29);
  });

  it('ignores a claim in another currency or on invoices not named', () => {
    const i = input([item('A1', 'A', '2026-12-31', 100_00)], {
      cheques: [{ customerId: 'A', currency: 'EUR', amount: 50_00, date: '2026-11-02', invoices: null }],
      promises: [{ customerId: 'A', currency: 'USD', amount: 50_00, date: '2026-11-02', invoices: ['A9'] }],
    });
    expect(rowsOf(i)[0]!.beyond).toBe(100_00);
  });

  it('every row and the total reconcile to the cent (property)', () => {
    const date = fc.integer({ min: -120, max: 150 }).map((d) => new Date(Date.parse(`${AS_OF}T00:00:00Z`) + d * 86400000).toISOString().slice(0, 10));
    const customer = fc.constantFrom('A', 'B', 'C');
    const currency = fc.constantFrom('USD', 'EUR');
    const items = fc.array(fc.record({ customerId: customer, dueDate: date, currency, openDoc: fc.integer({ min: 1, max: 1_000_000 }), rate: fc.integer({ min: 1, max: 300 }) }), { maxLength: 30 })
      .map((xs) => xs.map((x, n) => item(`I${n}`, x.customerId, x.dueDate, Math.max(1, Math.round((x.openDoc * x.rate) / 100)), { currency: x.currency, openDoc: x.openDoc })));
    const run = fc.option(fc.oneof(
      fc.record({ every: fc.constant('month' as const), day: fc.integer({ min: 1, max: 31 }) }),
      fc.record({ every: fc.constant('week' as const), day: fc.integer({ min: 1, max: 7 }) }),
    ));
    const claim = (named: boolean) => fc.record({ customerId: customer, currency, amount: fc.integer({ min: 1, max: 2_000_000 }), date, invoices: named ? fc.array(fc.integer({ min: 0, max: 30 }).map((n) => `I${n}`), { minLength: 1, maxLength: 4 }) : fc.constant(null) });
    fc.assert(
      fc.property(items, fc.array(claim(true), { maxLength: 4 }), fc.array(claim(false), { maxLength: 3 }), fc.array(claim(true), { maxLength: 4 }), fc.integer({ min: -40, max: 60 }), fc.boolean(), fc.integer({ min: 1, max: 13 }), run,
        (its, disputes, cheques, promises, days, recovery, weeks, runB) => {
          const i = input(its, {
            disputes, cheques, promises, delays: new Map([['A', { days, source: 'customer' as const }], ['B', { days, source: 'customer' as const }]]),
            runs: new Map(runB ? [['B', runB]] : []), inRecovery: new Set(recovery ? ['C'] : []),
          });
          const rows = rowsOf(i, weeks);
          for (const r of [...rows, sumRows(rows, weeks)]) {
            expect(reconciliationGap(r)).toBe(0);
            for (const v of [...r.amounts, r.beyond, r.unscheduled, r.excluded]) expect(v).toBeGreaterThanOrEqual(0);
          }
          expect(sumRows(rows, weeks).open).toBe(its.reduce((s, x) => s + x.open, 0));
        }),
      { numRuns: 300 },
    );
  });
});

describe('wape', () => {
  it('is Σ|f − a| ÷ Σa in percent', () => {
    // |90 − 100| + |50 − 0| + |30 − 50| = 10 + 50 + 20 = 80; Σa = 150 → 53.33 %
    expect(wape([90, 50, 30], [100, 0, 50])).toBeCloseTo(53.333, 3);
    expect(wape([1], [0])).toBeNull();
  });
});
