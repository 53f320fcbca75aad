/**
 * Grade movers: customers whose credit grade (cs-1.0, shared/analytics/credit-score.ts) worsened since the previous
 * month-end, with the score driver that moved: the one whose contribution to the score fell most.
 */
import type { CreditScore, DriverName, Grade } from '../analytics/credit-score';

export interface GradeSnapshot {
  id: string;
  name: string;
  score: CreditScore;
}

export interface GradeMover {
  customerId: string;
  name: string;
  grade: { before: Grade; now: Grade };
  score: { before: number; now: number };
  /** The driver whose contribution fell most, its measured value then and now, and the score points it lost. */
  driver: DriverName;
  value: { before: number | null; now: number | null };
  pointsLost: number;
  sentence: string;
}

const LABEL: Readonly<Record<DriverName, string>> = {
  payment_index: 'payment index',
  add: 'average days delinquent',
  add_trend: 'ADD trend (last 3 months against the 9 before)',
  utilisation: 'limit utilisation',
  past_due_90: 'share more than 90 days past due',
  disputes: 'credit notes to invoices (12 months)',
  altman_z2: 'Altman Z″',
};

function shown(driver: DriverName, v: number | null): string {
  if (v === null) return 'n/a';
  switch (driver) {
    case 'payment_index':
      return v.toFixed(0);
    case 'add':
    case 'add_trend':
      return `${v.toFixed(1)} days`;
    case 'altman_z2':
      return v.toFixed(2);
    default:
      return `${(v * 100).toFixed(1)} %`;
  }
}

const steps = (g: Grade) => 'ABCDE'.indexOf(g);
const round2 = (x: number) => Math.round(x * 100) / 100;
const round4 = (x: number | null) => (x === null ? null : Math.round(x * 10_000) / 10_000);

/** Customers whose grade worsened, the most grades first, then the largest score fall. */
export function gradeMovers(now: readonly GradeSnapshot[], before: ReadonlyMap<string, GradeSnapshot>, since: string, top: number): GradeMover[] {
  const out: GradeMover[] = [];
  for (const n of now) {
    const b = before.get(n.id);
    if (!b || steps(n.score.grade) <= steps(b.score.grade)) continue;
    const fall = n.score.drivers.map((d) => {
      const then = b.score.drivers.find((x) => x.driver === d.driver);
      return { driver: d.driver, before: round4(then?.value ?? null), now: round4(d.value), lost: (then?.contribution ?? 0) - d.contribution };
    });
    const moved = fall.reduce((best, f) => (f.lost > best.lost ? f : best));
    const pointsLost = round2(Math.max(0, moved.lost));
    const why = pointsLost > 0
      ? `the driver that moved most: ${LABEL[moved.driver]}, ${shown(moved.driver, moved.before)} → ${shown(moved.driver, moved.now)} (−${pointsLost.toFixed(2)} points)`
      : 'no driver’s contribution fell: the drivers that could be measured changed';
    out.push({
      customerId: n.id, name: n.name,
      grade: { before: b.score.grade, now: n.score.grade }, score: { before: b.score.score, now: n.score.score },
      driver: moved.driver, value: { before: moved.before, now: moved.now }, pointsLost,
      sentence:
        `${n.name} (${n.id}): credit grade fell from ${b.score.grade} (score ${b.score.score}) to ${n.score.grade} (score ${n.score.score}) since ${since}; ${why}.`,
    });
  }
  const rank = (m: GradeMover) => [steps(m.grade.now) - steps(m.grade.before), m.score.before - m.score.now] as const;
  out.sort((x, y) => rank(y)[0] - rank(x)[0] || rank(y)[1] - rank(x)[1] || x.customerId.localeCompare(y.customerId));
  return out.slice(0, top);
}
