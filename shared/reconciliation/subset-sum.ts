/**
 * A subset of `values` (integers, all of one sign) whose sum is within `tolerance` of `target`,
 * found by depth-first search with a node budget, so a hopeless search stops instead of running
 * for minutes. Prefers earlier values (callers sort candidates by how likely they are).
 * Returns the chosen indexes, or null.
 */
export function findSubset(values: readonly number[], target: number, opts: { tolerance: number; maxItems: number; maxNodes: number }): number[] | null {
  const sign = Math.sign(target);
  if (sign === 0) return null;
  const abs = values.map((v) => Math.abs(v));
  const goal = Math.abs(target);
  // suffix[i]: the most that values i.. can still add; prunes branches that cannot reach the goal.
  const suffix = new Array<number>(abs.length + 1).fill(0);
  for (let i = abs.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + abs[i]!;
  const chosen: number[] = [];
  let nodes = 0;

  const search = (start: number, sum: number): boolean => {
    if (Math.abs(goal - sum) <= opts.tolerance && chosen.length >= 2) return true;
    if (chosen.length >= opts.maxItems || ++nodes > opts.maxNodes) return false;
    if (sum + suffix[start]! < goal - opts.tolerance) return false;
    for (let i = start; i < abs.length; i++) {
      if (sum + abs[i]! > goal + opts.tolerance) continue;
      chosen.push(i);
      if (search(i + 1, sum + abs[i]!)) return true;
      chosen.pop();
      if (nodes > opts.maxNodes) return false;
    }
    return false;
  };
  return search(0, 0) ? [...chosen] : null;
}
