/**
 * Customers' financial statements, one row per period. The same period again replaces the row in place, so a
 * replacement names the version it was read at (0: no statements for the period yet); the batch re-checks it first.
 */
import { assertion } from '../batch-guard';
import { auditStatement, bumpDataVersion } from './settings';

export const LINES = ['total_assets', 'current_assets', 'current_liabilities', 'total_liabilities', 'retained_earnings', 'ebit', 'book_equity', 'sales'] as const;
export type Line = (typeof LINES)[number];

export type Statements = { period_end: string; currency: string } & Record<Line, number | null>;
export type StatementsRow = Statements & { customer_id: string; version: number; created_by: string; created_at: string };

export async function financialsOf(db: D1Database, customerId: string): Promise<StatementsRow[]> {
  const { results } = await db.prepare('SELECT * FROM customer_financials WHERE customer_id = ?1 ORDER BY period_end').bind(customerId).all<StatementsRow>();
  return results;
}

export function statementsOf(db: D1Database, customerId: string, periodEnd: string): Promise<StatementsRow | null> {
  return db.prepare('SELECT * FROM customer_financials WHERE customer_id = ?1 AND period_end = ?2').bind(customerId, periodEnd).first<StatementsRow>();
}

/** The statements of a row, without its bookkeeping. */
function statementsJson(r: Statements): Statements {
  return { period_end: r.period_end, currency: r.currency, ...(Object.fromEntries(LINES.map((l) => [l, r[l]])) as Record<Line, number | null>) };
}

/** The period's version is still `version` (0: the period has no statements). */
export const periodAt = (db: D1Database, customerId: string, periodEnd: string, version: number) =>
  assertion(db, 'financials version', 'COALESCE((SELECT version FROM customer_financials WHERE customer_id = ?2 AND period_end = ?3), 0) = ?4', customerId, periodEnd, version);

/** The statements written (created, or replaced moving the version), with their audit row; behind `periodAt`. */
export function recordStatements(db: D1Database, x: { customerId: string; before: StatementsRow | null; after: Statements; userId: string; at: string }): D1PreparedStatement[] {
  const version = (x.before?.version ?? 0) + 1;
  const before = x.before ? { ...statementsJson(x.before), version: x.before.version } : undefined;
  return [
    db
      .prepare(
        `INSERT INTO customer_financials (customer_id, period_end, currency, ${LINES.join(', ')}, version, created_by, created_at)
         VALUES (?1, ?2, ?3, ${LINES.map((_, i) => `?${i + 4}`).join(', ')}, ?12, ?13, ?14)
         ON CONFLICT (customer_id, period_end) DO UPDATE SET currency = excluded.currency, ${LINES.map((l) => `${l} = excluded.${l}`).join(', ')},
           version = excluded.version, created_by = excluded.created_by, created_at = excluded.created_at`,
      )
      .bind(x.customerId, x.after.period_end, x.after.currency, ...LINES.map((l) => x.after[l]), version, x.userId, x.at),
    auditStatement(db, { at: x.at, userId: x.userId, action: 'financials.record', entity: 'customer', entityId: x.customerId, before, after: { ...x.after, version } }),
    bumpDataVersion(db),
  ];
}
