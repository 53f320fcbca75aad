import { describe, expect, it } from 'vitest';
import { formatMoney } from '../money';
import { approverRoleFor, judgeDecision, mayApprove, releasesHold, riskIncreases, type CustomerState, type JudgeInput } from './authority';

const money = (m: number) => formatMoney(m, 'USD');
const customer: CustomerState = { limit: 1_000_000, termsDays: 30, hold: 'none', nextReviewDate: null, version: 4, grade: 'B' };
const judge = (x: Partial<JudgeInput>) => judgeDecision({ version: 4, change: {}, customer, authority: 5_000_000, policy: {}, money, ...x });

describe('judgeDecision', () => {
  it('applies a raise within the decider’s authority', () => {
    expect(judge({ change: { newLimit: 2_000_000 } })).toEqual({ status: 'applied', after: { limit: 2_000_000, termsDays: 30, hold: 'none', nextReviewDate: null } });
    // Exactly the authority is within it.
    expect(judge({ change: { newLimit: 5_000_000 } }).status).toBe('applied');
  });

  it('sends a raise above the authority for approval, saying why and how much authority it needs', () => {
    const j = judge({ change: { newLimit: 5_000_001 } });
    expect(j).toMatchObject({ status: 'pending_approval', requiredAuthority: 5_000_001, policyException: false });
    expect(j.status === 'pending_approval' && j.reason).toBe('raises the limit; the limit 50000.01 is above your authority of 50000.00');
  });

  it('never needs approval to lower a limit, shorten terms, place a hold or set a review date', () => {
    for (const change of [{ newLimit: 0 }, { newTermsDays: 14 }, { hold: 'all' as const }, { hold: 'new_orders' as const }, { nextReviewDate: '2027-01-31' }]) {
      expect(judge({ change, authority: 0 }).status, JSON.stringify(change)).toBe('applied');
    }
    // Tightening an existing hold is placing one; a swap releases what the old one stopped.
    const held = { ...customer, hold: 'new_orders' as const };
    expect(judge({ customer: held, change: { hold: 'all' }, authority: 0 }).status).toBe('applied');
    expect(judge({ customer: held, change: { hold: 'invoicing' }, authority: 0 }).status).toBe('pending_approval');
  });

  it('judges longer terms and a released hold at the resulting limit', () => {
    const held = { ...customer, hold: 'all' as const };
    expect(judge({ customer: held, change: { hold: 'none' }, authority: 999_999 })).toMatchObject({ status: 'pending_approval', requiredAuthority: 1_000_000 });
    expect(judge({ customer: held, change: { hold: 'none' }, authority: 1_000_000 }).status).toBe('applied');
    expect(judge({ change: { newTermsDays: 60 }, authority: 10 })).toMatchObject({ status: 'pending_approval', reason: expect.stringMatching(/^lengthens the terms;/) });
    // Lowering the limit while releasing the hold: the lower limit is what needs covering.
    expect(judge({ customer: held, change: { hold: 'none', newLimit: 100 }, authority: 100 }).status).toBe('applied');
  });

  it('holds a raise above the grade policy for an admin even within authority; the policy does not touch decreases', () => {
    const j = judge({ change: { newLimit: 3_000_000 }, policy: { B: 2_500_000 } });
    expect(j).toMatchObject({ status: 'pending_approval', policyException: true, reason: expect.stringMatching(/above the policy maximum 25000.00 for grade B/) });
    expect(judge({ change: { newLimit: 2_500_000 }, policy: { B: 2_500_000 } }).status).toBe('applied');
    expect(judge({ change: { newLimit: 3_000_000 }, policy: { A: 1 } }).status).toBe('applied');
    expect(judge({ customer: { ...customer, limit: 9_000_000 }, version: 4, change: { newLimit: 8_000_000 }, policy: { B: 1 }, authority: 0 }).status).toBe('applied');
  });

  it('rejects a stale version, and a decision that changes nothing', () => {
    expect(judge({ version: 3, change: { newLimit: 1 } })).toEqual({ status: 'rejected', stale: true, reason: 'stale: the decision was made on version 3, the customer is now at version 4' });
    expect(judge({ change: { newLimit: 1_000_000, hold: 'none' } })).toMatchObject({ status: 'rejected', stale: false, reason: expect.stringMatching(/nothing to change/) });
  });
});

describe('holds', () => {
  it('knows a release from a placement', () => {
    expect(releasesHold('none', 'all')).toBe(false);
    expect(releasesHold('all', 'invoicing')).toBe(true);
    expect(releasesHold('invoicing', 'all')).toBe(false);
    expect(releasesHold('new_orders', 'invoicing')).toBe(true);
    expect(riskIncreases(customer, { ...customer, limit: 1, termsDays: 31 })).toEqual(['lengthens the terms']);
  });
});

describe('mayApprove and approverRoleFor', () => {
  const pending = { requestedBy: 'u1', requiredAuthority: 6_000_000, policyException: false };
  it('refuses the requester, a role that does not decide, and too little authority', () => {
    expect(mayApprove(pending, { userId: 'u1', role: 'admin', authority: 1e12 }, money)).toEqual({ ok: false, reason: 'no one approves their own decision' });
    expect(mayApprove(pending, { userId: 'u2', role: 'analyst', authority: 1e12 }, money).ok).toBe(false);
    expect(mayApprove(pending, { userId: 'u2', role: 'manager', authority: 5_999_999 }, money)).toEqual({ ok: false, reason: 'your authority of 59999.99 does not cover 60000.00' });
    expect(mayApprove(pending, { userId: 'u2', role: 'manager', authority: 6_000_000 }, money)).toEqual({ ok: true });
    expect(mayApprove({ ...pending, policyException: true }, { userId: 'u2', role: 'manager', authority: 1e12 }, money).ok).toBe(false);
    expect(mayApprove({ ...pending, policyException: true }, { userId: 'u2', role: 'admin', authority: 1e12 }, money).ok).toBe(true);
  });

  it('names the least senior role that could approve, else admin', () => {
    const users = [
      { userId: 'c', role: 'controller' as const, authority: 5_000_000 },
      { userId: 'm', role: 'manager' as const, authority: 50_000_000 },
      { userId: 'a', role: 'admin' as const, authority: 500_000_000 },
    ];
    expect(approverRoleFor(pending, users)).toBe('manager');
    expect(approverRoleFor({ ...pending, requiredAuthority: 10 }, users)).toBe('controller');
    expect(approverRoleFor({ ...pending, requestedBy: 'm' }, users.slice(0, 2))).toBe('admin');
    expect(approverRoleFor({ ...pending, policyException: true }, users)).toBe('admin');
  });
});
