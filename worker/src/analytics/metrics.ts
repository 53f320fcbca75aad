/** One customer's figures: fetch that customer's documents as of D in one batch; shared/ computes the rest. */
import { customerMetrics, type CustomerCredit, type CustomerDebit, type LimitPolicy } from '../../../shared/analytics/customer-metrics';
import type { AllocationRow } from '../../../shared/analytics/open-items';
import type { CustomerRow } from '../queries/ledger';

export async function limitPolicy(db: D1Database): Promise<LimitPolicy> {
  const { results } = await db
    .prepare("SELECT key, value FROM settings WHERE key IN ('limit_grace_days', 'limit_policy_max')")
    .all<{ key: string; value: string }>();
  const s = Object.fromEntries(results.map((r) => [r.key, r.value]));
  return { graceDays: Number(s.limit_grace_days ?? 15), maxLimit: s.limit_policy_max ? Number(s.limit_policy_max) : null };
}

export async function metricsFor(db: D1Database, customer: CustomerRow, asOf: string) {
  const [debits, credits, allocations, unbilled] = await db.batch([
    db
      .prepare(
        `SELECT id, customer_id AS customerId, doc_type AS docType, doc_date AS docDate, due_date AS dueDate, func_amount AS funcAmount,
                settled_on AS settledOn
         FROM documents WHERE customer_id = ?1 AND kind = 'D' AND doc_date <= ?2`,
      )
      .bind(customer.id, asOf),
    db
      .prepare(
        `SELECT id, customer_id AS customerId, doc_type AS docType, doc_date AS docDate, func_amount AS funcAmount, unapplied_func AS unappliedFunc
         FROM documents WHERE customer_id = ?1 AND kind = 'C' AND doc_date <= ?2`,
      )
      .bind(customer.id, asOf),
    db
      .prepare(
        `SELECT a.invoice_id AS invoiceId, a.settlement_id AS settlementId, a.alloc_date AS allocDate, a.func_amount AS funcAmount
         FROM allocations a JOIN documents d ON d.id = a.invoice_id WHERE d.customer_id = ?1 AND a.alloc_date <= ?2`,
      )
      .bind(customer.id, asOf),
    db.prepare("SELECT COALESCE(SUM(func_amount), 0) AS n FROM documents WHERE customer_id = ?1 AND kind = 'U' AND doc_date <= ?2").bind(customer.id, asOf),
  ]);
  const debitRows = debits!.results as unknown as CustomerDebit[];
  // settled_on is as of today; as of an earlier D an invoice settled after D is still open.
  for (const d of debitRows) if (d.settledOn !== null && d.settledOn > asOf) d.settledOn = null;
  return customerMetrics(
    {
      customerId: customer.id,
      creditLimit: customer.credit_limit,
      termsDays: customer.payment_terms_days,
      debits: debitRows,
      credits: credits!.results as unknown as CustomerCredit[],
      allocations: allocations!.results as unknown as AllocationRow[],
      unbilled: Number((unbilled!.results[0] as { n: number }).n),
    },
    asOf,
    await limitPolicy(db),
  );
}
