/**
 * Import throughput: the whole ledger file streamed to POST /api/v1/ledger on a fresh local Worker + D1,
 * then the same file again (every row unchanged), against the sqlite3 CLI's `.import` of the same file into a
 * bare table: the practical ceiling for getting these bytes into SQLite on this machine.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, isDevServerRestart, postCsvFile, type ImportReply } from './api';
import type { BenchContext } from './context';
import { benchRoot } from './dataset';
import { machineRows } from './machine';
import { fmtInt, fmtMs, ms, ratio, table, timed } from './report';
import { watchPeakRss, type LocalServer } from './server';

export const IMPORT_GOAL_ROWS_PER_SEC = 25_000;

const LEDGER_COLUMNS = ['doc_type', 'doc_no', 'customer_id', 'doc_date', 'due_date', 'amount', 'currency', 'fx_rate', 'applies_to', 'reference'];

interface Step {
  ms: number;
  reply: ImportReply | null;
  error: string | null;
  peakRssMiB: number | null;
  /** A first attempt that failed because wrangler dev restarted the Worker under it, and how long it had run. */
  restartedMs: number | null;
}

async function importStep(server: LocalServer, endpoint: string, file: string): Promise<Step> {
  let restartedMs: number | null = null;
  for (;;) {
    const rss = watchPeakRss();
    const started = performance.now();
    try {
      const reply = await postCsvFile(server.url, server.adminToken, endpoint, file);
      return { ms: performance.now() - started, reply, error: null, peakRssMiB: rss.stop(), restartedMs };
    } catch (err) {
      const elapsed = performance.now() - started;
      const error = err instanceof ApiError ? err.message : String(err instanceof Error ? err.stack : err);
      const peakRssMiB = rss.stop();
      // Sent once more, and the table says so: see isDevServerRestart.
      if (restartedMs === null && isDevServerRestart(err)) {
        restartedMs = elapsed;
        continue;
      }
      return { ms: elapsed, reply: null, error, peakRssMiB, restartedMs };
    }
  }
}

/** `sqlite3 <fresh db> .import --csv --skip 1 <file> ledger`: wall time and rows landed; null without the sqlite3 CLI. */
async function sqliteImport(file: string): Promise<{ ms: number; rows: number } | null> {
  if (spawnSync('sh', ['-c', 'command -v sqlite3']).status !== 0) return null;
  const dir = await mkdtemp(path.join(benchRoot(), 'sqlite-'));
  const db = path.join(dir, 'peer.sqlite');
  try {
    await sqlite3(db, [`CREATE TABLE ledger (${LEDGER_COLUMNS.map((c) => `${c} TEXT`).join(', ')});`]);
    const t = await timed(() => sqlite3(db, [`.import --csv --skip 1 '${file.replaceAll("'", "''")}' ledger`]));
    const rows = Number((await sqlite3(db, ['SELECT count(*) FROM ledger;'])).trim());
    return { ms: t.ms, rows };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function sqlite3(db: string, commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('sqlite3', ['-batch', '-bail', db, ...commands], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 && !err ? resolve(out) : reject(new Error(`sqlite3 failed (exit ${code}): ${err}`))));
  });
}

function replyText(s: Step): string {
  const retried = s.restartedMs === null ? '' : `; sent twice: the Worker restarted under the first attempt after ${fmtMs(s.restartedMs)}`;
  if (!s.reply) return `FAILED${retried}`;
  const r = s.reply;
  return `${fmtInt(r.inserted)} ins / ${fmtInt(r.updated)} upd / ${fmtInt(r.unchanged)} unch${retried}`;
}

export async function runImport(ctx: BenchContext): Promise<void> {
  const dataset = await ctx.dataset();
  const server = await ctx.freshServer();

  ctx.log('import: customers ...');
  const customers = await importStep(server, '/api/v1/customers', dataset.customersPath);
  if (customers.error) throw new Error(`the customer import failed, so the ledger cannot be imported: ${customers.error}`);
  ctx.log(`import: ledger, ${fmtInt(dataset.ledgerRows)} rows (${(dataset.ledgerBytes / 2 ** 20).toFixed(1)} MiB) ...`);
  const first = await importStep(server, '/api/v1/ledger', dataset.ledgerPath);
  if (first.error) ctx.log(`import: the ledger import FAILED after ${fmtMs(first.ms)}: ${first.error}`);
  else await ctx.markLoaded();

  let again: Step | null = null;
  if (!first.error) {
    ctx.log('import: the same file again (idempotent re-import) ...');
    again = await importStep(server, '/api/v1/ledger', dataset.ledgerPath);
    if (again.error) ctx.log(`import: the re-import FAILED after ${fmtMs(again.ms)}: ${again.error}`);
  }

  ctx.log('import: sqlite3 .import of the same file into a bare table ...');
  const peer = await sqliteImport(dataset.ledgerPath);
  const peerSkipped = 'no sqlite3 CLI on PATH';

  const rows = first.reply?.rows ?? dataset.ledgerRows;
  const rowsPerSec = first.reply ? rows / (first.ms / 1000) : null;
  const againRowsPerSec = again?.reply ? again.reply.rows / (again.ms / 1000) : null;
  const rate = (r: number | null) => (r === null ? 'n/a' : `${fmtInt(r)} rows/s`);
  const rssText = (s: Step | null) => (s?.peakRssMiB == null ? 'n/a' : `${fmtInt(s.peakRssMiB)} MiB`);
  console.log(table(`Import: ${fmtInt(dataset.ledgerRows)} ledger rows, ${fmtInt(dataset.customerRows)} customers (seed 42)`, [
    ...machineRows(ctx.machine),
    ['code', ctx.code],
    ['ledger file', `${(dataset.ledgerBytes / 2 ** 20).toFixed(1)} MiB`],
    ['POST /customers', `${fmtMs(customers.ms)}  (${customers.reply ? replyText(customers) : 'FAILED'})`],
    ['POST /ledger, empty ledger', `${fmtMs(first.ms)}  ${rate(rowsPerSec)}  (${replyText(first)})`],
    ['  server peak RSS', rssText(first)],
    ['POST /ledger again, all unchanged', again ? `${fmtMs(again.ms)}  ${rate(againRowsPerSec)}  (${replyText(again)})` : 'skipped'],
    ['  server peak RSS', rssText(again)],
    ['sqlite3 .import --csv, bare table', peer ? `${fmtMs(peer.ms)}  ${rate(peer.rows / (peer.ms / 1000))}  (${fmtInt(peer.rows)} rows)` : `skipped (${peerSkipped})`],
    ['ours ÷ sqlite3 (time)', first.reply && peer ? `${ratio(first.ms, peer.ms)}×` : 'n/a'],
    ['goal', `≥ ${fmtInt(IMPORT_GOAL_ROWS_PER_SEC)} rows/s: ${rowsPerSec === null ? 'not measured' : rowsPerSec >= IMPORT_GOAL_ROWS_PER_SEC ? 'met' : 'NOT met'}`],
  ]));
  if (first.reply?.warnings.length) console.log(`warnings (${first.reply.warnings.length}): ${first.reply.warnings.slice(0, 3).join(' | ')}`);
  if (first.error) console.log(`FAILED: ${first.error}`);
  if (again?.error) console.log(`re-import FAILED: ${again.error}`);
  console.log(JSON.stringify({
    bench: 'import',
    size: rows,
    rows,
    oursMs: first.reply ? ms(first.ms) : null,
    rowsPerSec: rowsPerSec === null ? null : Math.round(rowsPerSec),
    peer: peer ? 'sqlite3 .import' : null,
    peerMs: peer ? ms(peer.ms) : null,
    ratio: first.reply && peer ? ratio(first.ms, peer.ms) : null,
    reimportMs: again?.reply ? ms(again.ms) : null,
    reimportRowsPerSec: againRowsPerSec === null ? null : Math.round(againRowsPerSec),
    customersMs: ms(customers.ms),
    ...(peer ? {} : { skipped: `sqlite3: ${peerSkipped}` }),
    ...(first.error ? { error: first.error } : {}),
  }));
}
