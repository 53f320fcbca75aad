/** What every import shares: its batch record, ledger checks, warnings and the summary it answers. */
import type { ErrorDetail } from '../errors';

export const MAX_DETAILS = 1000;

export interface ImportContext {
  db: D1Database;
  batchId: string;
  userId: string;
  currency: string;
  now: () => string;
}

export interface ImportSummary {
  rows: number;
  inserted: number;
  updated: number;
  unchanged: number;
}

export interface ImportResult extends ImportSummary {
  warnings: string[];
}

export class WarningList {
  private items: string[] = [];
  private dropped = 0;
  add(w: string) {
    if (this.items.length < MAX_DETAILS) this.items.push(w);
    else this.dropped++;
  }
  list(): string[] {
    return this.dropped ? [...this.items, `… and ${this.dropped} more warning(s)`] : this.items;
  }
}

export async function beginBatch(ctx: ImportContext, kind: 'ledger' | 'customers') {
  await ctx.db
    .prepare("INSERT INTO import_batches (id, kind, user_id, status, started_at) VALUES (?1, ?2, ?3, 'staging', ?4)")
    .bind(ctx.batchId, kind, ctx.userId, ctx.now())
    .run();
}

/**
 * Statements for the commit batch, before the ledger changes: record the counts (from `countSql`, which compares
 * staging with the ledger) on the batch and write the import's audit row, in the same transaction as the change.
 */
export function commitRecord(ctx: ImportContext, kind: 'ledger' | 'customers', countSql: string): D1PreparedStatement[] {
  const at = ctx.now();
  return [
    ctx.db
      .prepare(
        `UPDATE import_batches SET status = 'committed', finished_at = ?2, rows = x.rows, inserted = x.inserted,
           unchanged = x.unchanged, updated = x.rows - x.inserted - x.unchanged
         FROM (${countSql}) AS x WHERE id = ?1`,
      )
      .bind(ctx.batchId, at),
    ctx.db
      .prepare(
        `INSERT INTO audit_log (at, user_id, action, entity, entity_id, after)
         SELECT ?2, ?3, ?4, 'import_batch', id, json_object('rows', rows, 'inserted', inserted, 'updated', updated, 'unchanged', unchanged)
         FROM import_batches WHERE id = ?1`,
      )
      .bind(ctx.batchId, at, ctx.userId, `${kind}.import`),
  ];
}

export async function committedSummary(ctx: ImportContext): Promise<ImportSummary> {
  const row = await ctx.db
    .prepare('SELECT rows, inserted, updated, unchanged FROM import_batches WHERE id = ?1')
    .bind(ctx.batchId)
    .first<ImportSummary>();
  return row!;
}

export async function failBatch(ctx: ImportContext, err: unknown) {
  const message = err instanceof Error ? err.message : String(err);
  await ctx.db
    .prepare("UPDATE import_batches SET status = 'failed', finished_at = ?2, error = ?3 WHERE id = ?1")
    .bind(ctx.batchId, ctx.now(), message.slice(0, 500))
    .run();
}

/** Runs check queries returning (row_no, col, message) and gathers their problems. */
export async function collectChecks(db: D1Database, batchId: string, checks: string[]): Promise<ErrorDetail[]> {
  const results = await db.batch(checks.map((sql) => db.prepare(sql).bind(batchId)));
  return results
    .flatMap((r) => r.results as { row_no: number; col: string; message: string }[])
    .slice(0, MAX_DETAILS)
    .map((r) => ({ row: r.row_no, column: r.col, message: r.message }));
}
