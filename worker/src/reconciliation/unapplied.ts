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

// What open proposals take from credit `k` (columns doc_type, doc_no) and give to invoice `d` (customer_id, currency,
// doc_no). An allocation the ledger carries (a row of the credit applied to the invoice) is no longer open.
const CARRIED = (invoiceNo: string) => `EXISTS (SELECT 1 FROM documents x WHERE x.doc_type = p.doc_type AND x.doc_no = p.doc_no AND x.applies_to = ${invoiceNo})`;
const PROPOSED_FROM_CREDIT = `COALESCE((SELECT SUM(json_extract(j.value, '$.amount')) FROM allocation_proposals p, json_each(p.allocations) j
  WHERE p.doc_type = k.doc_type AND p.doc_no = k.doc_no AND NOT ${CARRIED("json_extract(j.value, '$.invoiceNo')")}), 0)`;
const PROPOSED_TO_INVOICE = `COALESCE((SELECT SUM(json_extract(j.value, '$.amount')) FROM allocation_proposals p, json_each(p.allocations) j
  WHERE p.customer_id = d.customer_id AND p.currency = d.currency AND json_extract(j.value, '$.invoiceNo') = d.doc_no AND NOT ${CARRIED('d.doc_no')}), 0)`;

// Unapplied credits on ?1: all, one customer's (?2) or the documents named in ?3 (JSON ["PMT P-1", …]). An unapplied
// credit's part never changes after its date (it is applied only by rows naming an invoice).
const CREDITS = `credits AS (
    SELECT d.customer_id, d.doc_type, d.doc_no, MIN(d.doc_date) AS doc_date, MIN(d.due_date) AS due_date, d.currency, MIN(d.fx_rate) AS fx_rate,
      MAX(d.reference) AS reference, SUM(d.unapplied_amount) AS unapplied
    FROM documents d INDEXED BY documents_unapplied
    WHERE d.kind = 'C' AND d.unapplied_func > 0 AND d.doc_date <= ?1 AND (?2 IS NULL OR d.customer_id = ?2)
      AND (?3 IS NULL OR d.doc_type || ' ' || d.doc_no IN (SELECT value FROM json_each(?3)))
    GROUP BY d.customer_id, d.doc_type, d.doc_no, d.currency
  )`;

const CREDITS_SQL = `
  WITH ${CREDITS}
  SELECT k.*, c.name AS customer_name, ${PROPOSED_FROM_CREDIT} AS proposed
  FROM credits k JOIN customers c ON c.id = k.customer_id
  ORDER BY k.customer_id, k.doc_date, k.doc_no
  LIMIT ?4`;

// Open invoices on ?1 of the customers `customersSql` selects, in document currency: open in the ledger.
const INVOICES = (customersSql: string) => `invoices AS (
    SELECT * FROM (
      SELECT d.customer_id, d.currency, d.doc_no, d.doc_date,
        ABS(d.amount) - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?1), 0) AS open
      FROM documents d INDEXED BY documents_customer
      WHERE d.customer_id IN (${customersSql}) AND d.kind = 'D' AND d.doc_type = 'INV' AND d.doc_date <= ?1
        AND (d.settled_on IS NULL OR d.settled_on > ?1)
    ) WHERE open > 0
  )`;

const OPEN_SQL = `WITH ${INVOICES('SELECT value FROM json_each(?2)')} SELECT d.*, ${PROPOSED_TO_INVOICE} AS proposed FROM invoices d`;

interface CreditRow {
  customer_id: string; customer_name: string; doc_type: string; doc_no: string; doc_date: string; due_date: string;
  currency: string; fx_rate: string; reference: string; unapplied: number; proposed: number;
}

/** An open invoice: `open` in the ledger, of which `proposed` is in open proposals. */
export interface InvoiceOpen extends OpenInvoice {
  proposed: number;
}

/** Unapplied credits (all, one customer's, or only the documents named as "PMT P-1") with their customers' open invoices. */
export async function unappliedCredits(
  db: D1Database, asOf: string, customer: string | null, limit: number, docs?: { docType: string; docNo: string }[],
): Promise<{ credits: UnappliedCredit[]; openInvoices: Map<string, InvoiceOpen[]> }> {
  const named = docs ? JSON.stringify(docs.map((d) => `${d.docType} ${d.docNo}`)) : null;
  const { results } = await db.prepare(CREDITS_SQL).bind(asOf, customer, named, limit).all<CreditRow>();
  const credits = results.map((r) => ({
    customerId: r.customer_id, customerName: r.customer_name, docType: r.doc_type, docNo: r.doc_no, date: r.doc_date, dueDate: r.due_date,
    currency: r.currency, fxRate: r.fx_rate, reference: r.reference, unapplied: r.unapplied, proposed: Number(r.proposed),
  }));
  const customers = [...new Set(credits.map((c) => c.customerId))];
  const openInvoices = new Map<string, InvoiceOpen[]>();
  if (customers.length) {
    const open = await db.prepare(OPEN_SQL).bind(asOf, JSON.stringify(customers)).all<{ customer_id: string; currency: string; doc_no: string; doc_date: string; open: number; proposed: number }>();
    for (const r of open.results) {
      const key = invoicesKey(r.customer_id, r.currency);
      const list = openInvoices.get(key) ?? [];
      list.push({ docNo: r.doc_no, date: r.doc_date, open: r.open, proposed: Number(r.proposed) });
      openInvoices.set(key, list);
    }
  }
  return { credits, openInvoices };
}

export const invoicesKey = (customerId: string, currency: string) => `${customerId}\u0000${currency}`;

/** What a submission of proposals takes: from each credit, and to each invoice, in minor units of its currency. */
export interface ProposalNeeds {
  credits: { docType: string; docNo: string; amount: number }[];
  invoices: { customerId: string; currency: string; invoiceNo: string; amount: number }[];
}

// True when every credit still has `amount` unapplied and not proposed, and every invoice `amount` open and not
// proposed, on ?1 (?2: no customer filter; ?3: the credits named; ?4, ?5: the needs as JSON arrays).
const FITS = `
  WITH ${CREDITS}, ${INVOICES("SELECT json_extract(value, '$[0]') FROM json_each(?5)")}
  INSERT INTO batch_assertions (what, ok) SELECT 'proposals within what is left',
    NOT EXISTS (
      SELECT 1 FROM json_each(?4) n LEFT JOIN credits k ON k.doc_type = json_extract(n.value, '$[0]') AND k.doc_no = json_extract(n.value, '$[1]')
      WHERE k.doc_no IS NULL OR json_extract(n.value, '$[2]') > k.unapplied - ${PROPOSED_FROM_CREDIT})
    AND NOT EXISTS (
      SELECT 1 FROM json_each(?5) n LEFT JOIN invoices d
        ON d.customer_id = json_extract(n.value, '$[0]') AND d.currency = json_extract(n.value, '$[1]') AND d.doc_no = json_extract(n.value, '$[2]')
      WHERE d.doc_no IS NULL OR json_extract(n.value, '$[3]') > d.open - ${PROPOSED_TO_INVOICE})`;

/**
 * The guard of a batch storing proposals: what the submission was checked against, computed again inside the write,
 * counting every open proposal stored until then (batch-guard.ts).
 */
export function proposalsFit(db: D1Database, asOf: string, needs: ProposalNeeds): D1PreparedStatement {
  return db.prepare(FITS).bind(
    asOf,
    null,
    JSON.stringify(needs.credits.map((c) => `${c.docType} ${c.docNo}`)),
    JSON.stringify(needs.credits.map((c) => [c.docType, c.docNo, c.amount])),
    JSON.stringify(needs.invoices.map((i) => [i.customerId, i.currency, i.invoiceNo, i.amount])),
  );
}

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
