/** Net credit sales (invoices − credit notes, functional) per group, by calendar month or over a window. ?9 = scope value. */
import type { GroupBy, Scope } from '../../../shared/scope';
import { groupKey, scopeWhere } from './scope-sql';

const NET = "SUM(CASE d.doc_type WHEN 'INV' THEN d.func_amount ELSE -d.func_amount END)";

/** ?1 = first day, ?2 = last day (inclusive). One row per group and month 'YYYY-MM'. */
export function monthlySalesSql(groupBy: GroupBy, scope: Scope | undefined): string {
  return `SELECT ${groupKey(groupBy)} AS key, substr(d.doc_date, 1, 7) AS month, ${NET} AS sales
    FROM documents d JOIN customers c ON c.id = d.customer_id
    WHERE d.doc_type IN ('INV', 'CRN') AND d.doc_date >= ?1 AND d.doc_date <= ?2 AND ${scopeWhere(scope)}
    GROUP BY 1, 2`;
}

/** ?1 = first day, ?2 = last day (inclusive). One row per group. */
export function windowSalesSql(groupBy: GroupBy, scope: Scope | undefined): string {
  return `SELECT ${groupKey(groupBy)} AS key, ${NET} AS sales
    FROM documents d INDEXED BY documents_date JOIN customers c ON c.id = d.customer_id
    WHERE d.doc_type IN ('INV', 'CRN') AND d.doc_date >= ?1 AND d.doc_date <= ?2 AND ${scopeWhere(scope)}
    GROUP BY 1`;
}
