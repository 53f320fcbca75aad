/** Unapplied cash and credit as of a date, the customers' open invoices beside it, and allocation proposals. */
import type { OpenInvoice } from '../../../shared/reconciliation/unapplied';

export interface UnappliedCredit {
  customerId: string;
  customerName: string;
  docType: string;
  docNo: string;
  date: string;
  dueDate: string;
  currency: string;
  fxRate: string;
  reference: string;
  /** Not applied in the ledger, minor units of `currency`. */
  unapplied: number;
  /** Already in open proposals. */
  proposed: number;
}

// An unapplied credit's part never changes after its date (it is applied only by rows naming an invoice).
const CREDITS_SQL = `
  WITH credits AS (
    SELECT d.customer_id, d.doc_type, d.doc_no, MIN(d.doc_date) AS doc_date, MIN(d.due_date) AS due_date, d.currency, MIN(d.fx_rate) AS fx_rate,
      MAX(d.reference) AS reference, SUM(d.unapplied_amount) AS unapplied
    FROM documents d INDEXED BY documents_unapplied
    WHERE d.kind = 'C' AND d.unapplied_func > 0 AND d.doc_date <= ?1 AND (?2 IS NULL OR d.customer_id = ?2)
      AND (?4 IS NULL OR d.doc_type || ' ' || d.doc_no IN (SELECT value FROM json_each(?4)))
    GROUP BY d.customer_id, d.doc_type, d.doc_no, d.currency
  )
  SELECT k.*, c.name AS customer_name,
    COALESCE((SELECT SUM(json_extract(j.value, '$.amount')) FROM allocation_proposals p, json_each(p.allocations) j
      WHERE p.doc_type = k.doc_type AND p.doc_no = k.doc_no AND NOT EXISTS (
        SELECT 1 FROM documents x WHERE x.doc_type = p.doc_type AND x.doc_no = p.doc_no AND x.applies_to = json_extract(j.value, '$.invoiceNo'))), 0) AS proposed
  FROM credits k JOIN customers c ON c.id = k.customer_id
  ORDER BY k.customer_id, k.doc_date, k.doc_no
  LIMIT ?3`;

// Open invoices of the customers holding unapplied credit, as of the date, in document currency.
const OPEN_SQL = `
  SELECT * FROM (
    SELECT d.customer_id, d.currency, d.doc_no, d.doc_date,
      ABS(d.amount) - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?1), 0) AS open
    FROM documents d INDEXED BY documents_customer
    WHERE d.customer_id IN (SELECT value FROM json_each(?2)) AND d.kind = 'D' AND d.doc_type = 'INV' AND d.doc_date <= ?1
      AND (d.settled_on IS NULL OR d.settled_on > ?1)
  ) WHERE open > 0`;

interface CreditRow {
  customer_id: string; customer_name: string; doc_type: string; doc_no: string; doc_date: string; due_date: string;
  currency: string; fx_rate: string; reference: string; unapplied: number; proposed: number;
}

/** Unapplied credits (all, one customer's, or only the documents named as "PMT P-1") with their customers' open invoices. */
export async function unappliedCredits(
  db: D1Database, asOf: string, customer: string | null, limit: number, docs?: { docType: string; docNo: string }[],
): Promise<{ credits: UnappliedCredit[]; openInvoices: Map<string, OpenInvoice[]> }> {
  const named = docs ? JSON.stringify(docs.map((d) => `${d.docType} ${d.docNo}`)) : null;
  const { results } = await db.prepare(CREDITS_SQL).bind(asOf, customer, limit, named).all<CreditRow>();
  const credits = results.map((r) => ({
    customerId: r.customer_id, customerName: r.customer_name, docType: r.doc_type, docNo: r.doc_no, date: r.doc_date, dueDate: r.due_date,
    currency: r.currency, fxRate: r.fx_rate, reference: r.reference, unapplied: r.unapplied, proposed: Number(r.proposed),
  }));
  const customers = [...new Set(credits.map((c) => c.customerId))];
  const openInvoices = new Map<string, OpenInvoice[]>();
  if (customers.length) {
    const open = await db.prepare(OPEN_SQL).bind(asOf, JSON.stringify(customers)).all<{ customer_id: string; currency: string; doc_no: string; doc_date: string; open: number }>();
    for (const r of open.results) {
      const key = `${r.customer_id}\u0000${r.currency}`;
      const list = openInvoices.get(key) ?? [];
      list.push({ docNo: r.doc_no, date: r.doc_date, open: r.open });
      openInvoices.set(key, list);
    }
  }
  return { credits, openInvoices };
}

export const invoicesKey = (customerId: string, currency: string) => `${customerId}\u0000${currency}`;

export interface Proposal {
  id: string;
  customerId: string;
  docType: string;
  docNo: string;
  currency: string;
  allocations: { invoiceNo: string; amount: number }[];
  note: string;
  createdBy: string;
  createdAt: string;
  /** posted: the ledger now carries every allocation (the ERP posted it and it was imported). */
  state: 'open' | 'posted';
}

export async function listProposals(db: D1Database, state?: 'open' | 'posted'): Promise<Proposal[]> {
  const { results } = await db
    .prepare(
      `SELECT p.*, NOT EXISTS (SELECT 1 FROM json_each(p.allocations) j WHERE NOT EXISTS (
          SELECT 1 FROM documents x WHERE x.doc_type = p.doc_type AND x.doc_no = p.doc_no AND x.applies_to = json_extract(j.value, '$.invoiceNo'))) AS posted
       FROM allocation_proposals p ORDER BY p.created_at, p.id`,
    )
    .all<{ id: string; customer_id: string; doc_type: string; doc_no: string; currency: string; allocations: string; note: string; created_by: string; created_at: string; posted: number }>();
  return results
    .map((r): Proposal => ({
      id: r.id, customerId: r.customer_id, docType: r.doc_type, docNo: r.doc_no, currency: r.currency, allocations: JSON.parse(r.allocations),
      note: r.note, createdBy: r.created_by, createdAt: r.created_at, state: r.posted ? 'posted' : 'open',
    }))
    .filter((p) => !state || p.state === state);
}
