/** Promises to pay, and their state from the ledger as of a date. */
import { promiseState, type PromiseState } from '../../../shared/collections/promises';

export interface PromiseView {
  id: string;
  customerId: string;
  invoices: string[];
  amount: number;
  currency: string;
  madeOn: string;
  promisedDate: string;
  note: string;
  createdBy: string;
  /** Settled on the promised invoices from madeOn to min(promisedDate, asOf), minor units of `currency`. */
  paid: number;
  state: PromiseState;
}

// Allocations to the promised invoices within the promise's window; invoices looked up by their unique key (CROSS JOIN
// keeps json_each first: the planner would otherwise read every document of the customer per promise).
const PROMISES_SQL = `
  SELECT p.id, p.customer_id, p.invoices, p.amount, p.currency, p.made_on, p.promised_date, p.note, p.created_by,
    COALESCE((SELECT SUM(a.amount) FROM json_each(p.invoices) j
      CROSS JOIN documents d ON d.doc_type = 'INV' AND d.doc_no = j.value AND d.applies_to = '' AND d.customer_id = p.customer_id
      JOIN allocations a INDEXED BY allocations_invoice ON a.invoice_id = d.id
      WHERE a.alloc_date >= p.made_on AND a.alloc_date <= MIN(p.promised_date, ?1)), 0) AS paid
  FROM promises p
  WHERE p.cancelled_at IS NULL AND p.made_on <= ?1 AND (?2 IS NULL OR p.customer_id = ?2)
  ORDER BY p.promised_date, p.id`;

interface Row {
  id: string; customer_id: string; invoices: string; amount: number; currency: string; made_on: string; promised_date: string;
  note: string; created_by: string; paid: number;
}

export async function promiseStates(db: D1Database, f: { customerId?: string; asOf: string }): Promise<PromiseView[]> {
  const { results } = await db.prepare(PROMISES_SQL).bind(f.asOf, f.customerId ?? null).all<Row>();
  return results.map((r) => {
    const paid = Number(r.paid);
    return {
      id: r.id, customerId: r.customer_id, invoices: JSON.parse(r.invoices) as string[], amount: r.amount, currency: r.currency,
      madeOn: r.made_on, promisedDate: r.promised_date, note: r.note, createdBy: r.created_by, paid,
      state: promiseState({ amount: r.amount, promisedDate: r.promised_date, paid }, f.asOf),
    };
  });
}

/** The customer's open invoices named in a request, as of a date: every name must be one, all in one currency. */
export async function openInvoicesOf(db: D1Database, customerId: string, docNos: string[], asOf: string): Promise<Map<string, { currency: string; open: number; openFunc: number; dueDate: string }>> {
  const { results } = await db
    .prepare(
      `SELECT d.doc_no, d.currency, d.due_date,
         ABS(d.amount) - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?3), 0) AS open,
         d.func_amount - COALESCE((SELECT SUM(a.func_amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?3), 0) AS open_func
       FROM json_each(?2) j CROSS JOIN documents d ON d.doc_type = 'INV' AND d.doc_no = j.value AND d.applies_to = ''
       WHERE d.customer_id = ?1 AND d.doc_date <= ?3`,
    )
    .bind(customerId, JSON.stringify(docNos), asOf)
    .all<{ doc_no: string; currency: string; due_date: string; open: number; open_func: number }>();
  return new Map(results.filter((r) => r.open > 0).map((r) => [r.doc_no, { currency: r.currency, open: r.open, openFunc: r.open_func, dueDate: r.due_date }]));
}
