import { describe, expect, it } from 'vitest';
import type { CreditScore, DriverName, Grade } from '../analytics/credit-score';
import { gradeMovers, type GradeSnapshot } from './grade-movers';

const score = (grade: Grade, value: number, drivers: [DriverName, number | null, number][]): CreditScore => ({
  modelVersion: 'cs-1.0', score: value, grade, thinFile: false, notes: [],
  drivers: drivers.map(([driver, v, contribution]) => ({ driver, value: v, points: null, weight: 0, baseWeight: 0, contribution })),
});
const snap = (id: string, s: CreditScore): GradeSnapshot => ({ id, name: `Name ${id}`, score: s });

describe('gradeMovers', () => {
  const before = new Map([
    ['G1', snap('G1', score('B', 70, [['add', 10, 14], ['utilisation', 0.5, 20]]))],
    ['G2', snap('G2', score('A', 85, [['add', 5, 17], ['utilisation', 0.4, 30]]))],
    ['G3', snap('G3', score('C', 60, [['add', 20, 10]]))],
    ['G4', snap('G4', score('B', 66, [['add', 20, 10]]))],
  ].map(([k, v]) => [k as string, v as GradeSnapshot]));
  const now = [
    // B → C: ADD contribution 14 → 4 (lost 10), utilisation 20 → 18 (lost 2): the driver is ADD.
    snap('G1', score('C', 55, [['add', 50, 4], ['utilisation', 0.9, 18]])),
    // A → C, two grades: utilisation 30 → 10 (lost 20) beats ADD 17 → 16.
    snap('G2', score('C', 52, [['add', 6, 16], ['utilisation', 1.25, 10]])),
    snap('G3', score('C', 52, [['add', 40, 2]])), // same grade: not a mover
    snap('G4', score('A', 81, [['add', 0, 20]])), // better
    snap('G5', score('E', 10, [['add', 90, 0]])), // nothing to compare with
  ];

  it('lists the customers whose grade worsened, most grades first, each with the driver that lost most', () => {
    const m = gradeMovers(now, before, '2026-09-30', 10);
    expect(m.map((x) => [x.customerId, x.grade, x.score, x.driver, x.value, x.pointsLost])).toEqual([
      ['G2', { before: 'A', now: 'C' }, { before: 85, now: 52 }, 'utilisation', { before: 0.4, now: 1.25 }, 20],
      ['G1', { before: 'B', now: 'C' }, { before: 70, now: 55 }, 'add', { before: 10, now: 50 }, 10],
    ]);
    expect(m[0]!.sentence).toBe('Name G2 (G2): credit grade fell from A (score 85) to C (score 52) since 2026-09-30; the driver that moved most: limit utilisation, 40.0 % → 125.0 % (−20.00 points).');
    expect(m[1]!.sentence).toBe('Name G1 (G1): credit grade fell from B (score 70) to C (score 55) since 2026-09-30; the driver that moved most: average days delinquent, 10.0 days → 50.0 days (−10.00 points).');
    expect(gradeMovers(now, before, '2026-09-30', 1).map((x) => x.customerId)).toEqual(['G2']);
  });
});
