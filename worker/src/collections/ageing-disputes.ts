/**
 * Disputed amounts beside the ageing: per group, what open disputes hold back on the date, and the collectible
 * overdue (past due, less the disputed part that is past due). Computed from disputedByCustomer, so the ageing SQL
 * itself is unchanged and its control total still holds.
 */
import type { GroupBy, Scope } from '../../../shared/scope';
import { disputedByCustomer } from './disputes';

export interface DisputedLine { disputed: number; disputedOverdue: number }

export async function disputedByGroup(db: D1Database, asOf: string, groupBy: GroupBy, scope: Scope | undefined): Promise<Map<string, DisputedLine>> {
  const byCustomer = await disputedByCustomer(db, asOf, scope?.kind === 'customer' ? scope.value : undefined);
  const out = new Map<string, DisputedLine>();
  if (!byCustomer.size) return out;
  const { results } = await db
    .prepare('SELECT id, vertical, region, collector FROM customers WHERE id IN (SELECT value FROM json_each(?1))')
    .bind(JSON.stringify([...byCustomer.keys()]))
    .all<{ id: string; vertical: string; region: string; collector: string }>();
  for (const c of results) {
    if (scope && scope.kind !== 'all' && scope.kind !== 'customer' && c[scope.kind] !== scope.value) continue;
    const key = groupBy === 'all' ? 'all' : groupBy === 'customer' ? c.id : c[groupBy];
    const d = byCustomer.get(c.id)!;
    const prev = out.get(key) ?? { disputed: 0, disputedOverdue: 0 };
    out.set(key, { disputed: prev.disputed + d.disputed, disputedOverdue: prev.disputedOverdue + d.disputedOverdue });
  }
  return out;
}
