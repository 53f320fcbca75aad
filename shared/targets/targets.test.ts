import { describe, expect, it } from 'vitest';
import { achievement, projectCollections } from './achievement';
import { judgeTargets, type JudgeContext } from './judge';
import { parseTargetValue, targetValue } from './metrics';
import { isPeriod, periodsBetween, periodState, periodWindow } from './periods';
import { rankByAchievement } from './ranking';

describe('periods', () => {
  it('accepts months YYYY-MM only', () => {
    expect(['2026-07', '2000-01', '2099-12'].map(isPeriod)).toEqual([true, true, true]);
    expect(['2026-7', '2026-13', '2026-00', '1999-12', '2026-07-01', 'July'].map(isPeriod)).toEqual([false, false, false, false, false, false]);
  });

  it('lists a range of months across a year end, and refuses a reversed or too long one', () => {
    expect(periodsBetween('2026-11', '2027-02')).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(periodsBetween('2026-03', '2026-02')).toBeNull();
    expect(periodsBetween('2020-01', '2029-12')).toBeNull();
  });

  it('is open through its month end, closed after, reopened while an admin reopening lasts', () => {
    expect(periodState('2026-07', '2026-07-31', null)).toBe('open');
    expect(periodState('2026-07', '2026-08-01', null)).toBe('closed');
    expect(periodState('2026-07', '2026-08-05', '2026-08-05')).toBe('reopened');
    expect(periodState('2026-07', '2026-08-06', '2026-08-05')).toBe('closed');
  });

  it('measures a running month to today, a past one to its end, a future one not at all', () => {
    expect(periodWindow('2026-02', '2026-02-10')).toMatchObject({ asOf: '2026-02-10', complete: false, daysElapsed: 10, daysInPeriod: 28 });
    expect(periodWindow('2026-02', '2026-03-10')).toMatchObject({ asOf: '2026-02-28', complete: true, daysElapsed: 28 });
    expect(periodWindow('2026-04', '2026-03-10')).toMatchObject({ asOf: null, daysElapsed: 0, daysInPeriod: 30 });
  });
});

describe('target values', () => {
  it('holds money in minor units and days or percent in hundredths', () => {
    expect(parseTargetValue('collections', '125000.50', 'USD')).toEqual({ ok: true, value: 12500050 });
    expect(parseTargetValue('collections', 125000, 'JPY')).toEqual({ ok: true, value: 125000 });
    expect(parseTargetValue('dso', 45.5, 'USD')).toEqual({ ok: true, value: 4550 });
    expect(parseTargetValue('promises_kept_rate', '85', 'USD')).toEqual({ ok: true, value: 8500 });
    expect(parseTargetValue('overdue_over_60', 0, 'USD')).toEqual({ ok: true, value: 0 });
    expect(targetValue('dso', 4550, 'USD')).toBe(45.5);
    expect(targetValue('collections', 12500050, 'USD')).toBe(125000.5);
  });

  it('refuses values that are not sensible for the metric', () => {
    for (const [metric, raw] of [
      ['collections', 0], ['collections', '-5'], ['collections', '1.234'], ['dso', 0], ['dso', 731], ['dso', '30.123'], ['dso', 'thirty'],
      ['overdue_over_60', -1], ['promises_kept_rate', 100.01], ['promises_kept_rate', 0], ['collections', Number.NaN],
    ] as const) {
      expect(parseTargetValue(metric, raw, 'USD').ok, `${metric} ${raw}`).toBe(false);
    }
  });
});

describe('% achieved', () => {
  it('is actual ÷ target where more is better', () => {
    // 90,000 collected against 120,000: 75 %.
    expect(achievement('collections', 12_000_000, 9_000_000)).toEqual({ achievedPct: 75, met: false });
    expect(achievement('promises_kept_rate', 80, 88)).toEqual({ achievedPct: 110, met: true });
  });

  it('is target ÷ actual where less is better, so above 100 % is better than target', () => {
    // DSO 50 days against a 40-day target: 40 ÷ 50 = 80 %; 32 days: 40 ÷ 32 = 125 %.
    expect(achievement('dso', 40, 50)).toEqual({ achievedPct: 80, met: false });
    expect(achievement('dso', 40, 32)).toEqual({ achievedPct: 125, met: true });
    // 30,000 over 60 days against 20,000: 66.67 %.
    expect(achievement('overdue_over_60', 2_000_000, 3_000_000)).toEqual({ achievedPct: 66.67, met: false });
    expect(achievement('overdue_over_60', 0, 0)).toMatchObject({ achievedPct: null, met: true });
    expect(achievement('overdue_over_60', 0, 100)).toEqual({ achievedPct: 0, met: false });
  });

  it('has no figure without a target or an actual, and says why', () => {
    expect(achievement('dso', null, 40)).toEqual({ achievedPct: null, met: null, reason: 'no target set' });
    expect(achievement('promises_kept_rate', 80, null, 'no promises recorded yet')).toEqual({ achievedPct: null, met: null, reason: 'no promises recorded yet' });
  });

  it('projects collections at the month-to-date run rate', () => {
    // 10,000.00 collected in the first 10 of 30 days → 30,000.00; 100.00 in 7 of 31 days → 442.857… → 442.86.
    expect(projectCollections(1_000_000, periodWindow('2026-06', '2026-06-10'))).toBe(3_000_000);
    expect(projectCollections(10_000, periodWindow('2026-07', '2026-07-07'))).toBe(44_286);
  });
});

describe('judging submitted targets', () => {
  const ctx: JudgeContext = {
    currency: 'USD',
    today: '2026-08-10',
    collectors: new Set(['Ana', 'Raj']),
    verticals: new Set(['Retail']),
    latest: new Map([['2026-08|collector:Ana|collections', { version: 2, value: 5_000_000 }], ['2026-07|collector:Ana|dso', { version: 1, value: 4000 }]]),
    reopenedUntil: new Map([['2026-06', '2026-08-12']]),
  };
  const judge = (rows: Parameters<typeof judgeTargets>[0]) => judgeTargets(rows, ctx).map((j) => (j.status === 'rejected' ? `rejected: ${j.reason}` : `${j.status} v${j.version}`));

  it('creates, updates, leaves unchanged, and refuses a closed period', () => {
    expect(judge([
      { period: '2026-08', collector: 'Raj', metric: 'collections', value: '30000' },
      { period: '2026-08', collector: 'Ana', metric: 'collections', value: '55000' },
      { period: '2026-07', collector: 'Ana', metric: 'dso', value: 40 },
      { period: '2026-07', collector: 'Ana', metric: 'dso', value: 38 },
      { period: '2026-06', vertical: 'Retail', metric: 'overdue_over_60', value: 1000 },
      { period: '2026-09', metric: 'DSO', value: 41 },
    ])).toEqual([
      'created v1',
      'updated v3',
      'unchanged v1',
      'rejected: the same target as row 3 of this submission',
      'created v1',
      'created v1',
    ]);
    expect(judge([{ period: '2026-07', collector: 'Raj', metric: 'dso', value: 40 }])).toEqual(['rejected: period 2026-07 is closed (its month has ended); an admin can reopen it']);
  });

  it('names what is wrong with a row', () => {
    const out = judge([
      { period: '2026-8', collector: 'Ana', metric: 'dso', value: 40 },
      { period: '2026-08', collector: 'Zed', metric: 'dso', value: 40 },
      { period: '2026-08', vertical: 'Space', metric: 'dso', value: 40 },
      { period: '2026-08', collector: 'Ana', vertical: 'Retail', metric: 'dso', value: 40 },
      { period: '2026-08', collector: 'Ana', metric: 'speed', value: 40 },
      { period: '2026-08', collector: 'Ana', metric: 'dso', value: -3 },
    ]);
    expect(out.map((o) => o.replace(/^rejected: /, '').split(' ').slice(0, 2).join(' '))).toEqual(['period "2026-8"', 'unknown collector', 'unknown vertical', 'give a', 'metric "speed"', 'dso target']);
  });
});

describe('ranking', () => {
  it('ranks by mean % achieved, ties sharing a rank, the unscored unranked', () => {
    // Ana (80 + 120) ÷ 2 = 100; Raj 110; Lee 100; Kim nothing.
    expect(rankByAchievement([
      { key: 'Ana', achieved: [80, 120, null] },
      { key: 'Raj', achieved: [110] },
      { key: 'Lee', achieved: [100] },
      { key: 'Kim', achieved: [null] },
    ])).toEqual([
      { key: 'Ana', score: 100, rank: 2 },
      { key: 'Raj', score: 110, rank: 1 },
      { key: 'Lee', score: 100, rank: 2 },
      { key: 'Kim', score: null, rank: null },
    ]);
  });
});
