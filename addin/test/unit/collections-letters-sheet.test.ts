import { describe, expect, it } from 'vitest';
import { auditSheet, COL, resultsFrom } from '../../src/collections-letters/audit-sheet';

const sample = {
  id: 'S1', userId: 'u1', from: '2026-10-01', to: '2026-10-31', seed: 'x', size: 3, population: 9,
  items: [
    { position: 1, itemType: 'activity', itemId: 'a1', summary: 'call', result: null, comment: null },
    { position: 2, itemType: 'promise', itemId: 'p1', summary: 'promise', result: 'ok' as const, comment: '' },
  ],
};

describe('audit sample sheet', () => {
  it('lays out the drawn items with empty result columns; items reviewed earlier say so', () => {
    const plan = auditSheet(sample, new Date('2026-11-01T10:00:00Z'));
    expect(plan.columns.map((c) => c.header)).toEqual(Object.values(COL));
    expect(plan.rows).toEqual([[1, 'activity', 'a1', 'call', null, null, null], [2, 'promise', 'p1', 'promise', 'ok', '', 'recorded earlier']]);
    expect(plan.fields.find((f) => f.label === 'Sample')?.value).toBe('S1');
  });

  it('reads typed results: ok, finding with a comment; refuses a finding without one or another word; skips recorded rows', () => {
    const header = Object.values(COL);
    const body = [
      [1, 'activity', 'a1', 'x', 'OK ', '', ''],
      [2, 'activity', 'a2', 'x', 'finding', 'no next action', ''],
      [3, 'activity', 'a3', 'x', 'finding', '', ''],
      [4, 'activity', 'a4', 'x', 'maybe', '', ''],
      [5, 'activity', 'a5', 'x', 'ok', '', 'recorded'],
      [6, 'activity', 'a6', 'x', '', '', ''],
    ];
    const parsed = resultsFrom(header, body);
    expect(parsed.results).toEqual([
      { index: 0, position: 1, result: 'ok', comment: '' },
      { index: 1, position: 2, result: 'finding', comment: 'no next action' },
    ]);
    expect(parsed.problems).toEqual([
      { index: 2, message: 'not sent: a finding needs a comment' },
      { index: 3, message: 'not sent: Result must be ok or finding' },
    ]);
    expect(() => resultsFrom(['Item'], [])).toThrow(/lacks its columns/);
  });
});
