/** Ranking a team by achievement: the mean % achieved over the metrics that have one; 1 is best, ties share a rank. */
import { roundForDisplay } from '../analytics/numbers';

export interface Scored {
  key: string;
  /** Percent achieved per metric with a target and a figure. */
  achieved: (number | null)[];
}

export interface Ranked {
  key: string;
  score: number | null;
  rank: number | null;
}

/** Competition ranking ("1, 2, 2, 4") by mean % achieved, highest first; members with nothing to score are unranked. */
export function rankByAchievement(members: readonly Scored[]): Ranked[] {
  const scored = members.map((m) => {
    const values = m.achieved.filter((v): v is number => v !== null);
    return { key: m.key, score: values.length ? roundForDisplay(values.reduce((a, b) => a + b, 0) / values.length, 2) : null };
  });
  const order = scored.filter((s) => s.score !== null).map((s) => s.score!).sort((a, b) => b - a);
  return scored.map((s) => ({ ...s, rank: s.score === null ? null : order.indexOf(s.score) + 1 }));
}
