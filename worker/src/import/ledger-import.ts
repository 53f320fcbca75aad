/** Ledger import: validate every row, stage, check against the ledger, then commit in one atomic batch. */
import { formatMoney } from '../../../shared/money';
import { LEDGER_REQUIRED, parseLedgerRow } from '../../../shared/import/ledger-row';
import { type Preset, type ResolvedPreset } from '../../../shared/import/presets';
import { AppError, type ErrorDetail } from '../errors';
import { bumpDataVersion } from '../queries/settings';
import { type ImportBody, openRows } from './rows';
import * as SQL from './ledger-sql';
import { dropStaging, Stager } from './staging';
import { beginBatch, collectChecks, commitRecord, committedSummary, failBatch, type ImportContext, type ImportResult, MAX_DETAILS, WarningList } from './batch';

/** An ERP export to map onto the canonical columns first (see shared/import/presets.ts). */
export interface PresetChoice {
  preset: Preset;
  /** Currency for rows without one; the functional currency when absent. */
  defaultCurrency?: string;
}

export async function importLedger(body: ImportBody, ctx: ImportContext, choice?: PresetChoice): Promise<ImportResult> {
  const { db, batchId } = ctx;
  const source = await openRows(body, choice ? [] : LEDGER_REQUIRED);
  let preset: ResolvedPreset | null = null;
  if (choice) {
    const resolved = choice.preset.resolve(source.columns, { functionalCurrency: ctx.currency, defaultCurrency: choice.defaultCurrency });
    if (!resolved.ok) {
      throw new AppError('validation_failed', `the file does not look like a ${choice.preset.name} export`,
        resolved.problems.map((p) => ({ row: 1, ...p })));
    }
    preset = resolved.preset;
  }
  /** Problems name the export's own column where the preset knows it. */
  const sourceColumn = (column: string | null | undefined) => (preset && column ? (preset.sources as Record<string, string | undefined>)[column] ?? column : column);
  await beginBatch(ctx, 'ledger');
  const problems: ErrorDetail[] = [];
  const stager = new Stager(db, 'staging_documents', SQL.STAGED_COLUMNS, batchId);
  const warnings = new WarningList();
  try {
    for await (const batch of source.batches) {
      for (const { row, values: raw } of batch) {
        let values: Record<string, string> = raw;
        if (preset) {
          const mapped = preset.map(raw);
          if ('skip' in mapped) {
            warnings.add(`row ${row}: skipped, ${mapped.reason}`);
            continue;
          }
          if (!mapped.ok) {
            for (const p of mapped.problems) if (problems.length < MAX_DETAILS) problems.push({ row, ...p });
            continue;
          }
          values = mapped.values;
        }
        const result = parseLedgerRow(values, ctx.currency);
        if (!result.ok) {
          for (const p of result.problems) if (problems.length < MAX_DETAILS) problems.push({ row, ...p, column: sourceColumn(p.column) ?? null });
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
      problems.push(...(await collectChecks(db, batchId, Object.values(SQL.CHECKS))).map((p) => (preset ? { ...p, column: sourceColumn(p.column) ?? null } : p)));
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
