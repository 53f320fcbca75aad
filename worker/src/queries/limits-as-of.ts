/**
 * The credit limit in force on a date. Limit decisions keep their history (limit_decisions: old and new limit, the
 * time applied), while customers.credit_limit holds only today's limit. On D the limit is the new limit of the last
 * decision applied on or before D (by the UTC date of applied_at); with none, the old limit of the first decision
 * applied after D (what the customer had before any decision: its imported limit); with no decision at all, the
 * customer's limit.
 */
import type { Scope } from '../../../shared/scope';
import { scopeValue, scopeWhere } from '../analytics/scope-sql';

export interface CustomerLimit {
  id: string;
  name: string;
  credit_limit: number;
  payment_terms_days: number;
}

const decided = (order: 'ASC' | 'DESC', column: 'new_limit' | 'old_limit', when: string) => `(
  SELECT d.${column} FROM limit_decisions d
  WHERE d.customer_id = c.id AND d.status = 'applied' AND substr(d.applied_at, 1, 10) ${when} ?1
  ORDER BY d.applied_at ${order}, d.rowid ${order} LIMIT 1)`;

/** ?1 = the date, ?9 = scope. */
export const LIMITS_AS_OF_SQL = (scope: Scope | undefined) => `
  SELECT c.id, c.name, c.payment_terms_days,
    COALESCE(${decided('DESC', 'new_limit', '<=')}, ${decided('ASC', 'old_limit', '>')}, c.credit_limit) AS credit_limit
  FROM customers c WHERE ${scopeWhere(scope)} ORDER BY c.id`;

export async function limitsAsOf(db: D1Database, asOf: string, scope: Scope | undefined): Promise<CustomerLimit[]> {
  const { results } = await db.prepare(LIMITS_AS_OF_SQL(scope)).bind(asOf, ...Array(7).fill(null), scopeValue(scope)).all<CustomerLimit>();
  return results;
}
