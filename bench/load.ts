/**
 * Load: concurrent clients against the local Worker (local D1) for a bounded time, each sending what the add-in
 * sends: custom-function batches (as Excel recalculates) and report requests (ageing, DSO, a customer's metrics).
 * Prints requests/s, p50/p99 latency, the error count and where the CPU went. Goal (issue 10): zero errors and
 * p99 < 250 ms at 50 concurrent clients on the 2-core machine.
 *
 *   npm run bench -- load                 (LOAD_CLIENTS=50 LOAD_SECONDS=20 LOAD_SERVER=both by default)
 *
 * LOAD_SERVER: `wrangler` runs `wrangler dev`, whose proxy (a second workerd forwarding every request over loopback
 * HTTP) costs what a deployed Worker does not pay; `miniflare` serves the Worker's deploy bundle with workerd
 * listening directly (bench/miniflare.ts); `both`, one after the other, each over a fresh state. Both run the same
 * workerd build over the same kind of local D1; neither is production (see bench/README.md), so both are reported.
 *
 * The ledger: the demo generator, 200 customers over 12 months. Every client has its own API token (a viewer), as
 * every Excel user would; so the per-token rate limit is exercised as in use, not hit (but by LOAD_CLIENTS=1 under
 * Miniflare: one client alone sends more than 3,000 requests per 10 s there, and the excess is answered 429).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { generateDemo } from '../scripts/demo/generator';
import { postCsvFile } from './api';
import type { BenchContext } from './context';
import { cpuMeter, describeCpu } from './cpu';
import { KeepAliveClient, type RequestSpec } from './http-client';
import { describeMachine, machineRows } from './machine';
import { fmtInt, table } from './report';
import type { ServerRuntime } from './server';

const CUSTOMERS = 200;

/**
 * Costs of `wrangler dev` that a deployed Worker does not have, off for this measurement (the server inherits the
 * environment when it starts): the log line it prints for every request, which costs a loopback HTTP call into its
 * Node process each; and its devtools proxy, which asks the runtime for Network events of every request and every
 * D1 query (wrangler skips it when it believes it runs under VS Code's debugger, which this variable tells it).
 * Measured here, under other load: 38.8 req/s with them, 69.8 without (50 clients, same code).
 */
const DEV_SERVER_QUIET = { WRANGLER_LOG: 'warn', VSCODE_INSPECTOR_OPTIONS: '{}' };

async function withEnv<T>(vars: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) process.env[k] ??= v;
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** LOAD_SERVER: `both` (the default: wrangler dev, then Miniflare), `wrangler` or `miniflare`. */
function serverRuntimes(text: string | undefined): ServerRuntime[] {
  const which = text ?? 'both';
  if (which === 'both') return ['wrangler', 'miniflare'];
  if (which !== 'miniflare' && which !== 'wrangler') throw new Error(`LOAD_SERVER must be both, wrangler or miniflare, got "${which}"`);
  return [which];
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * The last line holds the first server's figures (wrangler dev by default, as every other figure in the README) and,
 * under `miniflare`, the second's.
 */
export async function runLoad(ctx: BenchContext, opts: { clients?: number; seconds?: number; servers?: ServerRuntime[] } = {}): Promise<void> {
  const clients = opts.clients ?? Number(process.env.LOAD_CLIENTS ?? 50);
  const seconds = opts.seconds ?? Number(process.env.LOAD_SECONDS ?? 20);
  const [first, ...others] = opts.servers ?? serverRuntimes(process.env.LOAD_SERVER);
  const main = await loadOnce(ctx, first!, clients, seconds);
  const also: Record<string, LoadFigures> = {};
  for (const runtime of others) also[runtime] = await loadOnce(ctx, runtime, clients, seconds);
  console.log(JSON.stringify({ bench: 'load', size: clients, oursMs: main.p99Ms, peer: null, peerMs: null, ratio: null, clients, seconds, ...main, ...also }));
}

interface LoadFigures {
  server: ServerRuntime;
  requests: number;
  rps: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  cacheHits: number;
  loadAtStart: number;
  clientCores: number;
  serverCores: number | null;
  machineBusy: number | null;
}

/** One server, loaded and driven by `clients` for `seconds`; prints its tables. */
async function loadOnce(ctx: BenchContext, runtime: ServerRuntime, clients: number, seconds: number): Promise<LoadFigures> {
  const server = await withEnv(DEV_SERVER_QUIET, () => ctx.freshServer(runtime));
  const demo = generateDemo({ seed: 42, customers: CUSTOMERS, months: 12, endDate: '2026-10-31' });
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-load-'));
  try {
    await writeFile(path.join(dir, 'customers.csv'), [...demo.customersCsv()].join(''));
    await writeFile(path.join(dir, 'ledger.csv'), [...demo.ledgerCsv()].join(''));
    await postCsvFile(server.url, server.adminToken, '/api/v1/customers', path.join(dir, 'customers.csv'));
    const loaded = await postCsvFile(server.url, server.adminToken, '/api/v1/ledger', path.join(dir, 'ledger.csv'));
    ctx.log(`loaded ${fmtInt(loaded.rows)} ledger rows over ${CUSTOMERS} customers`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const api = (p: string) => new URL(`/api/v1${p}`, server.url).href;
  const tokens: string[] = [];
  for (let i = 0; i < clients; i++) {
    const res = await fetch(api('/users'), { method: 'POST', headers: { Authorization: `Bearer ${server.adminToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: `Load ${i}`, role: 'viewer' }) });
    if (res.status !== 201) throw new Error(`POST /users: ${res.status} ${await res.text()}`);
    tokens.push(((await res.json()) as { token: string }).token);
  }
  const ids = Array.from({ length: CUSTOMERS }, (_, i) => `C${String(i + 1).padStart(5, '0')}`);

  /** One request of the mix: 3 in 4 a function batch of 20 cells, else a report. Deterministic per client. */
  function request(client: number, n: number): { kind: string; url: string; init: RequestSpec } {
    const headers = { Authorization: `Bearer ${tokens[client]}`, 'Content-Type': 'application/json' };
    const pick = (k: number) => ids[(client * 31 + n * 7 + k * 13) % ids.length]!;
    const r = (n + client) % 8;
    if (r < 6) {
      const calls = Array.from({ length: 20 }, (_, k) => {
        const fn = ['BALANCE', 'OVERDUE', 'AGEING', 'CREDITLIMIT', 'EXPOSURE'][k % 5]!;
        return { fn, args: fn === 'AGEING' ? [pick(k), '1-30'] : [pick(k)] };
      });
      return { kind: 'functions/batch (20 cells)', url: api('/functions/batch'), init: { method: 'POST', headers, body: JSON.stringify({ calls }) } };
    }
    if (r === 6) return { kind: 'GET /ageing?groupBy=vertical', url: api('/ageing?groupBy=vertical'), init: { headers } };
    return { kind: 'GET /customers/{id}/metrics', url: api(`/customers/${pick(0)}/metrics`), init: { headers } };
  }

  const http = new KeepAliveClient(clients);
  // Warm-up: one pass of each kind, untimed.
  for (let n = 0; n < 8; n++) await http.send(request(0, n).url, request(0, n).init);

  const latencies = new Map<string, number[]>();
  const errors: string[] = [];
  let cacheHits = 0;
  const loadAtStart = os.loadavg()[0]!;
  const cpu = cpuMeter();
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    tokens.map(async (_, client) => {
      for (let n = 0; performance.now() < deadline; n++) {
        const req = request(client, n);
        const t0 = performance.now();
        try {
          const res = await http.send(req.url, req.init);
          if (res.status !== 200) errors.push(`${req.kind}: ${res.status} ${res.text.slice(0, 160)}`);
          if (res.headers['x-cache'] === 'hit') cacheHits++;
        } catch (err) {
          errors.push(`${req.kind}: ${err instanceof Error ? err.message : String(err)}`);
        }
        const list = latencies.get(req.kind) ?? [];
        list.push(performance.now() - t0);
        latencies.set(req.kind, list);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const shares = cpu.stop();
  http.close();
  const all = [...latencies.values()].flat().sort((a, b) => a - b);
  const row = (name: string, xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return [name, fmtInt(s.length), (s.length / elapsed).toFixed(1), `${percentile(s, 50).toFixed(0)} ms`, `${percentile(s, 99).toFixed(0)} ms`];
  };
  const serverName = runtime === 'miniflare' ? 'Miniflare (workerd direct)' : 'wrangler dev';
  console.log(table(`load: ${clients} concurrent clients for ${seconds} s, ${serverName}`, [
    ['request', 'count', 'req/s', 'p50', 'p99'],
    ...[...latencies.entries()].map(([k, xs]) => row(k, xs)),
    row('all', all),
  ]));
  console.log(table('machine', machineRows(describeMachine())));
  const p99 = percentile(all, 99);
  console.log(`answers from the server's cache (worker/src/cache.ts): ${fmtInt(cacheHits)} of ${fmtInt(all.length)}`);
  console.log(`CPU during the run: ${describeCpu(shares)}; load average at start ${loadAtStart.toFixed(2)}`);
  console.log(`errors: ${errors.length}${errors.length ? ` (first: ${errors.slice(0, 3).join('; ')})` : ''}`);
  console.log(`goal: zero errors and p99 < 250 ms: ${errors.length === 0 && p99 < 250 ? 'met' : 'NOT met'}`);
  await ctx.stop();
  return {
    server: runtime,
    requests: all.length,
    rps: Math.round((all.length / elapsed) * 10) / 10,
    p50Ms: Math.round(percentile(all, 50)),
    p99Ms: Math.round(p99),
    errors: errors.length,
    cacheHits,
    loadAtStart: round2(loadAtStart),
    clientCores: round2(shares.client),
    serverCores: shares.server === null ? null : round2(shares.server),
    machineBusy: shares.machineBusy === null ? null : round2(shares.machineBusy),
  };
}
