/** Ledger import: validate every row, stage, check against the ledger, then commit in one atomic batch. */
import { formatMoney } from '../../../shared/money';
import { LEDGER_REQUIRED, parseLedgerRow } from '../../../shared/import/ledger-row';
import { AppError, type ErrorDetail } from '../errors';
import { bumpDataVersion } from '../queries/settings';
import { type ImportBody, openRows } from './rows';
import * as SQL from './ledger-sql';
import { dropStaging, Stager } from './staging';
import { beginBatch, collectChecks, commitRecord, committedSummary, failBatch, type ImportContext, type ImportResult, MAX_DETAILS, WarningList } from './batch';

export async function importLedger(body: ImportBody, ctx: ImportContext): Promise<ImportResult> {
  const { db, batchId } = ctx;
  const source = await openRows(body, LEDGER_REQUIRED);
  await beginBatch(ctx, 'ledger');
  const problems: ErrorDetail[] = [];
  const stager = new Stager(db, 'staging_documents', SQL.STAGED_COLUMNS, batchId);
  const warnings = new WarningList();
  try {
    for await (const batch of source.batches) {
      for (const { row, values } of batch) {
        const result = parseLedgerRow(values, ctx.currency);
        if (!result.ok) {
          for (const p of result.problems) if (problems.length < MAX_DETAILS) problems.push({ row, ...p });
          continue;
        }
        for (const w of result.warnings) warnings.add(`row ${row}: ${w}`);
        if (problems.length) continue; // the import will fail: stop writing, keep reading to report every problem
        const d = result.doc;
        await stager.add([row, d.doc_type, d.doc_no, d.applies_to, d.customer_id, d.kind, d.doc_date, d.due_date, d.amount,
          d.currency, d.fx_rate, d.func_amount, d.reference]);
      }
    }
    problems.unshift(...source.problems);
    if (!problems.length) {
      await stager.flush();
      problems.push(...(await collectChecks(db, batchId, Object.values(SQL.CHECKS))));
    }
    if (problems.length) {
      throw new AppError('validation_failed', `${problems.length >= MAX_DETAILS ? 'at least ' : ''}${problems.length} problem(s) in the file; nothing was imported`,
        problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
    }
    await db.prepare(SQL.FILL_DUE_DATES).bind(batchId).run();

    const at = ctx.now();
    await db.batch([
      ...commitRecord(ctx, 'ledger', SQL.COUNT),
      db.prepare(SQL.MARK_AFFECTED).bind(batchId),
      db.prepare(SQL.AUDIT_UPDATES).bind(batchId, at, ctx.userId),
      db.prepare(SQL.UPSERT).bind(batchId),
      db.prepare(SQL.DELETE_ALLOCATIONS).bind(batchId),
      db.prepare(SQL.INSERT_ALLOCATIONS).bind(batchId),
      db.prepare(SQL.RESET_SETTLED).bind(batchId),
      db.prepare(SQL.UPDATE_SETTLED_ON).bind(batchId),
      db.prepare(SQL.UPDATE_UNAPPLIED).bind(batchId),
      db.prepare(SQL.UPDATE_DATA_DATE).bind(batchId),
      bumpDataVersion(db, batchId),
    ]);
    const summary = await committedSummary(ctx);

    const over = await db.prepare(SQL.OVERPAYMENTS).bind(batchId).all<{ doc_type: string; doc_no: string; applies_to: string; unapplied_amount: number; currency: string }>();
    for (const o of over.results) {
      warnings.add(`${o.doc_type} ${o.doc_no} is ${formatMoney(o.unapplied_amount, o.currency)} ${o.currency} more than invoice ${o.applies_to} still owed: the excess is unapplied credit`);
    }
    return { ...summary, warnings: warnings.list() };
  } catch (err) {
    await failBatch(ctx, err);
    throw err;
  } finally {
    await stager.settle();
    await dropStaging(db, batchId);
  }
}
