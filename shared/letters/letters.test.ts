import { describe, expect, it } from 'vitest';
import { drawSample } from '../audits/sample';
import { chequeMove } from './cheques';
import { letterBody, planDunning, type DunningFacts, type DunningLevel } from './dunning';
import { displayMoney, merge, TrustedHtml, unknownFields } from './html';
import { escalations } from './escalation';

const LEVELS: DunningLevel[] = [
  { level: 1, name: 'Reminder', minDaysPastDue: -5, channel: 'email', template: '{{customer.name}} {{total}} {{daysPastDue}}' },
  { level: 2, name: 'First', minDaysPastDue: 1, channel: 'email', template: 'x' },
  { level: 3, name: 'Final', minDaysPastDue: 60, channel: 'letter', template: '{{openItems}}' },
];
const item = (docNo: string, dueDate: string, open: number) => ({ docType: 'INV', docNo, docDate: '2026-01-01', dueDate, reference: '', currency: 'USD', open, openFunc: open });
const facts = (over: Partial<DunningFacts> = {}): DunningFacts => ({
  customer: { id: 'C1', name: 'A & B', collector: 'Dana', hold: 'none' },
  items: [item('I1', '2026-09-01', 10_000), item('I2', '2026-10-29', 5_000), item('I3', '2026-12-31', 7_000)],
  disputedFunc: 0, openPromise: null, recentLetter: null, ...over,
});

describe('dunning plan', () => {
  it('takes the level of the oldest listed item; lists items from the lowest level’s offset', () => {
    // 2026-10-31 − 2026-09-01 = 60 days → level 3 (from 60); I2 is 2 days past due; I3 is −61 days: below −5, not listed.
    const plan = planDunning(LEVELS, facts(), '2026-10-31');
    expect(plan.kind === 'letter' && [plan.level.level, plan.daysPastDue, plan.items.map((i) => i.docNo), plan.totalFunc]).toEqual([3, 60, ['I1', 'I2'], 15_000]);
    // A day earlier: 59 days → level 2.
    const earlier = planDunning(LEVELS, facts(), '2026-10-30');
    expect(earlier.kind === 'letter' && earlier.level.level).toBe(2);
    // Only items 5 days before due: level 1 (negative offset).
    const early = planDunning(LEVELS, facts({ items: [item('I9', '2026-11-04', 100)] }), '2026-10-31');
    expect(early.kind === 'letter' && [early.level.level, early.daysPastDue]).toEqual([1, -4]);
    expect(planDunning(LEVELS, facts({ items: [item('I9', '2026-11-30', 100)] }), '2026-10-31')).toEqual({ kind: 'none' });
  });

  it('skips on hold, whole balance in dispute, an open promise, and a recent letter at the same or a higher level', () => {
    const reason = (f: Partial<DunningFacts>) => {
      const p = planDunning(LEVELS, facts(f), '2026-10-31');
      return p.kind === 'skip' ? p.reason : p.kind;
    };
    expect(reason({ customer: { id: 'C1', name: 'x', collector: '', hold: 'all' } })).toBe('on hold (all)');
    // Open 10,000 + 5,000 + 7,000 = 22,000: disputing 21,999 leaves something to collect; 22,000 does not.
    expect(reason({ disputedFunc: 21_999 })).toBe('letter');
    expect(reason({ disputedFunc: 22_000 })).toBe('in dispute for the whole balance');
    expect(reason({ openPromise: { amount: 123_456, currency: 'USD', promisedDate: '2026-11-10' } })).toBe('open promise to pay USD 1,234.56 by 2026-11-10');
    expect(reason({ recentLetter: { level: 3, asOf: '2026-10-25' } })).toBe('level 3 letter already sent on 2026-10-25');
    expect(reason({ recentLetter: { level: 2, asOf: '2026-10-25' } })).toBe('letter');
  });

  it('escapes every merged value; our own table is merged as HTML', () => {
    const plan = planDunning(LEVELS, facts({ customer: { id: 'C1', name: '<img src=x onerror=alert(1)>', collector: '', hold: 'none' }, items: [item('<I1>', '2026-10-01', 10_000)] }), '2026-10-31');
    if (plan.kind !== 'letter') throw new Error('expected a letter');
    const html = letterBody({ ...plan, level: { ...plan.level, template: '{{customer.name}}|{{openItems}}|{{total}}|{{unknown}}' } }, facts().customer, '2026-10-31');
    expect(html).not.toContain('<img');
    expect(html.startsWith('A &amp; B|<table>')).toBe(true);
    expect(html).toContain('INV &lt;I1&gt;');
    expect(html.endsWith('|USD 100.00|{{unknown}}')).toBe(true);
    expect(merge('{{a}}{{b}}', { a: '<b>', b: new TrustedHtml('<b>') })).toBe('&lt;b&gt;<b>');
    expect(unknownFields('{{ customer.name }} {{foo}} {{foo}}', ['customer.name'])).toEqual(['foo']);
    expect(displayMoney(-123456789, 'USD')).toBe('-1,234,567.89');
    expect(displayMoney(5, 'JPY')).toBe('5');
  });
});

describe('audit sample', () => {
  const pop = Array.from({ length: 50 }, (_, i) => ({ type: i % 2 ? 'activity' : 'promise', id: `id-${String(i).padStart(2, '0')}` }));
  it('is reproducible from the seed whatever order the population comes in, and draws distinct items', () => {
    const a = drawSample(pop, 10, 'seed-1');
    expect(drawSample([...pop].reverse(), 10, 'seed-1')).toEqual(a);
    expect(new Set(a.map((x) => x.id)).size).toBe(10);
    expect(drawSample(pop, 10, 'seed-2')).not.toEqual(a);
    expect(drawSample(pop, 80, 'x')).toHaveLength(50);
    expect(drawSample([], 3, 'x')).toEqual([]);
  });
});

describe('cheques', () => {
  const c = { state: 'received' as const, chequeDate: '2026-11-15', receivedOn: '2026-10-30', depositedOn: null };
  it('follows the lifecycle and its dates', () => {
    expect(chequeMove(c, 'deposit', '2026-11-14')).toMatchObject({ ok: false });
    expect(chequeMove(c, 'deposit', '2026-11-15')).toEqual({ ok: true, to: 'deposited' });
    expect(chequeMove(c, 'return', '2026-11-20')).toEqual({ ok: false, reason: 'a received cheque cannot be returned' });
    const dep = { ...c, state: 'deposited' as const, depositedOn: '2026-11-15' };
    expect(chequeMove(dep, 'return', '2026-11-14')).toMatchObject({ ok: false });
    expect(chequeMove(dep, 'return', '2026-11-16')).toEqual({ ok: true, to: 'returned' });
    expect(chequeMove({ ...dep, state: 'cleared' }, 'return', '2026-11-20')).toEqual({ ok: true, to: 'returned' });
    expect(chequeMove(dep, 'cancel', '2026-11-16')).toMatchObject({ ok: false });
  });
});

describe('escalation rules', () => {
  it('flags more than X past N days, broken promises, a grade', () => {
    const rules = [
      { id: 'R1', kind: 'overdue_over_days' as const, days: 90, amount: 100_000, level: 'team lead' },
      { id: 'R2', kind: 'broken_promises' as const, count: 2, level: 'manager' },
      { id: 'R3', kind: 'grade' as const, grade: 'E', level: 'credit committee' },
    ];
    // 91 days: 60,000 + 50,000 = 110,000 > 100,000; the 90-day item is not "more than 90".
    const hits = escalations(rules, { items: [{ daysPastDue: 91, openFunc: 60_000 }, { daysPastDue: 120, openFunc: 50_000 }, { daysPastDue: 90, openFunc: 999_999 }], brokenPromises: 2, grade: 'E' }, 'USD');
    expect(hits.map((h) => [h.rule.id, h.reason])).toEqual([
      ['R1', 'USD 1,100.00 more than 90 days past due (over 1,000.00)'],
      ['R2', '2 broken or partly kept promise(s) (2 or more)'],
      ['R3', 'credit score grade E'],
    ]);
    expect(escalations(rules, { items: [{ daysPastDue: 91, openFunc: 100_000 }], brokenPromises: 1, grade: 'D' }, 'USD')).toEqual([]);
  });
});
