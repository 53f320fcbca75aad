/**
 * Collections: payments received (PMT rows) dated in a window, applied or not, in functional minor units. A payment
 * split over invoices is several rows, each converted at the payment's own rate; their sum is the payment.
 * ?1 = first day, ?2 = last day (inclusive), ?9 = scope value.
 */
import type { GroupBy, Scope } from '../../../shared/scope';
import { groupKey, scopeWhere } from '../analytics/scope-sql';

export function collectionsSql(groupBy: GroupBy, scope: Scope | undefined): string {
  return `SELECT ${groupKey(groupBy)} AS key, SUM(d.func_amount) AS amount
    FROM documents d INDEXED BY documents_date JOIN customers c ON c.id = d.customer_id
    WHERE d.doc_date >= ?1 AND d.doc_date <= ?2 AND d.doc_type = 'PMT' AND ${scopeWhere(scope)}
    GROUP BY 1`;
}
