#!/usr/bin/env node
// Backup and restore of the D1 database as SQL (schema and every row), through wrangler, offline for local state.
//
//   npm run backup                                  local state (.state) → backups/ar-ledger-<time>.sql
//   npm run backup -- --state-dir dir --out f.sql   another local state / file
//   npm run backup -- --remote --out f.sql          the deployed database (needs `wrangler login`)
//   npm run restore -- --file f.sql [--state-dir dir | --remote]   into an EMPTY database only
//   npm run backup -- --check                       round trip: a seeded database → SQL → an empty one → SQL again;
//                                                   the two dumps and every table's row count must be identical
// In production prefer D1 Time Travel (point-in-time restore of the last 30 days, see SECURITY.md); a SQL export is
// for keeping copies elsewhere and for moving a database.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const WRANGLER = path.join(path.dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
const WRANGLER_ENV = { CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false', CI: 'true' };
const DB = 'ar-ledger';

function wrangler(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRANGLER, ...args], { cwd: root, env: { ...process.env, ...WRANGLER_ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`wrangler ${args.slice(0, 3).join(' ')} failed (exit ${code}):\n${out}`))));
  });
}

const where = (o) => (o.remote ? ['--remote'] : ['--local', '--persist-to', path.resolve(root, o.stateDir)]);

export async function backup(o) {
  const out = path.resolve(root, o.out);
  await mkdir(path.dirname(out), { recursive: true });
  if (o.remote) {
    await wrangler(['d1', 'export', DB, '--remote', '--output', out]);
    return out;
  }
  // `d1 export` has no --persist-to: it reads <config dir>/.wrangler/state. Point a throw-away config's there.
  const dir = await mkdtemp(path.join(tmpdir(), 'ar-export-'));
  try {
    const config = (await readFile(path.join(root, 'wrangler.toml'), 'utf8'))
      .replace(/^main = .*$/m, `main = ${JSON.stringify(path.join(root, 'worker/src/index.ts'))}`)
      .replace(/^\[assets\][\s\S]*?(?=^\[)/m, '');
    await writeFile(path.join(dir, 'wrangler.toml'), config);
    await mkdir(path.join(dir, '.wrangler'));
    await symlink(path.resolve(root, o.stateDir), path.join(dir, '.wrangler/state'));
    await wrangler(['d1', 'export', DB, '--local', '--config', path.join(dir, 'wrangler.toml'), '--output', out]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return out;
}

async function query(o, sql) {
  const out = await wrangler(['d1', 'execute', DB, ...where(o), '--json', '--command', sql]);
  return JSON.parse(out.slice(out.indexOf('[')))[0].results;
}

/** Every user table and its row count (d1_migrations included: a restore keeps the migration state). */
export async function rowCounts(o) {
  const tables = (await query(o, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name")).map((r) => r.name);
  if (!tables.length) return {};
  const [counts] = await query(o, `SELECT ${tables.map((t) => `(SELECT COUNT(*) FROM "${t}") AS "${t}"`).join(', ')}`);
  return counts;
}

export async function restore(o) {
  const existing = await rowCounts(o);
  if (Object.keys(existing).length) {
    throw new Error(`restore: the target database is not empty (${Object.keys(existing).length} tables); restore into a new database`);
  }
  await wrangler(['d1', 'execute', DB, ...where(o), '--file', path.resolve(root, o.file), '--yes']);
  return rowCounts(o);
}

/** The round trip on a small seeded database: every row survives, the schema too (triggers included). */
async function check() {
  const base = await mkdtemp(path.join(tmpdir(), 'ar-backup-'));
  try {
    const source = { stateDir: path.join(base, 'source') };
    const target = { stateDir: path.join(base, 'target') };
    await wrangler(['d1', 'migrations', 'apply', DB, '--local', '--persist-to', source.stateDir]);
    // A little of everything, through SQL: users, a token hash, customers, documents, allocations, audit rows.
    await wrangler(['d1', 'execute', DB, ...where(source), '--command', `
      INSERT INTO users (id, name, role, authority, created_at) VALUES ('u1', 'Ana O''Neil', 'manager', 5000000, '2026-11-01T00:00:00Z');
      INSERT INTO api_tokens (id, user_id, prefix, hash, created_at) VALUES ('t1', 'u1', 'ar_abcdefghi', '${'ab'.repeat(32)}', '2026-11-01T00:00:00Z');
      INSERT INTO customers (id, name, vertical, region, collector, currency, credit_limit, updated_at) VALUES ('C1', 'Müller, "Zürich"', 'Retail', 'EMEA', 'Ana', 'EUR', 2500000, '2026-11-01');
      INSERT INTO documents (doc_type, doc_no, customer_id, kind, doc_date, due_date, amount, currency, fx_rate, func_amount, reference, open_func)
        VALUES ('INV', 'I-1', 'C1', 'D', '2026-09-01', '2026-10-01', 120000, 'EUR', '1.0842', 130104, 'PO;1\n2', 30104),
               ('PMT', 'P-1', 'C1', 'C', '2026-09-20', '2026-09-20', 100000, 'EUR', '1.09', 109000, '', 0);
      INSERT INTO allocations (settlement_id, invoice_id, alloc_date, amount, func_amount) VALUES (2, 1, '2026-09-20', 100000, 108420);
      INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) VALUES ('2026-11-01', 'u1', 'customer.update', 'customer', 'C1', '{"credit_limit":1}', '{"credit_limit":2500000}');
      INSERT INTO audit_chain (audit_id, prev_hash, hash, chained_at) VALUES (1, '${'0'.repeat(64)}', '${'cd'.repeat(32)}', '2026-11-01');`]);
    const before = await rowCounts(source);
    const first = await backup({ ...source, out: path.join(base, 'first.sql') });
    const after = await restore({ ...target, file: first });
    const second = await backup({ ...target, out: path.join(base, 'second.sql') });
    const [a, b] = [await readFile(first, 'utf8'), await readFile(second, 'utf8')];
    const same = JSON.stringify(before) === JSON.stringify(after) && a === b;
    console.log(JSON.stringify({ tables: Object.keys(before).length, rows: Object.values(before).reduce((s, n) => s + n, 0), before, after, dumpsIdentical: a === b, dumpBytes: a.length }, null, 1));
    if (!same) throw new Error('backup round trip: the restored database differs from the original');
    console.log('backup round trip: every table and row restored, dumps identical');
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: { 'state-dir': { type: 'string', default: '.state' }, out: { type: 'string' }, file: { type: 'string' }, remote: { type: 'boolean', default: false }, check: { type: 'boolean', default: false }, restore: { type: 'boolean', default: false } },
  });
  const o = { stateDir: values['state-dir'], remote: values.remote };
  try {
    if (values.check) await check();
    else if (values.restore) {
      if (!values.file) throw new Error('restore: --file <dump.sql> is required');
      const counts = await restore({ ...o, file: values.file });
      console.log(`restored ${values.file}: ${Object.keys(counts).length} tables, ${Object.values(counts).reduce((s, n) => s + n, 0)} rows`);
    } else {
      const out = values.out ?? `backups/${DB}-${new Date().toISOString().replace(/[:.]/g, '-')}.sql`;
      console.log(`backup written: ${path.relative(root, await backup({ ...o, out }))}`);
    }
  } catch (err) {
    console.error(err.message ?? err);
    process.exit(1);
  }
}
