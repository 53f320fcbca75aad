/** Provision matrices (stored, versioned) and ECL allowances over the as-of ageing. */
import { bucketSet } from '../../../shared/analytics/ageing';
import { eclAllowance, type EclResult, type ProvisionMatrix, type WriteOffHistory } from '../../../shared/analytics/ecl';
import { bucketCase, daysExpr, openItemsSource } from './ageing-sql';
import { scopeValue } from './scope-sql';
import type { GroupBy, Scope } from '../../../shared/scope';
import { AppError } from '../errors';
import type { LedgerState } from '../queries/settings';
import { ageing } from './ageing';

export interface StoredMatrix extends ProvisionMatrix {
  id: string;
  name: string;
  boundaries: number[];
  note: string;
  createdBy: string;
  createdAt: string;
}

interface MatrixRow {
  id: string;
  name: string;
  version: number;
  boundaries: string;
  rates_ppm: string;
  overlay: string;
  note: string;
  created_by: string;
  created_at: string;
}

function fromRow(r: MatrixRow): StoredMatrix {
  const boundaries = JSON.parse(r.boundaries) as number[];
  const rates = JSON.parse(r.rates_ppm) as number[];
  const labels = bucketSet(boundaries, 'due').map((b) => b.label);
  return {
    id: r.id, name: r.name, version: String(r.version), boundaries, note: r.note, createdBy: r.created_by, createdAt: r.created_at,
    overlay: Number(r.overlay), buckets: labels.map((label, i) => ({ label, ratePpm: rates[i]! })),
  };
}

/** `name` (its latest version), `name@version`, or the organisation's default. */
export async function findMatrix(db: D1Database, ref: string | null | undefined): Promise<StoredMatrix> {
  let name = ref ?? '';
  if (!name) {
    const d = await db.prepare("SELECT value FROM settings WHERE key = 'default_provision_matrix'").first<{ value: string }>();
    name = d?.value ?? 'default';
  }
  const [base, version] = name.split('@');
  const row = version
    ? await db.prepare('SELECT * FROM provision_matrices WHERE name = ?1 AND version = ?2').bind(base, Number(version)).first<MatrixRow>()
    : await db.prepare('SELECT * FROM provision_matrices WHERE name = ?1 ORDER BY version DESC LIMIT 1').bind(base).first<MatrixRow>();
  if (!row) throw new AppError('not_found', `no provision matrix ${name}`);
  return fromRow(row);
}

export async function listMatrices(db: D1Database): Promise<StoredMatrix[]> {
  const { results } = await db.prepare('SELECT * FROM provision_matrices ORDER BY name, version').all<MatrixRow>();
  return results.map(fromRow);
}

export interface EclReport {
  matrix: StoredMatrix;
  rows: { key: string; name: string; result: EclResult }[];
  totals: EclResult;
}

/** Allowance per group from the group's bucket balances; totals from the totals (rounded once, like the rows). */
export async function eclReport(db: D1Database, state: LedgerState, r: { asOf: string; matrix: StoredMatrix; groupBy: GroupBy; scope?: Scope }): Promise<EclReport> {
  const aged = await ageing(db, state, { asOf: r.asOf, basis: 'due', boundaries: r.matrix.boundaries, groupBy: r.groupBy, scope: r.scope, check: false });
  const rows = aged.rows.map((row) => ({ key: row.key, name: row.name, result: eclAllowance(row.amounts, r.matrix) }));
  return { matrix: r.matrix, rows, totals: eclAllowance(aged.totals.amounts, r.matrix) };
}

/**
 * Loss history for a suggested matrix: at each of the month-ends before D, the balance per bucket and how much of
 * those items was later (up to D) written off by an ADJ whose reference says WRITE-OFF. ?1 = the snapshot, ?2 = D.
 */
export function writeOffHistorySql(buckets: ReturnType<typeof bucketSet>, scope: Scope | undefined): string {
  const writtenOff = `(SELECT COALESCE(SUM(a.func_amount), 0) FROM allocations a JOIN documents s ON s.id = a.settlement_id
      WHERE a.invoice_id = o.id AND a.alloc_date > ?1 AND a.alloc_date <= ?2 AND s.doc_type = 'ADJ'
        AND replace(replace(upper(s.reference), '-', ''), ' ', '') LIKE '%WRITEOFF%')`;
  return `SELECT ${bucketCase(buckets, daysExpr('due'))} AS b, SUM(o.amt) AS balance, SUM(${writtenOff}) AS written_off
    FROM (${openItemsSource(false, scope)}) o GROUP BY 1`;
}

export async function writeOffHistory(db: D1Database, asOf: string, boundaries: number[], snapshots: string[], scope?: Scope): Promise<WriteOffHistory[]> {
  const buckets = bucketSet(boundaries, 'due');
  const sql = writeOffHistorySql(buckets, scope);
  const results = await db.batch(snapshots.map((m) => db.prepare(sql).bind(m, asOf, ...Array(6).fill(null), scopeValue(scope))));
  return results.map((r) => {
    const balances = buckets.map(() => 0);
    const writtenOff = buckets.map(() => 0);
    for (const row of r.results as { b: number; balance: number; written_off: number }[]) {
      balances[row.b] = row.balance;
      writtenOff[row.b] = Math.min(row.written_off, row.balance);
    }
    return { balances, writtenOff };
  });
}
