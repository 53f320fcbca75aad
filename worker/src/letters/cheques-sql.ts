/** Cheques and the ledger: a returned cheque re-opens the balance with a debit ADJ dated the return date. */
import { auditStatement, bumpDataVersion } from '../queries/settings';

export interface ChequeRow {
  id: string;
  customer_id: string;
  cheque_no: string;
  bank: string;
  amount: number;
  currency: string;
  cheque_date: string;
  received_on: string;
  state: 'received' | 'deposited' | 'cleared' | 'returned' | 'cancelled';
  deposited_on: string | null;
  cleared_on: string | null;
  returned_on: string | null;
  return_reason: string | null;
  payment_doc_no: string | null;
  reversal_doc_no: string | null;
  note: string;
  version: number;
  updated_by: string;
  updated_at: string;
}

export const cheque = (db: D1Database, id: string) => db.prepare('SELECT * FROM cheques WHERE id = ?1').bind(id).first<ChequeRow>();

export async function listCheques(db: D1Database, f: { state?: string; customer?: string }): Promise<ChequeRow[]> {
  const { results } = await db
    .prepare('SELECT * FROM cheques WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR customer_id = ?2) ORDER BY cheque_date, customer_id, cheque_no')
    .bind(f.state ?? null, f.customer ?? null)
    .all<ChequeRow>();
  return results;
}

/** The customer's PMT with this number: its currency, rate and total. */
export function paymentDoc(db: D1Database, customerId: string, docNo: string) {
  return db
    .prepare("SELECT currency, MAX(fx_rate) AS fx_rate, MIN(doc_date) AS doc_date, SUM(ABS(amount)) AS amount FROM documents WHERE doc_type = 'PMT' AND doc_no = ?2 AND customer_id = ?1 GROUP BY currency")
    .bind(customerId, docNo)
    .first<{ currency: string; fx_rate: string; doc_date: string; amount: number }>();
}

const assertVersion = (db: D1Database, id: string, version: number) =>
  db.prepare("INSERT INTO batch_assertions (what, ok) SELECT 'cheque version', EXISTS (SELECT 1 FROM cheques WHERE id = ?1 AND version = ?2)").bind(id, version);

export function updateCheque(db: D1Database, before: ChequeRow, after: ChequeRow, x: { userId: string; at: string; action: string }, extra: D1PreparedStatement[] = []): D1PreparedStatement[] {
  return [
    assertVersion(db, before.id, before.version),
    db
      .prepare(
        `UPDATE cheques SET state = ?2, deposited_on = ?3, cleared_on = ?4, returned_on = ?5, return_reason = ?6, payment_doc_no = ?7, reversal_doc_no = ?8,
           note = ?9, version = version + 1, updated_by = ?10, updated_at = ?11 WHERE id = ?1`,
      )
      .bind(before.id, after.state, after.deposited_on, after.cleared_on, after.returned_on, after.return_reason, after.payment_doc_no, after.reversal_doc_no, after.note, x.userId, x.at),
    auditStatement(db, { at: x.at, userId: x.userId, action: `cheque.${x.action}`, entity: 'cheque', entityId: before.id, before, after: { ...after, version: before.version + 1 } }),
    ...extra,
    db.prepare('DELETE FROM batch_assertions'),
  ];
}

/** The re-opening debit, the data date and version, the customer's flag, with their audit rows. */
export function reversalStatements(
  db: D1Database,
  r: { customerId: string; docNo: string; date: string; amount: number; currency: string; fxRate: string; funcAmount: number; reference: string; userId: string; at: string },
): D1PreparedStatement[] {
  const flagId = crypto.randomUUID();
  return [
    db
      .prepare(
        `INSERT INTO documents (doc_type, doc_no, applies_to, customer_id, kind, doc_date, due_date, amount, currency, fx_rate, func_amount, reference, open_func)
         VALUES ('ADJ', ?1, '', ?2, 'D', ?3, ?3, ?4, ?5, ?6, ?7, ?8, ?7)`,
      )
      .bind(r.docNo, r.customerId, r.date, r.amount, r.currency, r.fxRate, r.funcAmount, r.reference),
    auditStatement(db, { at: r.at, userId: r.userId, action: 'ledger.insert', entity: 'document', entityId: `ADJ ${r.docNo}`, after: { doc_type: 'ADJ', doc_no: r.docNo, customer_id: r.customerId, doc_date: r.date, due_date: r.date, amount: r.amount, currency: r.currency, fx_rate: r.fxRate, func_amount: r.funcAmount, reference: r.reference } }),
    db.prepare("UPDATE settings SET value = MAX(value, ?1) WHERE key = 'data_date'").bind(r.date),
    bumpDataVersion(db),
    db
      .prepare(
        `INSERT OR IGNORE INTO escalation_flags (id, customer_id, source, level, reason, flagged_on, flagged_by) VALUES (?1, ?2, 'returned_cheque', 'credit manager', ?3, ?4, ?5)`,
      )
      .bind(flagId, r.customerId, r.reference, r.date, r.userId),
    // Audited only when the flag was raised (an open one for returned cheques may exist already).
    db
      .prepare(
        `INSERT INTO audit_log (at, user_id, action, entity, entity_id, after)
         SELECT ?1, ?2, 'escalation.flag', 'customer', ?3, ?4 WHERE EXISTS (SELECT 1 FROM escalation_flags WHERE id = ?5)`,
      )
      .bind(r.at, r.userId, r.customerId, JSON.stringify({ source: 'returned_cheque', reason: r.reference, flag_id: flagId }), flagId),
  ];
}
