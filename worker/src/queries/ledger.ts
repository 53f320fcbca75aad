/** Reading the ledger back: one customer, and one customer's documents with their allocations. */

export interface CustomerRow {
  id: string;
  name: string;
  vertical: string;
  region: string;
  collector: string;
  currency: string;
  credit_limit: number;
  payment_terms_days: number;
  hold: string;
  risk_class: string | null;
  next_review_date: string | null;
  version: number;
  updated_at: string;
}

export function getCustomer(db: D1Database, id: string) {
  return db.prepare('SELECT * FROM customers WHERE id = ?1').bind(id).first<CustomerRow>();
}

export interface DocumentRow {
  id: number;
  doc_type: string;
  doc_no: string;
  applies_to: string;
  kind: string;
  doc_date: string;
  due_date: string;
  amount: number;
  currency: string;
  fx_rate: string;
  func_amount: number;
  reference: string;
  settled_on: string | null;
  unapplied_amount: number;
  open_func: number;
}

export interface AllocationRow {
  settlement_id: number;
  invoice_id: number;
  alloc_date: string;
  amount: number;
  func_amount: number;
  other_type: string;
  other_no: string;
  owner_id: number;
}

/** A page of a customer's documents (ledger order) and every allocation touching them, in two queries. */
export async function customerDocuments(db: D1Database, customerId: string, after: number, limit: number) {
  const docs = await db
    .prepare(
      `SELECT id, doc_type, doc_no, applies_to, kind, doc_date, due_date, amount, currency, fx_rate, func_amount, reference,
              settled_on, unapplied_amount, open_func
       FROM documents WHERE customer_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3`,
    )
    .bind(customerId, after, limit)
    .all<DocumentRow>();
  if (!docs.results.length) return { docs: [], allocations: [] };
  const first = docs.results[0]!.id;
  const last = docs.results.at(-1)!.id;
  const allocations = await db
    .prepare(
      `SELECT a.*, s.doc_type AS other_type, s.doc_no AS other_no, a.invoice_id AS owner_id
       FROM allocations a JOIN documents i ON i.id = a.invoice_id JOIN documents s ON s.id = a.settlement_id
       WHERE i.customer_id = ?1 AND a.invoice_id BETWEEN ?2 AND ?3
       UNION ALL
       SELECT a.*, i.doc_type, i.doc_no, a.settlement_id
       FROM allocations a JOIN documents s ON s.id = a.settlement_id JOIN documents i ON i.id = a.invoice_id
       WHERE s.customer_id = ?1 AND a.settlement_id BETWEEN ?2 AND ?3
       ORDER BY alloc_date`,
    )
    .bind(customerId, first, last)
    .all<AllocationRow>();
  return { docs: docs.results, allocations: allocations.results };
}
