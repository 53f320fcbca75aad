import { describe, expect, it } from 'vitest';
import { isoWeekday, onPaymentRun, paymentRunOf, type BusiestDay } from './payment-runs';

const busiest = (every: 'month' | 'week', day: number, amount: number, dates: number): BusiestDay => ({ every, day, amount, dates });

describe('paymentRunOf: more than half of what was paid, on one day, on at least 3 dates', () => {
  it('takes the day of the month first, then the weekday', () => {
    expect(paymentRunOf(1000, [busiest('month', 25, 600, 3), busiest('week', 5, 900, 9)])).toEqual({ every: 'month', day: 25 });
    // 500 of 1,000 is not more than half: the weekday (Friday, 900) is.
    expect(paymentRunOf(1000, [busiest('month', 25, 500, 3), busiest('week', 5, 900, 9)])).toEqual({ every: 'week', day: 5 });
  });

  it('is null for a customer that pays whenever, or on too few dates', () => {
    expect(paymentRunOf(1000, [busiest('month', 25, 400, 5), busiest('week', 2, 300, 6)])).toBeNull();
    // All of it on a Saturday, but on 2 dates only: not yet a habit.
    expect(paymentRunOf(1000, [busiest('month', 20, 1000, 2), busiest('week', 6, 1000, 2)])).toBeNull();
    expect(paymentRunOf(0, [])).toBeNull();
  });
});

describe('isoWeekday', () => {
  it('is 1 for Monday … 7 for Sunday', () => {
    expect(isoWeekday('1970-01-01')).toBe(4); // a Thursday
    expect(isoWeekday('2026-10-31')).toBe(6); // a Saturday
    expect(isoWeekday('2026-11-01')).toBe(7);
    expect(isoWeekday('2026-11-06')).toBe(5);
    expect(isoWeekday('1969-12-29')).toBe(1); // before day 0
  });
});

describe('onPaymentRun: the run day nearest to the date, after the as-of date', () => {
  const asOf = '2026-10-31';
  it('monthly', () => {
    const on25th = { every: 'month', day: 25 } as const;
    // 11-08: 10-25 is not after the as-of date; 11-25 is.
    expect(onPaymentRun(on25th, '2026-11-08', asOf)).toBe('2026-11-25');
    // 12-09: 11-25 is 14 days before, 12-25 16 days after.
    expect(onPaymentRun(on25th, '2026-12-09', asOf)).toBe('2026-11-25');
    expect(onPaymentRun(on25th, '2026-12-18', asOf)).toBe('2026-12-25');
    // Across the year: 2027-01-02 → 2026-12-25 (8 days) rather than 2027-01-25.
    expect(onPaymentRun(on25th, '2027-01-02', asOf)).toBe('2026-12-25');
    // The 31st in February is its last day: 2027-02-13 → 01-31 (13 days) rather than 02-28 (15).
    expect(onPaymentRun({ every: 'month', day: 31 }, '2027-02-13', asOf)).toBe('2027-01-31');
    expect(onPaymentRun({ every: 'month', day: 31 }, '2027-02-16', asOf)).toBe('2027-02-28');
    // As near either way (11-01 and 12-01 both 15 days from 11-16): the earlier.
    expect(onPaymentRun({ every: 'month', day: 1 }, '2026-11-16', asOf)).toBe('2026-11-01');
  });

  it('weekly', () => {
    const fridays = { every: 'week', day: 5 } as const;
    // Tue 11-03: Fri 10-30 is not after the as-of date → Fri 11-06.
    expect(onPaymentRun(fridays, '2026-11-03', asOf)).toBe('2026-11-06');
    // Sun 11-08: 11-06 (2 days before) rather than 11-13 (5 after); Tue 11-10: 11-13 (3 after) rather than 11-06 (4 before).
    expect(onPaymentRun(fridays, '2026-11-08', asOf)).toBe('2026-11-06');
    expect(onPaymentRun(fridays, '2026-11-10', asOf)).toBe('2026-11-13');
    expect(onPaymentRun(fridays, '2026-11-13', asOf)).toBe('2026-11-13');
  });
});
