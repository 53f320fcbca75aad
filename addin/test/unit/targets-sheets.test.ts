// The Targets and Team Performance sheets as plain data: the grid from the API, the targets read back from it,
// each row's Result, the ranking and the charts; and the month argument of AR.TARGET / AR.ACTUAL.
import { describe, expect, it } from 'vitest';
import { layoutSheet } from '../../src/reports/sheet-layout';
import type { GridReply, PerformanceReply } from '../../src/targets/api';
import { periodArg } from '../../src/targets/arguments';
import { gridSheet, resultTexts, targetsFrom } from '../../src/targets/grid-sheet';
import { performanceSheet } from '../../src/targets/performance-sheet';

const now = new Date('2026-11-22T10:00:00Z');
const grid: GridReply = {
  from: '2026-10', to: '2026-11', currency: 'USD',
  periods: [{ period: '2026-10', state: 'closed', reopenedUntil: null }, { period: '2026-11', state: 'open', reopenedUntil: null }],
  collectors: ['Ana', 'Raj'], verticals: ['Retail'],
  items: [
    { period: '2026-11', collector: 'Ana', vertical: null, metric: 'collections', value: 5000, version: 2, setBy: 'm', setAt: '' },
    { period: '2026-10', collector: null, vertical: null, metric: 'dso', value: 45, version: 1, setBy: 'm', setAt: '' },
    { period: '2026-11', collector: null, vertical: 'Retail', metric: 'dso', value: 40, version: 1, setBy: 'm', setAt: '' },
  ],
};

describe('the Targets sheet', () => {
  it('lays out the team and each collector × metric over the months, with the stored targets', () => {
    const plan = gridSheet(grid, now);
    expect(plan.columns.map((c) => c.header)).toEqual(['Collector', 'Metric', '2026-10', '2026-11', 'Result']);
    expect(plan.rows).toHaveLength(12);
    expect(plan.rows[1]).toEqual(['*', 'dso', 45, null, null]);
    expect(plan.rows[4]).toEqual(['Ana', 'collections', null, 5000, null]);
    // A vertical's target is not a collector's.
    expect(plan.rows.filter((r) => r[3] === 40)).toEqual([]);
    expect(plan.fields.find((f) => f.label === 'Closed months')?.value).toBe('2026-10');
    expect(() => layoutSheet(plan)).not.toThrow();
  });

  it('reads back every filled month cell as a target, the team row without a collector', () => {
    const header = ['Collector', 'Metric', '2026-10', '2026-11', 'Result'];
    const body = [['*', 'dso', 45, '', ''], ['Ana', 'collections', '', 5500, ''], ['Raj', 'dso', ' 38.5 ', 40, ''], ['', '', 1, 2, '']];
    const cells = targetsFrom(header, body);
    expect(cells).toEqual([
      { row: 0, input: { period: '2026-10', metric: 'dso', value: 45 } },
      { row: 1, input: { period: '2026-11', collector: 'Ana', metric: 'collections', value: 5500 } },
      { row: 2, input: { period: '2026-10', collector: 'Raj', metric: 'dso', value: '38.5' } },
      { row: 2, input: { period: '2026-11', collector: 'Raj', metric: 'dso', value: 40 } },
    ]);
    const results = [
      { status: 'unchanged', version: 1 }, { status: 'updated', version: 3 }, { status: 'rejected', reason: 'period 2026-10 is closed' }, { status: 'created', version: 1 },
    ].map((r, index) => ({ index, period: '', collector: null, vertical: null, metric: '', ...r })) as Parameters<typeof resultTexts>[1];
    expect([...resultTexts(cells, results)]).toEqual([[0, 'unchanged'], [1, '2026-11 updated (v3)'], [2, '2026-10 rejected: period 2026-10 is closed; 2026-11 created (v1)']]);
    expect(() => targetsFrom(['Who'], [])).toThrow(/Get targets again/);
  });
});

describe('the Team Performance sheet', () => {
  const row = (key: string, metric: PerformanceReply['rows'][number]['metric'], achievedPct: number | null) => ({ key, metric, target: 1, targetVersion: 1, actual: 1, achievedPct, met: achievedPct === null ? null : achievedPct >= 100 });
  const reply: PerformanceReply = {
    period: '2026-11', groupBy: 'collector', currency: 'USD', state: 'open', asOf: '2026-11-22', complete: false, daysElapsed: 22, daysInPeriod: 30, dataVersion: 9,
    rows: [row('Ana', 'collections', 80), row('Ana', 'dso', 120), row('Raj', 'collections', 110), row('Raj', 'dso', null)],
    total: [],
  };

  it('ranks by mean % achieved, writes percentages as fractions and draws one chart per collector', () => {
    const plan = performanceSheet(reply, now);
    const col = (h: string) => plan.columns.findIndex((c) => c.header === h);
    // Raj 110 ranks 1st; Ana (80 + 120) ÷ 2 = 100 ranks 2nd.
    expect(plan.rows.map((r) => [r[0], r[col('Rank')], r[col('Score (mean % achieved)')], r[col('% achieved')]])).toEqual([
      ['Raj', 1, 1.1, 1.1], ['Raj', 1, 1.1, null], ['Ana', 2, 1, 0.8], ['Ana', 2, 1, 1.2],
    ]);
    expect(col('Projection')).toBeGreaterThan(0);
    expect(plan.charts.map((c) => [c.name, c.type, c.rows])).toEqual([
      ['Raj achievement', 'ColumnClustered', [['collections', 1.1], ['dso', null]]],
      ['Ana achievement', 'ColumnClustered', [['collections', 0.8], ['dso', 1.2]]],
    ]);
    expect(() => layoutSheet(plan)).not.toThrow();
    expect(performanceSheet({ ...reply, complete: true }, now).columns.map((c) => c.header)).not.toContain('Projection');
  });
});

describe('the month argument', () => {
  it('takes YYYY-MM, a date in the month as text or an Excel serial', () => {
    expect([periodArg('2026-07'), periodArg(' 2026-07-15 '), periodArg(46295)]).toEqual(['2026-07', '2026-07', '2026-09']);
    for (const bad of ['July', '2026-13', null, '']) expect(() => periodArg(bad)).toThrow();
  });
});
