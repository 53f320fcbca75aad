/**
 * A collector's portfolio as SQL (issue 10): row-level security for SQLite, which has none of its own.
 *
 * Every statement a restricted request runs is prefixed with common table expressions named after the tables that
 * hold customer data; SQLite resolves an unqualified table name to a CTE of that name before the table, so every
 * read (joins, subqueries, the guards inside writes) sees only the portfolio's rows, and every figure is computed
 * over the portfolio, whatever the query. The target of an INSERT, UPDATE or DELETE is always the real table: a
 * write is confined by the read that finds what it changes (a customer, promise or cheque outside the portfolio is
 * not found: 404, as if it did not exist).
 *
 * A new table must be listed here, restricted or not (worker/test/portfolio.test.ts fails otherwise).
 */

/**
 * Tables holding customer data, each with the rows a portfolio keeps, in dependency order (a filter may use the CTEs
 * above it). A CTE has no rowid: `rowid` marks the tables whose queries order by it, which get it as a column (only
 * those, since a `SELECT *` would otherwise carry it into replies).
 */
const RESTRICTED: readonly { table: string; where: string; rowid?: true }[] = [
  { table: 'customers', where: 'collector = :collector' },
  { table: 'documents', where: 'customer_id IN (SELECT id FROM customers)' },
  // A settlement and the invoice it settles belong to one customer; the ageing reads allocations by invoice.
  { table: 'allocations', where: 'invoice_id IN (SELECT id FROM documents)' },
  ...[
    'customer_financials', 'credit_insurance', 'reconciliations', 'confirmations', 'allocation_proposals', 'promises', 'disputes',
    'dunning_letters', 'cheques', 'letters_of_credit', 'escalation_flags', 'write_offs', 'recovery_transfers',
  ].map((table) => ({ table, where: 'customer_id IN (SELECT id FROM customers)' })),
  ...['activities', 'hold_history', 'limit_decisions'].map((table) => ({ table, where: 'customer_id IN (SELECT id FROM customers)', rowid: true as const })),
  { table: 'approvals', where: 'decision_id IN (SELECT id FROM limit_decisions)' },
  // A run lists letters and skipped customers: visible only when every one of them is in the portfolio.
  {
    table: 'dunning_runs',
    where: `NOT EXISTS (SELECT 1 FROM main.dunning_letters l WHERE l.run_id = dunning_runs.id AND l.customer_id NOT IN (SELECT id FROM customers))
      AND NOT EXISTS (SELECT 1 FROM json_each(dunning_runs.skipped) j WHERE json_extract(j.value, '$.customerId') NOT IN (SELECT id FROM customers))`,
  },
];

/** Tables without customer data, or read only by roles a portfolio never limits; each with the reason. */
export const UNRESTRICTED: Readonly<Record<string, string>> = {
  settings: 'organisation settings',
  users: 'users and roles',
  api_tokens: 'credentials, read by their owner or an admin',
  idempotency_keys: 'stored replies, per user',
  provision_matrices: 'ECL rates',
  credit_policy: 'grade policy',
  batch_assertions: 'empty outside a write batch',
  targets: 'team targets, no customers',
  target_period_reopenings: 'periods',
  dunning_levels: 'letter templates',
  escalation_rules: 'rules',
  setting_versions: 'versions of settings',
  cache_version: 'a counter',
  // The audit chain hashes every row in order: it must read them all. Routes showing audit rows name their customer first.
  audit_log: 'read by the hash chain and by routes that check their customer first',
  audit_chain: 'hashes',
  // Importers and auditors are managers or admins, never limited to a portfolio.
  import_batches: 'imports (managers, admins)',
  import_affected: 'imports (managers, admins)',
  staging_customers: 'imports (managers, admins)',
  staging_documents: 'imports (managers, admins)',
  audit_samples: 'random audits (managers, admins)',
  audit_sample_items: 'random audits (managers, admins)',
};

export const RESTRICTED_TABLES: readonly string[] = RESTRICTED.map((r) => r.table);

/** A SQL string literal: SQLite has no escapes in literals but the doubled quote. */
function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The WITH list that shadows every restricted table with the portfolio's rows. */
export function portfolioCtes(collector: string): string {
  return RESTRICTED.map(
    (r) => `${r.table} AS NOT MATERIALIZED (SELECT ${r.rowid ? 'rowid AS rowid, ' : ''}* FROM main.${r.table} WHERE ${r.where.replace(':collector', sqlText(collector))})`,
  ).join(',\n');
}

const STATEMENT = /^\s*(SELECT|WITH|INSERT|UPDATE|DELETE|REPLACE)\b/i;
const LEADING_WITH = /^\s*WITH\s+(RECURSIVE\s+)?/i;
// A CTE has no indexes: the planner picks its own through the flattened query.
const INDEX_HINT = /\s(?:INDEXED\s+BY\s+\w+|NOT\s+INDEXED)\b/gi;

/** The statement, reading customer data through the portfolio. Anything else than DML is refused, never run unfiltered. */
export function withPortfolio(sql: string, ctes: string): string {
  if (!STATEMENT.test(sql)) throw new Error(`the portfolio filter cannot run this statement: ${sql.trim().slice(0, 60)}`);
  const body = sql.replace(INDEX_HINT, '');
  const own = LEADING_WITH.exec(body);
  return own ? `WITH ${own[1] ?? ''}${ctes},\n${body.slice(own[0].length)}` : `WITH ${ctes}\n${body}`;
}

/** The database as a collector sees it: every prepared statement goes through withPortfolio. */
export function portfolioDb(db: D1Database, collector: string): D1Database {
  const ctes = portfolioCtes(collector);
  return {
    prepare: (sql: string) => db.prepare(withPortfolio(sql, ctes)),
    batch: (statements: D1PreparedStatement[]) => db.batch(statements),
    exec: () => Promise.reject(new Error('exec is not available to a portfolio-limited request')),
    dump: () => Promise.reject(new Error('dump is not available to a portfolio-limited request')),
    withSession: () => {
      throw new Error('sessions are not available to a portfolio-limited request');
    },
  } as unknown as D1Database;
}
