/**
 * What letters, statements, escalation and write-offs read from the ledger, for a set of customers as of a date.
 * Amounts: `open`/`amount` in the document's currency, `openFunc` functional, all minor units.
 */
import type { DunningItem } from '../../../shared/letters/dunning';
import type { StatementPayment } from '../../../shared/letters/statement';

export interface LetterCustomer {
  id: string;
  name: string;
  collector: string;
  currency: string;
  hold: string;
}

export async function customersFor(db: D1Database, f: { customerId?: string; collector?: string }): Promise<LetterCustomer[]> {
  const { results } = await db
    .prepare(
      `SELECT id, name, collector, currency, hold FROM customers
       WHERE (?1 IS NULL OR id = ?1) AND (?2 IS NULL OR collector = ?2) ORDER BY id`,
    )
    .bind(f.customerId ?? null, f.collector ?? null)
    .all<LetterCustomer>();
  return results;
}

const IDS = 'SELECT value FROM json_each(?2)';

// A debit open on D: dated ≤ D, not settled by D; open = amount less allocations dated ≤ D (the ageing's rule).
// Without statistics the planner needs the indexes named: what is open now from its partial index, what was
// settled after D from the settled-date index (both small for a recent D).
const OPEN_COLUMNS = `d.customer_id, d.doc_type, d.doc_no, d.doc_date, d.due_date, d.reference, d.currency,
    d.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?1), 0) AS open,
    d.func_amount - COALESCE((SELECT SUM(a.func_amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?1), 0) AS open_func`;
const OPEN_ITEMS_SQL = `
  SELECT ${OPEN_COLUMNS} FROM documents d INDEXED BY documents_open_now
  WHERE d.kind = 'D' AND d.settled_on IS NULL AND d.doc_date <= ?1 AND d.customer_id IN (${IDS})
  UNION ALL
  SELECT ${OPEN_COLUMNS} FROM documents d INDEXED BY documents_open
  WHERE d.kind = 'D' AND d.settled_on > ?1 AND d.doc_date <= ?1 AND d.customer_id IN (${IDS})
  ORDER BY customer_id, due_date, doc_no`;

export type OpenItem = DunningItem & { customerId: string };

export async function openItemsOf(db: D1Database, customerIds: readonly string[], asOf: string): Promise<Map<string, OpenItem[]>> {
  const out = new Map<string, OpenItem[]>();
  if (!customerIds.length) return out;
  const { results } = await db
    .prepare(OPEN_ITEMS_SQL)
    .bind(asOf, JSON.stringify(customerIds))
    .all<{ customer_id: string; doc_type: string; doc_no: string; doc_date: string; due_date: string; reference: string; currency: string; open: number; open_func: number }>();
  for (const r of results) {
    if (r.open <= 0) continue;
    const item: OpenItem = {
      customerId: r.customer_id, docType: r.doc_type, docNo: r.doc_no, docDate: r.doc_date, dueDate: r.due_date,
      reference: r.reference, currency: r.currency, open: r.open, openFunc: Math.max(0, r.open_func),
    };
    out.set(r.customer_id, [...(out.get(r.customer_id) ?? []), item]);
  }
  return out;
}

type CreditRow = { customer_id: string; doc_type: string; doc_no: string; doc_date: string; reference: string; currency: string; amount: number };
const credit = (r: CreditRow): StatementPayment => ({ docType: r.doc_type, docNo: r.doc_no, date: r.doc_date, reference: r.reference, currency: r.currency, amount: r.amount });

/** Payments dated from..to and unapplied credits dated ≤ to (a credit's unapplied part is fixed on its date). */
export async function creditsOf(db: D1Database, customerIds: readonly string[], from: string, to: string) {
  const ids = JSON.stringify(customerIds);
  const [payments, unapplied] = await db.batch<CreditRow>([
    db.prepare(
      `SELECT customer_id, doc_type, doc_no, MIN(doc_date) AS doc_date, MAX(reference) AS reference, currency, SUM(ABS(amount)) AS amount
       FROM documents INDEXED BY documents_customer
       WHERE customer_id IN (${IDS}) AND doc_type = 'PMT' AND doc_date >= ?1 AND doc_date <= ?3
       GROUP BY customer_id, doc_type, doc_no, currency ORDER BY customer_id, doc_date, doc_no`,
    ).bind(from, ids, to),
    db.prepare(
      `SELECT customer_id, doc_type, doc_no, MIN(doc_date) AS doc_date, MAX(reference) AS reference, currency, SUM(unapplied_amount) AS amount
       FROM documents INDEXED BY documents_customer
       WHERE customer_id IN (${IDS}) AND kind = 'C' AND unapplied_amount > 0 AND doc_date <= ?1
       GROUP BY customer_id, doc_type, doc_no, currency ORDER BY customer_id, doc_date, doc_no`,
    ).bind(to, ids),
  ]);
  const group = (rows: CreditRow[]) => {
    const m = new Map<string, StatementPayment[]>();
    for (const r of rows) m.set(r.customer_id, [...(m.get(r.customer_id) ?? []), credit(r)]);
    return m;
  };
  return { payments: group(payments!.results), unapplied: group(unapplied!.results) };
}

/** Net balance on D in functional minor units: open debits less unapplied credit. */
export async function balanceFunc(db: D1Database, customerId: string, asOf: string): Promise<number> {
  const open = (await openItemsOf(db, [customerId], asOf)).get(customerId) ?? [];
  const row = await db
    .prepare("SELECT COALESCE(SUM(unapplied_func), 0) AS u FROM documents INDEXED BY documents_customer WHERE customer_id = ?1 AND kind = 'C' AND doc_date <= ?2")
    .bind(customerId, asOf)
    .first<{ u: number }>();
  return open.reduce((s, i) => s + i.openFunc, 0) - (row?.u ?? 0);
}

export interface LetterheadSettings {
  name: string;
  address: string;
  contact: string;
  logoUrl: string;
}

export async function letterhead(db: D1Database): Promise<LetterheadSettings> {
  const row = await db.prepare("SELECT value FROM settings WHERE key = 'letterhead'").first<{ value: string }>();
  const v = row ? (JSON.parse(row.value) as Partial<LetterheadSettings>) : {};
  return { name: v.name ?? '', address: v.address ?? '', contact: v.contact ?? '', logoUrl: v.logoUrl ?? '' };
}

/** A new activity row (the table is part A's, migration 0010). */
export function activityStatement(
  db: D1Database,
  a: { id: string; customerId: string; kind: 'dunning' | 'statement' | 'letter'; invoices: string[]; outcome: string; note: string; occurredOn: string; userId: string; at: string },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO activities (id, customer_id, kind, invoices, outcome, note, next_action_date, occurred_on, created_by, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7, ?8, ?9)`,
    )
    .bind(a.id, a.customerId, a.kind, JSON.stringify(a.invoices), a.outcome, a.note, a.occurredOn, a.userId, a.at);
}
