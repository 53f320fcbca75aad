/**
 * Roll rates between two month-ends (?1 = M, ?2 = the next, ?9 = scope): each item open at M with its bucket at M
 * and at the next month-end, its outstanding amount at M, and its settlements in between by kind. Pure rates are in
 * shared/forecast/roll-rates.ts.
 */
import type { Bucket } from '../../../shared/analytics/ageing';
import { sumRollLines, type RollLine } from '../../../shared/forecast/roll-rates';
import type { GroupBy, Scope } from '../../../shared/scope';
import { bucketCase, openItemsSource } from '../analytics/ageing-sql';
import { groupKey, scopeValue } from '../analytics/scope-sql';

const days = (param: string) => `CAST(julianday(${param}) - julianday(m.due_date) AS INTEGER)`;

export function rollRatesSql(buckets: readonly Bucket[], groupBy: GroupBy, scope: Scope | undefined): string {
  return `
    WITH moves AS (
      SELECT o.id, o.customer_id, o.due_date, o.amt,
        COALESCE(SUM(CASE WHEN s.doc_type = 'PMT' THEN a.func_amount END), 0) AS collected,
        COALESCE(SUM(CASE WHEN s.doc_type = 'ADJ' AND replace(replace(upper(s.reference), '-', ''), ' ', '') LIKE '%WRITEOFF%' THEN a.func_amount END), 0) AS written_off,
        COALESCE(SUM(a.func_amount), 0) AS settled
      FROM (${openItemsSource(false, scope)}) o
      LEFT JOIN allocations a INDEXED BY allocations_invoice ON a.invoice_id = o.id AND a.alloc_date > ?1 AND a.alloc_date <= ?2
      LEFT JOIN documents s ON s.id = a.settlement_id
      GROUP BY o.id
    )
    SELECT ${groupKey(groupBy)} AS key, ${bucketCase(buckets, days('?1'))} AS b_from, ${bucketCase(buckets, days('?2'))} AS b_to,
      SUM(m.amt) AS opening, SUM(m.collected) AS collected, SUM(m.written_off) AS written_off, SUM(m.settled) AS settled, SUM(m.amt - m.settled) AS remaining
    FROM moves m JOIN customers c ON c.id = m.customer_id
    GROUP BY 1, 2, 3`;
}

interface RollRow { key: string; b_from: number; b_to: number; opening: number; collected: number; written_off: number; settled: number; remaining: number }

function rollStatement(db: D1Database, buckets: readonly Bucket[], groupBy: GroupBy, scope: Scope | undefined, from: string, to: string): D1PreparedStatement {
  return db.prepare(rollRatesSql(buckets, groupBy, scope)).bind(from, to, ...Array(6).fill(null), scopeValue(scope));
}

/** Group key → one line per bucket at M. */
export async function rollLines(db: D1Database, buckets: readonly Bucket[], groupBy: GroupBy, scope: Scope | undefined, from: string, to: string): Promise<Map<string, RollLine[]>> {
  const { results } = await rollStatement(db, buckets, groupBy, scope, from, to).all<RollRow>();
  return toLines(buckets, results);
}

/** One line per bucket for each pair of consecutive month-ends in `ends`, all customers in scope, in one batch. */
export async function rollTotals(db: D1Database, buckets: readonly Bucket[], scope: Scope | undefined, ends: readonly string[]): Promise<RollLine[][]> {
  if (ends.length < 2) return [];
  const statements = ends.slice(1).map((to, i) => rollStatement(db, buckets, 'all', scope, ends[i]!, to));
  const results = await db.batch<RollRow>(statements);
  return results.map((r) => sumRollLines([...toLines(buckets, r.results).values()], buckets.length));
}

function toLines(buckets: readonly Bucket[], results: readonly RollRow[]): Map<string, RollLine[]> {
  const out = new Map<string, RollLine[]>();
  for (const r of results) {
    const key = String(r.key);
    const lines = out.get(key) ?? buckets.map(() => ({ opening: 0, rolledTo: buckets.map(() => 0), collected: 0, writtenOff: 0, credited: 0 }));
    out.set(key, lines);
    const l = lines[r.b_from]!;
    l.opening += r.opening;
    l.rolledTo[r.b_to]! += r.remaining;
    l.collected += r.collected;
    l.writtenOff += r.written_off;
    l.credited += r.settled - r.collected - r.written_off;
  }
  return out;
}
