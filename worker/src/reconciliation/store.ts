/** Recorded reconciliations: inserted as new versions, read back, signed off once. */
import type { Category, LineStatus, MatchRule } from '../../../shared/reconciliation/match';
import { AppError } from '../errors';

export interface StoredLine {
  index: number;
  ref: string;
  date: string;
  amount: number;
  status: LineStatus;
  rule: MatchRule | null;
  matches: string[];
  group: number | null;
  difference: number;
  explanation?: string;
}

export interface StoredUnmatched {
  docNo: string;
  docType: string;
  date: string;
  amount: number;
  status: 'missing_in_statement';
  explanation?: string;
}

export interface NewRecord {
  customerId: string;
  asOf: string;
  currency: string;
  ourBalance: number;
  theirBalance: number;
  difference: number;
  unexplained: number;
  breakdown: { category: Category; amount: number }[];
  lines: StoredLine[];
  unmatched: StoredUnmatched[];
  options: object;
  notes: string;
  dataVersion: number;
}

export interface StoredRecord extends NewRecord {
  id: string;
  version: number;
  status: 'agreed' | 'differences';
  preparedBy: string;
  preparedAt: string;
  signedOffBy: string | null;
  signedOffAt: string | null;
  signoffComment: string | null;
}

interface Row {
  id: string; customer_id: string; as_of: string; version: number; currency: string; our_balance: number; their_balance: number;
  difference: number; unexplained: number; status: 'agreed' | 'differences'; breakdown: string; lines: string; unmatched: string;
  options: string; notes: string; data_version: number; prepared_by: string; prepared_at: string; signed_off_by: string | null;
  signed_off_at: string | null; signoff_comment: string | null;
}

function fromRow(r: Row): StoredRecord {
  return {
    id: r.id, customerId: r.customer_id, asOf: r.as_of, version: r.version, currency: r.currency, ourBalance: r.our_balance,
    theirBalance: r.their_balance, difference: r.difference, unexplained: r.unexplained, status: r.status,
    breakdown: JSON.parse(r.breakdown), lines: JSON.parse(r.lines), unmatched: JSON.parse(r.unmatched), options: JSON.parse(r.options),
    notes: r.notes, dataVersion: r.data_version, preparedBy: r.prepared_by, preparedAt: r.prepared_at,
    signedOffBy: r.signed_off_by, signedOffAt: r.signed_off_at, signoffComment: r.signoff_comment,
  };
}

/** The next version for (customer, date) is taken inside the INSERT, so two submissions can't share one. */
export async function insertRecord(db: D1Database, rec: NewRecord, userId: string): Promise<StoredRecord> {
  const id = crypto.randomUUID();
  const at = new Date().toISOString();
  const status = rec.difference === 0 ? 'agreed' : 'differences';
  const insert = db
    .prepare(
      `INSERT INTO reconciliations (id, customer_id, as_of, version, currency, our_balance, their_balance, difference, unexplained, status,
         breakdown, lines, unmatched, options, notes, data_version, prepared_by, prepared_at)
       SELECT ?1, ?2, ?3, COALESCE(MAX(version), 0) + 1, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17
       FROM reconciliations WHERE customer_id = ?2 AND as_of = ?3`,
    )
    .bind(id, rec.customerId, rec.asOf, rec.currency, rec.ourBalance, rec.theirBalance, rec.difference, rec.unexplained, status,
      JSON.stringify(rec.breakdown), JSON.stringify(rec.lines), JSON.stringify(rec.unmatched), JSON.stringify(rec.options), rec.notes, rec.dataVersion, userId, at);
  const audit = db
    .prepare(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after)
       SELECT ?1, ?2, 'reconciliation.record', 'reconciliation', id,
         (SELECT id FROM reconciliations p WHERE p.customer_id = r.customer_id AND p.as_of = r.as_of AND p.version = r.version - 1),
         json_object('customerId', customer_id, 'asOf', as_of, 'version', version, 'status', status, 'ourBalance', our_balance,
           'theirBalance', their_balance, 'difference', difference, 'unexplained', unexplained, 'lines', json_array_length(lines))
       FROM reconciliations r WHERE id = ?3`,
    )
    .bind(at, userId, id);
  try {
    await db.batch([insert, audit]);
  } catch (err) {
    if (String(err).includes('UNIQUE')) throw new AppError('conflict', 'another version of this reconciliation was stored at the same moment; submit again');
    throw err;
  }
  return getRecord(db, id);
}

export async function getRecord(db: D1Database, id: string): Promise<StoredRecord> {
  const row = await db.prepare('SELECT * FROM reconciliations WHERE id = ?1').bind(id).first<Row>();
  if (!row) throw new AppError('not_found', `no reconciliation ${id}`);
  return fromRow(row);
}

export async function listRecords(db: D1Database, f: { customer?: string; asOf?: string; from?: string; to?: string }): Promise<StoredRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM reconciliations
       WHERE (?1 IS NULL OR customer_id = ?1) AND (?2 IS NULL OR as_of = ?2) AND (?3 IS NULL OR as_of >= ?3) AND (?4 IS NULL OR as_of <= ?4)
       ORDER BY as_of DESC, customer_id, version DESC LIMIT 1000`,
    )
    .bind(f.customer ?? null, f.asOf ?? null, f.from ?? null, f.to ?? null)
    .all<Row>();
  return results.map(fromRow);
}

export const SIGNOFF_ROLES = ['controller', 'manager'] as const;

/** Only the latest version, only once, never by its preparer; the UPDATE re-checks all three, so a race can't slip by. */
export async function signOff(db: D1Database, id: string, user: { userId: string; role: string }, comment: string): Promise<StoredRecord> {
  const rec = await getRecord(db, id);
  if (!(SIGNOFF_ROLES as readonly string[]).includes(user.role)) throw new AppError('forbidden', 'sign-off is by a controller or manager');
  if (rec.preparedBy === user.userId) throw new AppError('forbidden', 'a reconciliation is signed off by someone other than its preparer');
  if (rec.signedOffBy) throw new AppError('conflict', `already signed off by ${rec.signedOffBy} at ${rec.signedOffAt}`);
  const at = new Date().toISOString();
  const [update] = await db.batch([
    db
      .prepare(
        `UPDATE reconciliations SET signed_off_by = ?2, signed_off_at = ?3, signoff_comment = ?4
         WHERE id = ?1 AND signed_off_by IS NULL AND prepared_by <> ?2
           AND version = (SELECT MAX(version) FROM reconciliations p WHERE p.customer_id = reconciliations.customer_id AND p.as_of = reconciliations.as_of)`,
      )
      .bind(id, user.userId, at, comment),
    // The audit row only when the sign-off took: a refused sign-off leaves no trace but its answer.
    db
      .prepare(
        `INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after)
         SELECT ?3, ?2, 'reconciliation.signoff', 'reconciliation', id, json_object('signedOffBy', NULL), json_object('signedOffBy', ?2, 'comment', ?4)
         FROM reconciliations WHERE id = ?1 AND signed_off_by = ?2 AND signed_off_at = ?3`,
      )
      .bind(id, user.userId, at, comment),
  ]);
  if (update!.meta.changes === 0) {
    throw new AppError('conflict', `version ${rec.version} is not the latest for ${rec.customerId} on ${rec.asOf}: sign off the latest version`);
  }
  return getRecord(db, id);
}
