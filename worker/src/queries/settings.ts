/** Organisation settings and the ledger's data version (changes whenever a figure may change). */
import type { PortfolioMode } from '../portfolio';

export interface LedgerState {
  currency: string;
  dataVersion: number;
  dataDate: string | null;
}

export async function ledgerState(db: D1Database): Promise<LedgerState> {
  const { results } = await db.prepare('SELECT key, value FROM settings').all<{ key: string; value: string }>();
  const s = Object.fromEntries(results.map((r) => [r.key, r.value]));
  return {
    currency: s.functional_currency ?? 'USD',
    dataVersion: Number(s.data_version ?? 0),
    dataDate: s.data_date || null,
  };
}

/** Whether collectors see every customer ('all') or only their own portfolio ('own'); see worker/src/portfolio.ts. */
export async function portfolioMode(db: D1Database): Promise<PortfolioMode> {
  const row = await db.prepare("SELECT value FROM settings WHERE key = 'collector_portfolio'").first<{ value: string }>();
  return row?.value === 'own' ? 'own' : 'all';
}

export async function functionalCurrency(db: D1Database): Promise<string> {
  const row = await db.prepare("SELECT value FROM settings WHERE key = 'functional_currency'").first<{ value: string }>();
  return row?.value ?? 'USD';
}

/**
 * A statement to include in a write batch: the data version moves with the data. With an import batch id, only
 * when that import inserted or updated something (a re-import of the same rows changes nothing).
 */
export function bumpDataVersion(db: D1Database, importBatchId?: string): D1PreparedStatement {
  const sql = "UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'data_version'";
  if (!importBatchId) return db.prepare(sql);
  return db
    .prepare(`${sql} AND EXISTS (SELECT 1 FROM import_batches WHERE id = ?1 AND inserted + updated > 0)`)
    .bind(importBatchId);
}

export function auditStatement(
  db: D1Database,
  entry: { at: string; userId: string; action: string; entity: string; entityId: string | null; before?: unknown; after?: unknown },
): D1PreparedStatement {
  return db
    .prepare('INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
    .bind(
      entry.at,
      entry.userId,
      entry.action,
      entry.entity,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    );
}
