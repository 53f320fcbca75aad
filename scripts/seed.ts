/**
 * Loads the demo dataset through the real import API, as a customer's own upload would arrive.
 *
 *   npm run seed -- [--url http://127.0.0.1:8787] [--token T] [--customers N] [--documents M] [--seed S]
 *                   [--months 24] [--end-date 2026-10-31] [--out DIR]
 *
 * The token comes from --token, else $ADMIN_TOKEN, else <STATE_DIR>/admin-token (written by `npm start`).
 * With --out DIR the two CSV files are written there instead of uploaded.
 * The ledger is streamed: a million rows are generated while they upload, never held in memory.
 */
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { demoCsvStreams, generateDemo, writeDemoCsv, type DemoOptions } from './demo/generator';

export interface SeedOptions extends DemoOptions {
  url: string;
  token: string;
  log?: (line: string) => void;
}

/** What the import endpoints answer with 200. */
export interface ImportReply {
  rows?: number;
  inserted: number;
  updated: number;
  unchanged: number;
  warnings: string[];
}

export interface SeedResult {
  customers: ImportReply;
  ledger: ImportReply;
  ledgerRows: number;
  seconds: number;
}

/** A non-2xx reply from the API, with its body as sent (usually `{error: {code, message, details}}`). */
export class SeedError extends Error {
  constructor(readonly endpoint: string, readonly status: number, readonly body: string) {
    super(`${endpoint} answered ${status}`);
  }
}

export async function seedDemo(opts: SeedOptions): Promise<SeedResult> {
  const log = opts.log ?? (() => {});
  const started = performance.now();
  const demo = generateDemo(opts);
  const { seed, customers, months, endDate, documents } = demo.options;
  log(`demo data: seed ${seed}, ${customers} customers, ${months} months to ${endDate}` +
    (documents === undefined ? '' : `, about ${documents} ledger rows`));

  const streams = demoCsvStreams(opts);
  const customerReply = await upload(opts, '/api/v1/customers', streams.customers);
  log(`customers: ${summary(customerReply, performance.now() - started)}`);

  const ledgerStarted = performance.now();
  let ledgerRows = 0;
  let sentAll = false;
  // A big import takes a while; say how far it has got now and then.
  const progress = setInterval(() => {
    const s = Math.round((performance.now() - ledgerStarted) / 1000);
    log(`ledger:    ${sentAll ? 'all ' : ''}${ledgerRows.toLocaleString('en-US')} rows sent${sentAll ? ', the server is committing' : ''} (${s} s) ...`);
  }, 15_000);
  const ledgerReply = await upload(opts, '/api/v1/ledger', streams.ledger, (n) => { ledgerRows += n; }, () => { sentAll = true; })
    .finally(() => clearInterval(progress));
  const ms = performance.now() - ledgerStarted;
  ledgerRows = ledgerReply.rows ?? ledgerRows;
  log(`ledger:    ${summary(ledgerReply, ms)}, ${Math.round(ledgerRows / (ms / 1000)).toLocaleString('en-US')} rows/s`);
  return { customers: customerReply, ledger: ledgerReply, ledgerRows, seconds: (performance.now() - started) / 1000 };
}

/**
 * POSTs the chunks as they are generated. node:http rather than fetch: a million-row import can take longer
 * than fetch's fixed five-minute wait for response headers, and here the wait is the import's own business.
 */
function upload(
  opts: SeedOptions, endpoint: string, chunks: AsyncIterable<string>,
  onLines: (n: number) => void = () => {}, onSent: () => void = () => {},
): Promise<ImportReply> {
  const target = new URL(endpoint, opts.url);
  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = client.request(target, {
      method: 'POST',
      headers: { 'Content-Type': 'text/csv', Authorization: `Bearer ${opts.token}` },
    }, (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => { body += d; });
      res.on('error', reject);
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        if (status < 200 || status > 299) reject(new SeedError(`POST ${endpoint}`, status, body));
        else resolve(JSON.parse(body) as ImportReply);
      });
    });
    // A server that rejects early (401, 413, 422) may close while we still write; its answer is what counts.
    req.on('error', (err) => { if (!answered) reject(err); });
    void send(req, chunks, onLines, () => answered).then(onSent, (err: Error) => req.destroy(err));
  });
}

/** Writes with backpressure, so generation runs only as fast as the upload drains. */
async function send(req: http.ClientRequest, chunks: AsyncIterable<string>, onLines: (n: number) => void, answered: () => boolean) {
  let header = true;
  for await (const chunk of chunks) {
    if (answered() || req.destroyed) return;
    let lines = chunk.split('\n').length - 1;
    if (header && lines > 0) { lines--; header = false; }
    onLines(lines);
    if (!req.write(chunk)) await drained(req);
  }
  req.end();
}

/** The socket took the last write, or the request is over (a 'drain' may then never come). */
function drained(req: http.ClientRequest): Promise<void> {
  return new Promise((resume) => {
    const done = () => {
      req.off('drain', done);
      req.off('close', done);
      resume();
    };
    req.on('drain', done);
    req.on('close', done);
  });
}

function summary(r: ImportReply, ms: number): string {
  const rows = r.rows === undefined ? '' : `${r.rows.toLocaleString('en-US')} rows — `;
  const warnings = r.warnings.length ? `; ${r.warnings.length} warning(s), e.g. ${r.warnings.slice(0, 2).join(' | ')}` : '';
  return `${rows}${r.inserted} inserted, ${r.updated} updated, ${r.unchanged} unchanged in ${(ms / 1000).toFixed(1)} s${warnings}`;
}

/** The token an operator would use: explicit, else the environment, else the one `npm start` wrote. */
export async function adminToken(explicit?: string): Promise<string | undefined> {
  if (explicit) return explicit;
  if (process.env.ADMIN_TOKEN) return process.env.ADMIN_TOKEN;
  const file = path.resolve(process.env.STATE_DIR ?? '.state', 'admin-token');
  return (await readFile(file, 'utf8').catch(() => ''))?.trim() || undefined;
}

/** An error body, shortened: a 422 may carry a thousand row problems. */
function describeErrorBody(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { details?: unknown[] } };
    const details = parsed.error?.details;
    if (Array.isArray(details) && details.length > 20) {
      parsed.error!.details = [...details.slice(0, 20), `… ${details.length - 20} more`];
    }
    return JSON.stringify(parsed, null, 2);
  } catch {
    return body;
  }
}

function integerOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got "${text}"`);
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:8787' },
      token: { type: 'string' },
      customers: { type: 'string' },
      documents: { type: 'string' },
      seed: { type: 'string' },
      months: { type: 'string' },
      'end-date': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(readHelp());
    return 0;
  }
  const demo: DemoOptions = {
    customers: integerOption('customers', values.customers),
    documents: integerOption('documents', values.documents),
    seed: integerOption('seed', values.seed),
    months: integerOption('months', values.months),
    endDate: values['end-date'],
  };
  if (values.out) {
    const started = performance.now();
    const written = await writeDemoCsv(values.out, demo);
    const s = (performance.now() - started) / 1000;
    console.log(`wrote ${written.customers} customers to ${written.customersPath}`);
    console.log(`wrote ${written.ledgerRows} ledger rows to ${written.ledgerPath} in ${s.toFixed(1)} s`);
    return 0;
  }
  const token = await adminToken(values.token);
  if (!token) {
    console.error('no admin token: pass --token, set ADMIN_TOKEN, or start the server once (npm start) so .state/admin-token exists');
    return 1;
  }
  try {
    const result = await seedDemo({ ...demo, url: values.url, token, log: (line) => console.log(line) });
    console.log(`done in ${result.seconds.toFixed(1)} s`);
    return 0;
  } catch (err) {
    if (err instanceof SeedError) {
      console.error(`${err.message}:\n${describeErrorBody(err.body)}`);
    } else if ((err as { code?: string }).code === 'ECONNREFUSED') {
      console.error(`cannot reach ${values.url}: is the server running? (npm start)`);
    } else if ((err as { code?: string }).code) {
      console.error(`the upload to ${values.url} broke off (${(err as Error).message}): the server may have failed; see its log`);
    } else {
      console.error(err);
    }
    return 1;
  }
}

function readHelp(): string {
  return 'usage: npm run seed -- [--url U] [--token T] [--customers N] [--documents M] [--seed S] [--months 24] [--end-date YYYY-MM-DD] [--out DIR]';
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = await main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    return 1;
  });
}
