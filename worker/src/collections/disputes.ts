/** Disputes: open ones as of a date, and how much of each customer's balance they hold back. */
import { divRoundHalfAway } from '../../../shared/money';

export interface DisputedAmount {
  /** Functional minor units, capped at the disputed invoices' open amounts. */
  disputed: number;
  /** The part of it past due on the date. */
  disputedOverdue: number;
  /** The past-due part by days past due: 1–30, 31–60, 61–90, 91+. */
  overdueByAge: [number, number, number, number];
}

// A dispute is open on D if opened on or before D and not resolved by D. Its invoices' open amounts as of D,
// in document and functional currency, and the part past due.
const OPEN_DISPUTES_SQL = `
  WITH open_disputes AS (
    SELECT id, customer_id, invoices, amount FROM disputes
    WHERE opened_on <= ?1 AND (resolved_on IS NULL OR resolved_on > ?1) AND (?2 IS NULL OR customer_id = ?2)
  ),
  items AS (
    SELECT o.id, o.customer_id, o.amount, d.due_date,
      ABS(d.amount) - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?1), 0) AS open,
      d.func_amount - COALESCE((SELECT SUM(a.func_amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?1), 0) AS open_func
    -- CROSS JOIN keeps this order (the few open disputes, their invoices, each by its unique key): without statistics
    -- the planner would otherwise start from every invoice in the ledger, on every ageing request.
    FROM open_disputes o CROSS JOIN json_each(o.invoices) j
    CROSS JOIN documents d ON d.doc_type = 'INV' AND d.doc_no = j.value AND d.applies_to = '' AND d.customer_id = o.customer_id
  )
  SELECT id, customer_id, amount, SUM(MAX(open, 0)) AS open, SUM(MAX(open_func, 0)) AS open_func,
    SUM(CASE WHEN julianday(?1) - julianday(due_date) BETWEEN 1 AND 30 THEN MAX(open_func, 0) ELSE 0 END) AS a1,
    SUM(CASE WHEN julianday(?1) - julianday(due_date) BETWEEN 31 AND 60 THEN MAX(open_func, 0) ELSE 0 END) AS a2,
    SUM(CASE WHEN julianday(?1) - julianday(due_date) BETWEEN 61 AND 90 THEN MAX(open_func, 0) ELSE 0 END) AS a3,
    SUM(CASE WHEN julianday(?1) - julianday(due_date) > 90 THEN MAX(open_func, 0) ELSE 0 END) AS a4
  FROM items GROUP BY id, customer_id, amount`;

/**
 * Customer id → disputed amount on the date. A dispute for less than its invoices' open amount holds back that share
 * of their functional value (rounded half away from zero); for more, all of it.
 */
export async function disputedByCustomer(db: D1Database, asOf: string, customerId?: string): Promise<Map<string, DisputedAmount>> {
  const { results } = await db.prepare(OPEN_DISPUTES_SQL).bind(asOf, customerId ?? null)
    .all<{ id: string; customer_id: string; amount: number; open: number; open_func: number; a1: number; a2: number; a3: number; a4: number }>();
  const out = new Map<string, DisputedAmount>();
  for (const r of results) {
    if (r.open <= 0) continue;
    const share = (v: number) => (r.amount >= r.open ? v : Number(divRoundHalfAway(BigInt(v) * BigInt(r.amount), BigInt(r.open))));
    const prev = out.get(r.customer_id) ?? { disputed: 0, disputedOverdue: 0, overdueByAge: [0, 0, 0, 0] };
    const ages = [r.a1, r.a2, r.a3, r.a4].map((v, i) => prev.overdueByAge[i]! + share(v)) as DisputedAmount['overdueByAge'];
    out.set(r.customer_id, { disputed: prev.disputed + share(r.open_func), disputedOverdue: ages.reduce((a, b) => a + b, 0), overdueByAge: ages });
  }
  return out;
}
