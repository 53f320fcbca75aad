/** Ageing and open items as of a date: runs the set-based SQL and shapes the reply in minor units. */
import { ageingCheck, ageingRow, bucketSet, sumAgeing, type AgeingBasis, type AgeingRow } from '../../../shared/analytics/ageing';
import type { GroupBy, Scope } from '../../../shared/scope';
import type { LedgerState } from '../queries/settings';
import { ageingSql, ledgerBalanceSql, openItemsListSql } from './ageing-sql';
import { scopeValue } from './scope-sql';

export interface AgeingRequest {
  asOf: string;
  basis: AgeingBasis;
  boundaries: number[];
  groupBy: GroupBy;
  scope?: Scope;
  /** Compute the control balance by another path (the report shows it); internal uses skip it. Default true. */
  check?: boolean;
}

export interface AgeingResult {
  buckets: ReturnType<typeof bucketSet>;
  rows: (AgeingRow & { key: string; name: string })[];
  totals: AgeingRow;
  check: { ledgerBalance: number; difference: number; balanced: boolean } | null;
}

/** As of the data date or later nothing dated after it exists: read only what is open now. */
export function isCurrent(asOf: string, state: LedgerState): boolean {
  return state.dataDate !== null && asOf >= state.dataDate;
}

export async function ageing(db: D1Database, state: LedgerState, r: AgeingRequest): Promise<AgeingResult> {
  const buckets = bucketSet(r.boundaries, r.basis);
  const sql = ageingSql({ buckets, basis: r.basis, groupBy: r.groupBy, scope: r.scope, current: isCurrent(r.asOf, state) });
  const bind = [r.asOf, ...Array(7).fill(null), scopeValue(r.scope)];
  const withCheck = r.check !== false;
  const [aged, control] = await db.batch<Record<string, number | string>>([
    db.prepare(sql).bind(...bind),
    ...(withCheck ? [db.prepare(ledgerBalanceSql(r.scope)).bind(...bind)] : []),
  ]);
  const rows = aged!.results.map((row) => ({
    key: String(row.key),
    name: String(row.name ?? row.key),
    ...ageingRow(buckets.map((_, i) => Number(row[`b${i}`])), Number(row.unapplied)),
  }));
  const totals = sumAgeing(rows, buckets.length);
  if (!control) return { buckets, rows, totals, check: null };
  const ledgerBalance = Number(control.results[0]?.balance ?? 0);
  return { buckets, rows, totals, check: { ledgerBalance, ...ageingCheck(totals, ledgerBalance) } };
}

export interface OpenItemRow {
  customer_id: string;
  doc_type: string;
  doc_no: string;
  doc_date: string;
  due_date: string;
  amount: number;
  currency: string;
  func_amount: number;
  outstanding: number;
  reference: string;
}

export async function openItems(db: D1Database, state: LedgerState, asOf: string, scope: Scope | undefined, limit: number, offset: number) {
  const { results } = await db
    .prepare(openItemsListSql(scope, isCurrent(asOf, state)))
    .bind(asOf, limit, offset, ...Array(5).fill(null), scopeValue(scope))
    .all<OpenItemRow>();
  return results;
}
