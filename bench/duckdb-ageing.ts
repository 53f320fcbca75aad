/**
 * The peer for ageing: DuckDB in memory over the same CSV files, with the ledger's derived figures recomputed
 * here in SQL from the import rules (functional amounts at the document's rate, rounded half away from zero;
 * settlements cover an invoice in date then file order; functional allocations by cumulative integer division at
 * the invoice's rate). Then one statement ages every customer as of a date:
 *   debits dated ≤ D, outstanding = functional amount − Σ allocations dated ≤ D, kept when > 0, bucketed by days
 *   past due; unapplied credit = credits dated ≤ D less what they settled by D.
 * Written from those rules, not from the Worker's SQL, so agreement to the cent is evidence, not an echo.
 */
import { DuckDBInstance } from '@duckdb/node-api';

/** The slice of @duckdb/node-api used here (the package is installed on demand; see duckdb-node-api.d.ts). */
interface DuckDBConnection {
  run(sql: string, params?: unknown[]): Promise<unknown>;
  runAndReadAll(sql: string, params?: unknown[]): Promise<{ getRowObjectsJS(): Record<string, unknown>[] }>;
  closeSync(): void;
}
interface DuckDBDatabase {
  connect(): Promise<DuckDBConnection>;
  closeSync(): void;
}
import { minorUnitExponent } from '../shared/money';

export const FUNCTIONAL_CURRENCY = 'USD';

export interface DuckAgeingRow {
  key: string;
  /** Minor units per bucket: Current, then one per boundary, then the open-ended last. */
  amounts: number[];
  unapplied: number;
  total: number;
}

function sqlText(s: string): string {
  return `'${s.replaceAll("'", "''")}'`;
}

export class DuckLedger {
  private constructor(private readonly instance: DuckDBDatabase, private readonly conn: DuckDBConnection) {}

  /** Reads both files and derives documents and allocations; the caller times this as the load. */
  static async load(customersCsv: string, ledgerCsv: string): Promise<DuckLedger> {
    const instance: DuckDBDatabase = await DuckDBInstance.create(':memory:');
    const conn = await instance.connect();
    const ledger = new DuckLedger(instance, conn);
    const csv = (file: string) => `read_csv(${sqlText(file)}, header = true, all_varchar = true, quote = '"', escape = '"')`;
    await conn.run(`CREATE TABLE customers AS SELECT trim(customer_id) AS id, CAST(payment_terms_days AS INTEGER) AS terms FROM ${csv(customersCsv)}`);
    // insertion order is preserved, so rowid is the file order: the ledger's id order for a first import.
    await conn.run(`CREATE TABLE raw AS SELECT * FROM ${csv(ledgerCsv)}`);
    const currencies = (await conn.runAndReadAll('SELECT DISTINCT upper(trim(currency)) AS c FROM raw')).getRowObjectsJS().map((r: Record<string, unknown>) => String(r.c));
    const exponents = currencies.map((c: string) => `(${sqlText(c)}, ${minorUnitExponent(c)})`).join(', ');
    const fnExp = minorUnitExponent(FUNCTIONAL_CURRENCY);
    await conn.run(`
      CREATE TABLE docs AS
      WITH r AS (
        SELECT raw.rowid AS id, upper(trim(doc_type)) AS doc_type, trim(doc_no) AS doc_no, trim(customer_id) AS customer_id,
          CAST(trim(doc_date) AS DATE) AS doc_date, NULLIF(trim(due_date), '') AS due_text, trim(amount) AS amount_text,
          upper(trim(currency)) AS currency, COALESCE(NULLIF(trim(fx_rate), ''), '1') AS rate, COALESCE(trim(applies_to), '') AS applies_to
        FROM raw
      ),
      m AS (
        SELECT r.*, x.exp,
          CAST(split_part(amount_text, '.', 1) || rpad(split_part(amount_text, '.', 2), x.exp, '0') AS HUGEINT) AS amount,
          CAST(replace(rate, '.', '') AS HUGEINT) AS rate_scaled, length(split_part(rate, '.', 2)) AS rate_digits
        FROM r JOIN (VALUES ${exponents}) AS x(currency, exp) USING (currency)
      ),
      f AS (
        SELECT m.*,
          abs(amount) * rate_scaled * CAST(10 ** greatest(${fnExp} - exp, 0) AS HUGEINT) AS num,
          CAST(10 ** rate_digits AS HUGEINT) * CAST(10 ** greatest(exp - ${fnExp}, 0) AS HUGEINT) AS den
        FROM m
      )
      SELECT f.id, doc_type, doc_no, f.customer_id, doc_date,
        CASE WHEN due_text IS NOT NULL THEN CAST(due_text AS DATE)
             WHEN doc_type = 'INV' THEN CAST(doc_date + c.terms AS DATE)
             ELSE doc_date END AS due_date,
        CASE WHEN doc_type = 'UNB' THEN 'U' WHEN doc_type = 'INV' OR (doc_type = 'ADJ' AND amount > 0) THEN 'D' ELSE 'C' END AS kind,
        amount, currency, applies_to,
        (num * 2 + den) // (den * 2) AS func_amount
      FROM f LEFT JOIN customers c ON c.id = f.customer_id`);
    await conn.run(`
      CREATE TABLE allocations AS
      WITH pairs AS (
        SELECT c.id AS settlement_id, i.id AS invoice_id, c.doc_date AS alloc_date, i.amount AS inv_amount, i.func_amount AS inv_func,
          abs(c.amount) AS paid,
          SUM(abs(c.amount)) OVER (PARTITION BY i.id ORDER BY c.doc_date, c.id ROWS UNBOUNDED PRECEDING) AS cum
        FROM docs i JOIN docs c ON c.applies_to = i.doc_no AND c.kind = 'C'
        WHERE i.doc_type = 'INV' AND i.applies_to = ''
      ),
      steps AS (
        SELECT *, least(cum, inv_amount) AS upto, least(cum - paid, inv_amount) AS from_, inv_func // inv_amount AS q, inv_func % inv_amount AS r
        FROM pairs
      )
      SELECT settlement_id, invoice_id, alloc_date, upto - from_ AS amount,
        (upto * q + (upto * r) // inv_amount) - (from_ * q + (from_ * r) // inv_amount) AS func_amount
      FROM steps WHERE upto > from_`);
    return ledger;
  }

  async counts(): Promise<{ documents: number; customers: number; allocations: number }> {
    const r = await this.conn.runAndReadAll(
      'SELECT (SELECT count(*) FROM docs) AS documents, (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM allocations) AS allocations',
    );
    const row = r.getRowObjectsJS()[0]!;
    return { documents: Number(row.documents), customers: Number(row.customers), allocations: Number(row.allocations) };
  }

  /** The one statement: ageing by customer as of `asOf`, due basis, boundaries e.g. [30, 60, 90, 120]. */
  static ageingSql(boundaries: readonly number[]): string {
    const whens = boundaries.map((b, i) => `WHEN days <= ${b} THEN ${i + 1}`).join(' ');
    const n = boundaries.length + 2;
    const cols = Array.from({ length: n }, (_, i) => `SUM(CASE WHEN b = ${i} THEN amt ELSE 0 END) AS b${i}`).join(', ');
    return `
      WITH as_of AS (SELECT CAST($1 AS DATE) AS d),
      settled AS (
        SELECT invoice_id, SUM(func_amount) AS amt FROM allocations, as_of WHERE alloc_date <= as_of.d GROUP BY invoice_id
      ),
      open_items AS (
        SELECT x.customer_id, x.days, x.amt FROM (
          SELECT i.customer_id, as_of.d - i.due_date AS days, i.func_amount - COALESCE(s.amt, 0) AS amt
          FROM docs i CROSS JOIN as_of LEFT JOIN settled s ON s.invoice_id = i.id
          WHERE i.kind = 'D' AND i.doc_date <= as_of.d
        ) x WHERE x.amt > 0
      ),
      aged AS (
        SELECT customer_id, CASE WHEN days <= 0 THEN 0 ${whens} ELSE ${n - 1} END AS b, amt FROM open_items
      ),
      applied AS (
        SELECT settlement_id, SUM(amount) AS amount FROM allocations, as_of WHERE alloc_date <= as_of.d GROUP BY settlement_id
      ),
      unapplied AS (
        SELECT customer_id, amt FROM (
          SELECT c.customer_id,
            c.func_amount - (COALESCE(a.amount, 0) * (c.func_amount // abs(c.amount))
                             + (COALESCE(a.amount, 0) * (c.func_amount % abs(c.amount))) // abs(c.amount)) AS amt
          FROM docs c CROSS JOIN as_of LEFT JOIN applied a ON a.settlement_id = c.id
          WHERE c.kind = 'C' AND c.doc_date <= as_of.d
        ) WHERE amt > 0
      ),
      per_customer AS (
        SELECT customer_id, ${cols}, 0 AS unapplied FROM aged GROUP BY customer_id
        UNION ALL
        SELECT customer_id, ${Array.from({ length: n }, (_, i) => `0 AS b${i}`).join(', ')}, -SUM(amt) FROM unapplied GROUP BY customer_id
      )
      SELECT customer_id AS key, ${Array.from({ length: n }, (_, i) => `CAST(SUM(b${i}) AS BIGINT) AS b${i}`).join(', ')},
        CAST(SUM(unapplied) AS BIGINT) AS unapplied
      FROM per_customer GROUP BY customer_id ORDER BY customer_id`;
  }

  async ageing(asOf: string, boundaries: readonly number[]): Promise<DuckAgeingRow[]> {
    const reader = await this.conn.runAndReadAll(DuckLedger.ageingSql(boundaries), [asOf]);
    const n = boundaries.length + 2;
    return reader.getRowObjectsJS().map((row: Record<string, unknown>) => {
      const amounts = Array.from({ length: n }, (_, i) => Number(row[`b${i}`]));
      const unapplied = Number(row.unapplied);
      return { key: String(row.key), amounts, unapplied, total: amounts.reduce((a, b) => a + b, unapplied) };
    });
  }

  /**
   * The open debit items as of `asOf`, as the ageing statement above finds them (debits dated ≤ D, outstanding =
   * functional amount − Σ allocations dated ≤ D, kept when > 0): what an analyst's spreadsheet would list.
   */
  async openItems(asOf: string): Promise<{ customer: string; due: string; days: number; amount: number }[]> {
    const reader = await this.conn.runAndReadAll(`
      WITH as_of AS (SELECT CAST($1 AS DATE) AS d),
      settled AS (
        SELECT invoice_id, SUM(func_amount) AS amt FROM allocations, as_of WHERE alloc_date <= as_of.d GROUP BY invoice_id
      )
      SELECT customer_id, CAST(due_date AS VARCHAR) AS due, days, CAST(amt AS BIGINT) AS amt FROM (
        SELECT i.customer_id, i.due_date, i.id, as_of.d - i.due_date AS days, i.func_amount - COALESCE(s.amt, 0) AS amt
        FROM docs i CROSS JOIN as_of LEFT JOIN settled s ON s.invoice_id = i.id
        WHERE i.kind = 'D' AND i.doc_date <= as_of.d
      ) WHERE amt > 0 ORDER BY customer_id, due_date, id`, [asOf]);
    return reader.getRowObjectsJS().map((r: Record<string, unknown>) => ({
      customer: String(r.customer_id), due: String(r.due), days: Number(r.days), amount: Number(r.amt),
    }));
  }

  close(): void {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
