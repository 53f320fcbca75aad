/**
 * What the cash-in forecast reads, as of a date: open items with their document-currency open amount, the
 * payment history behind each customer's delay and payment run, open disputes, undeposited cheques, open promises and customers
 * in recovery. ?1 = as-of date, ?9 = scope value (see scope-sql.ts).
 */
import { addDays } from '../../../shared/dates';
import type { Claim, ForecastItem } from '../../../shared/forecast/forecast';
import type { BusiestDay } from '../../../shared/forecast/payment-runs';
import type { Scope } from '../../../shared/scope';
import { openItemsSource } from '../analytics/ageing-sql';
import { scopeValue, scopeWhere } from '../analytics/scope-sql';
import { promiseStates } from '../collections/promises';

const bindings = (asOf: string, scope: Scope | undefined, extra: unknown[] = []) => [asOf, ...extra, ...Array(7 - extra.length).fill(null), scopeValue(scope)];

export interface ForecastCustomer {
  id: string;
  name: string;
  vertical: string;
  region: string;
  collector: string;
}

export async function forecastItems(db: D1Database, asOf: string, current: boolean, scope: Scope | undefined): Promise<ForecastItem[]> {
  const sql = `SELECT o.id, o.customer_id, d.doc_no, o.due_date, d.currency, o.amt AS open,
      ABS(d.amount) - COALESCE((SELECT SUM(a.amount) FROM allocations a INDEXED BY allocations_invoice
        WHERE a.invoice_id = d.id AND a.alloc_date <= ?1), 0) AS open_doc
    FROM (${openItemsSource(current, scope)}) o JOIN documents d ON d.id = o.id`;
  const { results } = await db.prepare(sql).bind(...bindings(asOf, scope)).all<{ id: number; customer_id: string; doc_no: string; due_date: string; currency: string; open: number; open_doc: number }>();
  return results.map((r) => ({ id: String(r.id), customerId: r.customer_id, docNo: r.doc_no, dueDate: r.due_date, currency: r.currency, open: r.open, openDoc: r.open_doc }));
}

export async function forecastCustomers(db: D1Database, scope: Scope | undefined): Promise<ForecastCustomer[]> {
  const { results } = await db
    .prepare(`SELECT c.id, c.name, c.vertical, c.region, c.collector FROM customers c WHERE ${scopeWhere(scope)} ORDER BY c.id`)
    .bind(...bindings('', scope))
    .all<ForecastCustomer>();
  return results;
}

/** Payments applied to invoices with alloc_date in (?2, ?1]: allocations a, their payment s, their invoice i, its customer c. */
const PAYMENTS_IN_WINDOW = `FROM allocations a INDEXED BY allocations_date
       JOIN documents s ON s.id = a.settlement_id
       JOIN documents i ON i.id = a.invoice_id
       JOIN customers c ON c.id = i.customer_id
       WHERE a.alloc_date > ?2 AND a.alloc_date <= ?1 AND s.doc_type = 'PMT' AND i.doc_type = 'INV'`;

export interface HistoryRow {
  customerId: string;
  vertical: string;
  weightedDays: number;
  amount: number;
}

/**
 * Payments applied to invoices in the 12 months to the date (alloc_date in (D − 365, D]), per customer: Σ functional
 * amount × days from the invoice's due date to the payment, and Σ amount. Each payment counts for what it paid (a
 * part payment is not the whole invoice paid late); credit notes and write-offs are not receipts. Every customer,
 * whatever the scope: the vertical and company fallbacks need them.
 */
export async function paymentHistory(db: D1Database, asOf: string): Promise<HistoryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT i.customer_id, MAX(c.vertical) AS vertical,
         SUM(a.func_amount * CAST(julianday(a.alloc_date) - julianday(i.due_date) AS INTEGER)) AS weighted, SUM(a.func_amount) AS amount
       ${PAYMENTS_IN_WINDOW}
       GROUP BY i.customer_id`,
    )
    .bind(asOf, addDays(asOf, -365))
    .all<{ customer_id: string; vertical: string; weighted: number; amount: number }>();
  return results.map((r) => ({ customerId: r.customer_id, vertical: r.vertical, weightedDays: Number(r.weighted), amount: Number(r.amount) }));
}

/**
 * Each customer's busiest day of the month and busiest weekday (ISO, 1 = Monday) over the same payments as
 * `paymentHistory`: what was paid on it and on how many dates. Ties go to the earlier day.
 */
export async function busiestPaymentDays(db: D1Database, asOf: string): Promise<Map<string, BusiestDay[]>> {
  const { results } = await db
    .prepare(
      `WITH paid AS (SELECT i.customer_id, a.alloc_date AS date, SUM(a.func_amount) AS amount ${PAYMENTS_IN_WINDOW}
         GROUP BY i.customer_id, a.alloc_date),
       days AS (
         SELECT customer_id, 'month' AS every, CAST(strftime('%d', date) AS INTEGER) AS day, SUM(amount) AS amount, COUNT(*) AS dates
         FROM paid GROUP BY customer_id, day
         UNION ALL
         SELECT customer_id, 'week', (CAST(strftime('%w', date) AS INTEGER) + 6) % 7 + 1 AS day, SUM(amount), COUNT(*)
         FROM paid GROUP BY customer_id, day),
       ranked AS (SELECT *, ROW_NUMBER() OVER (PARTITION BY customer_id, every ORDER BY amount DESC, day) AS n FROM days)
       SELECT customer_id, every, day, amount, dates FROM ranked WHERE n = 1`,
    )
    .bind(asOf, addDays(asOf, -365))
    .all<{ customer_id: string; every: 'month' | 'week'; day: number; amount: number; dates: number }>();
  const out = new Map<string, BusiestDay[]>();
  for (const r of results) {
    const list = out.get(r.customer_id) ?? [];
    list.push({ every: r.every, day: r.day, amount: Number(r.amount), dates: r.dates });
    out.set(r.customer_id, list);
  }
  return out;
}

/** Disputes open on the date (opened, not yet resolved) as claims on their invoices. */
export async function openDisputeClaims(db: D1Database, asOf: string): Promise<Claim[]> {
  const { results } = await db
    .prepare('SELECT customer_id, invoices, amount, currency FROM disputes WHERE opened_on <= ?1 AND (resolved_on IS NULL OR resolved_on > ?1) ORDER BY opened_on, id')
    .bind(asOf)
    .all<{ customer_id: string; invoices: string; amount: number; currency: string }>();
  return results.map((r) => ({ customerId: r.customer_id, currency: r.currency, amount: r.amount, date: asOf, invoices: JSON.parse(r.invoices) as string[] }));
}

/**
 * Cheques received by the date and not deposited by it: expected cash on the cheque date. A cancelled cheque
 * carries no cancellation date, so it is left out on every date.
 */
export async function undepositedCheques(db: D1Database, asOf: string): Promise<Claim[]> {
  const { results } = await db
    .prepare(
      `SELECT customer_id, amount, currency, cheque_date FROM cheques INDEXED BY cheques_state
       WHERE state <> 'cancelled' AND received_on <= ?1 AND (deposited_on IS NULL OR deposited_on > ?1)
       ORDER BY cheque_date, customer_id, cheque_no`,
    )
    .bind(asOf)
    .all<{ customer_id: string; amount: number; currency: string; cheque_date: string }>();
  return results.map((r) => ({ customerId: r.customer_id, currency: r.currency, amount: r.amount, date: r.cheque_date, invoices: null }));
}

/** Promises open on the date: what is still to come (amount − paid so far) on the promised date. */
export async function openPromiseClaims(db: D1Database, asOf: string): Promise<Claim[]> {
  const all = await promiseStates(db, { asOf });
  return all
    .filter((p) => p.state === 'open')
    .map((p) => ({ customerId: p.customerId, currency: p.currency, amount: p.amount - p.paid, date: p.promisedDate, invoices: p.invoices }));
}

/**
 * Customers handed to an agency or legal on or before the date and not back: the transfer still running, or closed
 * after the date, or closed as unrecoverable (nothing more is expected).
 */
export async function customersInRecovery(db: D1Database, asOf: string): Promise<Set<string>> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT customer_id FROM recovery_transfers
       WHERE transferred_on <= ?1 AND (closed_on IS NULL OR closed_on > ?1 OR state = 'unrecoverable')`,
    )
    .bind(asOf)
    .all<{ customer_id: string }>();
  return new Set(results.map((r) => r.customer_id));
}
