import { describe, expect, it } from 'vitest';
import { checkTransition } from './disputes';
import { promiseState } from './promises';
import { prioritise } from './worklist';

describe('promiseState', () => {
  const p = { amount: 1000_00, promisedDate: '2026-10-15' };
  it.each([
    [{ ...p, paid: 0 }, '2026-10-10', 'open'],
    [{ ...p, paid: 400_00 }, '2026-10-15', 'open'],
    [{ ...p, paid: 1000_00 }, '2026-10-12', 'kept'],
    [{ ...p, paid: 1200_00 }, '2026-11-30', 'kept'],
    [{ ...p, paid: 400_00 }, '2026-10-16', 'partly_kept'],
    [{ ...p, paid: 0 }, '2026-10-16', 'broken'],
  ] as const)('%o as of %s is %s', (promise, asOf, state) => expect(promiseState(promise, asOf)).toBe(state));
});

describe('checkTransition', () => {
  it('allows the lifecycle and refuses to reopen a closed dispute or resolve without a root cause', () => {
    expect(checkTransition('open', 'in_review', '')).toBeNull();
    expect(checkTransition('in_review', 'resolved_credit_note', 'price list not updated')).toBeNull();
    expect(checkTransition('in_review', 'resolved_credit_note', ' ')).toMatch(/root cause/);
    expect(checkTransition('open', 'rejected', '')).toBeNull();
    expect(checkTransition('rejected', 'open', '')).toMatch(/closed/);
    expect(checkTransition('resolved_customer_pays', 'in_review', 'x')).toMatch(/cannot become/);
  });
});

describe('prioritise', () => {
  const money = (m: number) => (m / 100).toFixed(2);
  it('ranks by weighted overdue, broken promises, promises due and actions due, with every reason', () => {
    const items = prioritise([
      // 2,000 at 1–30 (2 pts) + 1,000 at 91+ (4 pts) = 6
      { customerId: 'A', overdueByAge: [2000_00, 0, 0, 1000_00], brokenPromises: 0, promisesDueSoon: 0, nextActionDue: false, grade: 'B' },
      // 500 at 31–60 (1 pt) + a broken promise (50) = 51, grade E ×1.5 = 76.5
      { customerId: 'B', overdueByAge: [0, 500_00, 0, 0], brokenPromises: 1, promisesDueSoon: 0, nextActionDue: false, grade: 'E' },
      // action due (30) + promise due (20) = 50
      { customerId: 'C', overdueByAge: [0, 0, 0, 0], brokenPromises: 0, promisesDueSoon: 1, nextActionDue: true, grade: null },
      { customerId: 'D', overdueByAge: [0, 0, 0, 0], brokenPromises: 0, promisesDueSoon: 0, nextActionDue: false, grade: 'A' },
    ], money);
    expect(items.map((i) => [i.customerId, i.priority])).toEqual([['B', 76.5], ['C', 50], ['A', 6]]);
    expect(items[0]!.reasons).toEqual(['500.00 overdue 31–60 days (1 pts)', '1 broken promise in the last 30 days (50 pts)', 'grade E: ×1.5']);
  });
});
