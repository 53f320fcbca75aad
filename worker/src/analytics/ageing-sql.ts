/**
 * Ageing as of a date, set-based: open items are bucketed and pivoted in SQL, grouped by customer, vertical,
 * region, collector or all. ?1 = as-of date, ?9 = scope value.
 *
 * - As of the data date or later, open items are the debits not yet settled, with their stored open amount:
 *   the query touches only what is open now.
 * - Any earlier date: debits dated ≤ D and not settled by D, less their allocations dated ≤ D; the stored
 *   fully-settled date keeps the query to items open on D.
 * Unapplied credit is not aged: each credit's unapplied part (static, since a credit is applied on its own date).
 */
import type { AgeingBasis, Bucket } from '../../../shared/analytics/ageing';
import type { GroupBy, Scope } from '../../../shared/scope';
import { groupKey, groupName, scopeWhere } from './scope-sql';

export interface AgeingQuery {
  buckets: readonly Bucket[];
  basis: AgeingBasis;
  groupBy: GroupBy;
  scope?: Scope;
  /** asOf ≥ the ledger's data date: read only what is open now. */
  current: boolean;
}

/**
 * The planner has no statistics and several indexes lead with `kind`, so the index is named: what is open now
 * comes from its partial index; items settled after D from the settled-date index (one customer: its own index).
 */
export function openItemsSource(current: boolean, scope: Scope | undefined): string {
  const where = scopeWhere(scope);
  const openNow = 'documents d INDEXED BY documents_open_now';
  if (current) {
    return `SELECT d.id, d.customer_id, d.doc_date, d.due_date, d.open_func AS amt
      FROM ${openNow} JOIN customers c ON c.id = d.customer_id
      WHERE d.kind = 'D' AND d.settled_on IS NULL AND d.open_func > 0 AND ${where}`;
  }
  const settledLater = scope?.kind === 'customer' ? 'documents d INDEXED BY documents_customer' : 'documents d INDEXED BY documents_open';
  const outstanding = `d.func_amount - COALESCE((SELECT SUM(a.func_amount) FROM allocations a WHERE a.invoice_id = d.id AND a.alloc_date <= ?1), 0)`;
  return `SELECT * FROM (
      SELECT d.id, d.customer_id, d.doc_date, d.due_date, ${outstanding} AS amt
      FROM ${openNow} JOIN customers c ON c.id = d.customer_id
      WHERE d.kind = 'D' AND d.settled_on IS NULL AND d.doc_date <= ?1 AND ${where}
      UNION ALL
      SELECT d.id, d.customer_id, d.doc_date, d.due_date, ${outstanding}
      FROM ${settledLater} JOIN customers c ON c.id = d.customer_id
      WHERE d.kind = 'D' AND d.settled_on > ?1 AND d.doc_date <= ?1 AND ${where}
    ) WHERE amt > 0`;
}

export function unappliedSource(scope: Scope | undefined): string {
  // Without statistics the planner would scan every credit; the partial index holds only unapplied ones.
  return `SELECT d.customer_id, d.unapplied_func AS amt
    FROM documents d INDEXED BY documents_unapplied JOIN customers c ON c.id = d.customer_id
    WHERE d.kind = 'C' AND d.unapplied_func > 0 AND d.doc_date <= ?1 AND ${scopeWhere(scope)}`;
}

/** Days as a whole number: as-of − due date (due basis) or − document date. */
export function daysExpr(basis: AgeingBasis, alias = 'o'): string {
  return `CAST(julianday(?1) - julianday(${alias}.${basis === 'due' ? 'due_date' : 'doc_date'}) AS INTEGER)`;
}

export function bucketCase(buckets: readonly Bucket[], days: string): string {
  const whens = buckets
    .map((b, i) => (b.to === null ? null : `WHEN ${days} <= ${Math.trunc(b.to)} THEN ${i}`))
    .filter(Boolean)
    .join(' ');
  return `CASE ${whens} ELSE ${buckets.length - 1} END`;
}

export function ageingSql(q: AgeingQuery): string {
  const n = q.buckets.length;
  const pivot = Array.from({ length: n }, (_, i) => `SUM(CASE WHEN b = ${i} THEN amt ELSE 0 END)`);
  const zeros = Array.from({ length: n }, () => '0');
  const cols = Array.from({ length: n }, (_, i) => `SUM(b${i}) AS b${i}`).join(', ');
  return `
    WITH aged AS (
      SELECT o.customer_id, ${bucketCase(q.buckets, daysExpr(q.basis))} AS b, o.amt FROM (${openItemsSource(q.current, q.scope)}) o
    ),
    per_customer AS (
      SELECT customer_id, ${pivot.map((p, i) => `${p} AS b${i}`).join(', ')}, 0 AS unapplied FROM aged GROUP BY customer_id
      UNION ALL
      SELECT customer_id, ${zeros.map((z, i) => `${z} AS b${i}`).join(', ')}, -SUM(amt) FROM (${unappliedSource(q.scope)}) GROUP BY customer_id
    )
    SELECT ${groupKey(q.groupBy)} AS key, ${groupName(q.groupBy)} AS name, ${cols}, SUM(p.unapplied) AS unapplied
    FROM per_customer p JOIN customers c ON c.id = p.customer_id
    GROUP BY 1 ORDER BY 1`;
}

/** The control figure, by another path: debits less every allocation dated ≤ D, less unapplied credit. */
export function ledgerBalanceSql(scope: Scope | undefined): string {
  if (!scope || scope.kind === 'all') {
    // The whole ledger: three sums read from narrow indexes, no join.
    return `SELECT
        (SELECT COALESCE(SUM(func_amount), 0) FROM documents INDEXED BY documents_balance WHERE kind = 'D' AND doc_date <= ?1 AND ?9 IS NOT NULL)
      - (SELECT COALESCE(SUM(func_amount), 0) FROM allocations INDEXED BY allocations_date WHERE alloc_date <= ?1)
      - (SELECT COALESCE(SUM(unapplied_func), 0) FROM documents INDEXED BY documents_unapplied
          WHERE kind = 'C' AND unapplied_func > 0 AND doc_date <= ?1) AS balance`;
  }
  const where = scopeWhere(scope);
  const docs = scope.kind === 'customer' ? 'documents d INDEXED BY documents_customer' : 'documents d';
  return `SELECT
      (SELECT COALESCE(SUM(d.func_amount), 0) FROM ${docs} JOIN customers c ON c.id = d.customer_id
        WHERE d.kind = 'D' AND d.doc_date <= ?1 AND ${where})
    - (SELECT COALESCE(SUM(a.func_amount), 0) FROM allocations a JOIN documents d ON d.id = a.invoice_id JOIN customers c ON c.id = d.customer_id
        WHERE a.alloc_date <= ?1 AND ${where})
    - (SELECT COALESCE(SUM(d.unapplied_func), 0) FROM ${docs} JOIN customers c ON c.id = d.customer_id
        WHERE d.kind = 'C' AND d.doc_date <= ?1 AND ${where}) AS balance`;
}

export function openItemsListSql(scope: Scope | undefined, current: boolean): string {
  return `SELECT d.customer_id, d.doc_type, d.doc_no, d.doc_date, d.due_date, d.amount, d.currency, d.func_amount, o.amt AS outstanding,
      d.reference
    FROM (${openItemsSource(current, scope)}) o JOIN documents d ON d.id = o.id
    ORDER BY d.customer_id, d.due_date, d.doc_no LIMIT ?2 OFFSET ?3`;
}
