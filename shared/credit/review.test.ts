import { describe, expect, it } from 'vitest';
import { formatMoney } from '../money';
import { describeChanges, dueReasons, gradeWorsened, uninsured, type ReviewFacts } from './review';

const facts: ReviewFacts = { asOf: '2026-10-31', nextReviewDate: null, limit: 1_000_000, exposure: 500_000, hold: 'none', grade: 'B', lastDecisionGrade: null };

describe('dueReasons', () => {
  it('is empty for a customer well within its limit, reviewed, graded as before and not on hold', () => {
    expect(dueReasons(facts)).toEqual([]);
    expect(dueReasons({ ...facts, nextReviewDate: '2026-11-01', lastDecisionGrade: 'C' })).toEqual([]);
  });

  it('lists every reason: review date reached, utilisation ≥ 90 %, grade worse than at the last decision, on hold', () => {
    expect(dueReasons({ ...facts, nextReviewDate: '2026-10-31' })).toEqual(['review_date']);
    expect(dueReasons({ ...facts, exposure: 899_999 })).toEqual([]);
    expect(dueReasons({ ...facts, exposure: 900_000 })).toEqual(['utilisation']);
    expect(dueReasons({ ...facts, lastDecisionGrade: 'A' })).toEqual(['grade_worsened']);
    expect(dueReasons({ ...facts, nextReviewDate: '2026-01-01', exposure: 2_000_000, lastDecisionGrade: 'A', hold: 'new_orders' })).toEqual(['review_date', 'utilisation', 'grade_worsened', 'on_hold']);
    // No limit set: utilisation is not defined, whatever the exposure.
    expect(dueReasons({ ...facts, limit: 0, exposure: 5 })).toEqual([]);
  });

  it('compares grades as letters, A best', () => {
    expect([gradeWorsened('B', 'C'), gradeWorsened('C', 'B'), gradeWorsened('C', 'C'), gradeWorsened(null, 'E')]).toEqual([true, false, false, false]);
  });
});

describe('uninsured', () => {
  const cover = { insurer: 'Atradius', insuredAmount: 300_000, expiresOn: '2026-12-31' };
  it('takes the cover in force off the exposure, never below zero; expired cover counts nothing', () => {
    expect(uninsured(500_000, cover, '2026-10-31')).toEqual({ cover: 300_000, uninsured: 200_000 });
    expect(uninsured(200_000, cover, '2026-12-31')).toEqual({ cover: 300_000, uninsured: 0 });
    expect(uninsured(500_000, cover, '2027-01-01')).toEqual({ cover: 0, uninsured: 500_000 });
    expect(uninsured(500_000, null, '2026-10-31')).toEqual({ cover: 0, uninsured: 500_000 });
  });
});

describe('describeChanges', () => {
  it('says which fields changed, by whom and how, with money formatted', () => {
    const text = describeChanges(
      [
        { at: '2026-11-01T10:00:00Z', userId: 'u9', action: 'customer.update', before: { name: 'A', credit_limit: 50_000, version: 2 }, after: { name: 'A', credit_limit: 80_000, version: 3 } },
        { at: '2026-11-02T10:00:00Z', userId: 'u8', action: 'customer.insurance', before: null, after: { insurer: 'Coface', insured_amount: 1000 } },
      ],
      (m) => formatMoney(m, 'USD'),
    );
    expect(text).toBe('credit_limit 500.00 → 800.00 (customer.update by u9, 2026-11-01T10:00:00Z); insurer — → Coface, insured_amount — → 10.00 (customer.insurance by u8, 2026-11-02T10:00:00Z)');
  });
});
