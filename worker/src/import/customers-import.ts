/** Customer import: upsert by customer_id, all or nothing, every change audited with before/after. */
import { CUSTOMER_REQUIRED, parseCustomerRow } from '../../../shared/import/customer-row';
import { AppError, type ErrorDetail } from '../errors';
import { bumpDataVersion } from '../queries/settings';
import { beginBatch, collectChecks, commitRecord, committedSummary, failBatch, type ImportContext, type ImportResult, MAX_DETAILS } from './batch';
import { type ImportBody, openRows } from './rows';
import { dropStaging, Stager } from './staging';

const COLUMNS = ['row_no', 'id', 'name', 'vertical', 'region', 'collector', 'currency', 'credit_limit', 'payment_terms_days'] as const;
const FIELDS = COLUMNS.slice(2);
const SAME = (a: string, b: string) => FIELDS.map((f) => `${a}.${f} = ${b}.${f}`).join(' AND ');
const AS_JSON = (t: string) => `json_object(${FIELDS.map((f) => `'${f}', ${t}.${f}`).join(', ')})`;

const DUPLICATES = `
  SELECT s.row_no, 'customer_id' AS col, 'customer ' || s.id || ' is also on row ' || k.first_row AS message
  FROM (SELECT id, MIN(row_no) AS first_row FROM staging_customers WHERE batch_id = ?1 GROUP BY id HAVING COUNT(*) > 1) k
  JOIN staging_customers s INDEXED BY staging_customers_id ON s.batch_id = ?1 AND s.id = k.id AND s.row_no > k.first_row
  ORDER BY s.row_no LIMIT 1000`;

const COUNT = `
  SELECT COUNT(*) AS rows, COALESCE(SUM(c.id IS NULL), 0) AS inserted, COALESCE(SUM(c.id IS NOT NULL AND ${SAME('c', 's')}), 0) AS unchanged
  FROM staging_customers s LEFT JOIN customers c ON c.id = s.id WHERE s.batch_id = ?1`;

const AUDIT = `
  INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after)
  SELECT ?2, ?3, CASE WHEN c.id IS NULL THEN 'customer.create' ELSE 'customer.update' END, 'customer', s.id,
    CASE WHEN c.id IS NULL THEN NULL ELSE ${AS_JSON('c')} END, ${AS_JSON('s')}
  FROM staging_customers s LEFT JOIN customers c ON c.id = s.id
  WHERE s.batch_id = ?1 AND (c.id IS NULL OR NOT (${SAME('c', 's')}))`;

const UPSERT = `
  INSERT INTO customers (id, ${FIELDS.join(', ')}, updated_at)
  SELECT id, ${FIELDS.join(', ')}, ?2 FROM staging_customers WHERE batch_id = ?1 ORDER BY row_no
  ON CONFLICT (id) DO UPDATE SET ${FIELDS.map((f) => `${f} = excluded.${f}`).join(', ')},
    version = customers.version + 1, updated_at = excluded.updated_at
  WHERE NOT (${SAME('customers', 'excluded')})`;

export async function importCustomers(body: ImportBody, ctx: ImportContext): Promise<ImportResult> {
  const { db, batchId } = ctx;
  const source = await openRows(body, CUSTOMER_REQUIRED);
  await beginBatch(ctx, 'customers');
  const problems: ErrorDetail[] = [];
  const stager = new Stager(db, 'staging_customers', COLUMNS, batchId);
  try {
    for await (const batch of source.batches) {
      for (const { row, values } of batch) {
        const result = parseCustomerRow(values, ctx.currency);
        if (!result.ok) {
          for (const p of result.problems) if (problems.length < MAX_DETAILS) problems.push({ row, ...p });
          continue;
        }
        if (problems.length) continue;
        const c = result.customer;
        await stager.add([row, c.id, c.name, c.vertical, c.region, c.collector, c.currency, c.credit_limit, c.payment_terms_days]);
      }
    }
    problems.unshift(...source.problems);
    if (!problems.length) {
      await stager.flush();
      problems.push(...(await collectChecks(db, batchId, [DUPLICATES])));
    }
    if (problems.length) {
      throw new AppError('validation_failed', `${problems.length} problem(s) in the file; nothing was imported`,
        problems.sort((a, b) => (a.row ?? 0) - (b.row ?? 0)));
    }
    const at = ctx.now();
    await db.batch([
      ...commitRecord(ctx, 'customers', COUNT),
      db.prepare(AUDIT).bind(batchId, at, ctx.userId),
      db.prepare(UPSERT).bind(batchId, at),
      bumpDataVersion(db, batchId),
    ]);
    return { ...(await committedSummary(ctx)), warnings: [] };
  } catch (err) {
    await failBatch(ctx, err);
    throw err;
  } finally {
    await stager.settle();
    await dropStaging(db, batchId);
  }
}
