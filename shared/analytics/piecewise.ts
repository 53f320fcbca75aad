/** Straight lines between anchor points, flat beyond the ends: the shape of every points table here. */
import { AnalyticsInputError } from './errors';

export type Anchor = readonly [x: number, y: number];

export function piecewiseLinear(anchors: readonly Anchor[], x: number): number {
  const first = anchors[0];
  const last = anchors[anchors.length - 1];
  if (!first || !last) throw new Error('piecewiseLinear needs at least one anchor');
  if (Number.isNaN(x)) throw new AnalyticsInputError('a driver value is not a number');
  if (x <= first[0]) return first[1];
  if (x >= last[0]) return last[1];
  for (let i = 1; i < anchors.length; i++) {
    const [x1, y1] = anchors[i]!;
    if (x > x1) continue;
    if (x === x1) return y1;
    const [x0, y0] = anchors[i - 1]!;
    return y0 + ((x - x0) * (y1 - y0)) / (x1 - x0);
  }
  return last[1];
}
