/**
 * Customer figures, set-based: the documents of many customers as of D in one batch of four queries, grouped in
 * memory; shared/ computes each customer's metrics.
 */
import { customerMetrics, type CustomerCredit, type CustomerDebit, type CustomerMetrics, type LimitPolicy } from '../../../shared/analytics/customer-metrics';
import type { AllocationRow } from '../../../shared/analytics/open-items';
import type { FinancialStatements } from '../../../shared/analytics/altman';

export interface MetricsCustomer {
  id: string;
  credit_limit: number;
  payment_terms_days: number;
}

export async function limitPolicy(db: D1Database): Promise<LimitPolicy> {
  const { results } = await db
    .prepare("SELECT key, value FROM settings WHERE key IN ('limit_grace_days', 'limit_policy_max')")
    .all<{ key: string; value: string }>();
  const s = Object.fromEntries(results.map((r) => [r.key, r.value]));
  return { graceDays: Number(s.limit_grace_days ?? 15), maxLimit: s.limit_policy_max ? Number(s.limit_policy_max) : null };
}

interface FinancialsRow {
  customer_id: string;
  total_assets: number;
  current_assets: number;
  current_liabilities: number;
  total_liabilities: number;
  retained_earnings: number;
  ebit: number;
  book_equity: number;
  sales: number | null;
}

function toStatements(f: FinancialsRow): FinancialStatements {
  return {
    totalAssets: f.total_assets, currentAssets: f.current_assets, currentLiabilities: f.current_liabilities,
    totalLiabilities: f.total_liabilities, retainedEarnings: f.retained_earnings, ebit: f.ebit, bookEquity: f.book_equity,
    ...(f.sales === null ? {} : { sales: f.sales }),
  };
}

// Named index: without statistics the planner would read every document of the date range instead.
const IN_SET = 'customer_id IN (SELECT value FROM json_each(?1))';

function groupBy<T extends { customerId: string }>(rows: T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.customerId);
    if (list) list.push(r);
    else m.set(r.customerId, [r]);
  }
  return m;
}

export async function metricsForMany(db: D1Database, customers: readonly MetricsCustomer[], asOf: string): Promise<Map<string, CustomerMetrics>> {
  if (!customers.length) return new Map();
  const ids = JSON.stringify(customers.map((c) => c.id));
  const [debits, credits, allocations, unbilled, statements] = await db.batch([
    db.prepare(
      `SELECT id, customer_id AS customerId, doc_type AS docType, doc_date AS docDate, due_date AS dueDate, func_amount AS funcAmount,
              CASE WHEN settled_on <= ?2 THEN settled_on END AS settledOn
       FROM documents INDEXED BY documents_customer WHERE ${IN_SET} AND kind = 'D' AND doc_date <= ?2`,
    ).bind(ids, asOf),
    db.prepare(
      `SELECT id, customer_id AS customerId, doc_type AS docType, doc_date AS docDate, func_amount AS funcAmount, unapplied_func AS unappliedFunc
       FROM documents INDEXED BY documents_customer WHERE ${IN_SET} AND kind = 'C' AND doc_date <= ?2`,
    ).bind(ids, asOf),
    db.prepare(
      `SELECT d.customer_id AS customerId, a.invoice_id AS invoiceId, a.settlement_id AS settlementId, a.alloc_date AS allocDate, a.func_amount AS funcAmount
       FROM allocations a JOIN documents d ON d.id = a.invoice_id WHERE d.${IN_SET} AND a.alloc_date <= ?2`,
    ).bind(ids, asOf),
    db.prepare(`SELECT customer_id AS customerId, SUM(func_amount) AS n FROM documents INDEXED BY documents_customer WHERE ${IN_SET} AND kind = 'U' AND doc_date <= ?2 GROUP BY 1`).bind(ids, asOf),
    // The latest statements on or before D, per customer.
    db.prepare(
      `SELECT f.* FROM customer_financials f
       WHERE f.${IN_SET} AND f.period_end = (SELECT MAX(g.period_end) FROM customer_financials g WHERE g.customer_id = f.customer_id AND g.period_end <= ?2)`,
    ).bind(ids, asOf),
  ]);
  const financialsBy = new Map((statements!.results as unknown as FinancialsRow[]).map((f) => [f.customer_id, toStatements(f)]));
  const debitsBy = groupBy(debits!.results as unknown as CustomerDebit[]);
  const creditsBy = groupBy(credits!.results as unknown as CustomerCredit[]);
  const allocationsBy = groupBy(allocations!.results as unknown as (AllocationRow & { customerId: string })[]);
  const unbilledBy = new Map((unbilled!.results as { customerId: string; n: number }[]).map((u) => [u.customerId, u.n]));
  const policy = await limitPolicy(db);
  return new Map(
    customers.map((c) => [
      c.id,
      customerMetrics(
        {
          customerId: c.id,
          creditLimit: c.credit_limit,
          termsDays: c.payment_terms_days,
          debits: debitsBy.get(c.id) ?? [],
          credits: creditsBy.get(c.id) ?? [],
          allocations: allocationsBy.get(c.id) ?? [],
          unbilled: unbilledBy.get(c.id) ?? 0,
          financials: financialsBy.get(c.id) ?? null,
        },
        asOf,
        policy,
      ),
    ]),
  );
}

export async function metricsFor(db: D1Database, customer: MetricsCustomer, asOf: string): Promise<CustomerMetrics> {
  return (await metricsForMany(db, [customer], asOf)).get(customer.id)!;
}
