/**
 * Custom functions end to end: a sheet of 10,000 AR formulas over up to 2,000 customers, computed by the
 * built functions.js in Chromium (Office stood in for, as in the browser tests) against a local Worker
 * with the demo company. The add-in coalesces the cells into a few POST /api/v1/functions/batch requests;
 * for comparison, a naive client in the same page POSTs one request per cell, all at once, as an add-in
 * without batching would. Each naive request costs about the same (the server keeps nothing between
 * requests), so the naive client is timed on an evenly spread sample of cells and scaled to the sheet.
 *
 *   npm run bench -- functions [--customers 2000] [--runs 3]
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { launchChromium, openAddinPage } from '../addin/test/browser/browser';
import type { BenchContext } from './context';
import { benchRoot } from './dataset';
import { machineRows } from './machine';
import { fmtInt, fmtMs, median, ms, ratio, table } from './report';
import { freePort } from './server';

/** FUNCTIONS_CELLS: fewer cells for the smoke run (bench/smoke.test.ts); the figure is 10,000. */
const CELLS = Number(process.env.FUNCTIONS_CELLS ?? 10_000);
const MAX_CUSTOMERS = 2_000;
const DEMO_MONTHS = 12;
/** Cells the naive client is timed on: 120, or a tenth of a smaller sheet (each naive request costs ~0.1 s). */
const NAIVE_SAMPLE = Math.min(120, Math.ceil(CELLS / 10));
const ROOT = path.resolve(import.meta.dirname, '..');
const BATCH_PATH = '/api/v1/functions/batch';

type Arg = string | number | null;
type Cell = [fn: string, args: Arg[]];
type Outcome = { value: unknown } | { error: { code: string; message: string } };

interface ServerModule {
  startServer(options: { port: number; stateDir: string; seed: 'demo'; quiet?: boolean; demo?: { customers?: number; months?: number } }): Promise<{
    url: string;
    demoTokens: Record<string, string>;
    stop(): Promise<void>;
  }>;
}

/**
 * What a credit controller's workbook holds: a block of group figures (DSO four ways, CEI, balance,
 * 90+ overdue, the ageing row for every vertical, region, collector and the whole book), then one row
 * per customer (balance, 61-90, overdue beyond 30 days, headroom, and the credit limit, or for one
 * customer in ten, on a watch list, the credit score) until 10,000 cells.
 */
function sheet(customers: string[][]): Cell[] {
  const column = (i: number) => [...new Set(customers.map((c) => c[i]!))];
  const groups = [...column(2).map((v) => `vertical:${v}`), ...column(3).map((r) => `region:${r}`), ...column(4).map((c) => `collector:${c}`), '*'];
  const cells: Cell[] = groups.flatMap((g): Cell[] => [
    ['DSO', [g, 'countback', null, null]],
    ['DSO', [g, 'standard', null, 90]],
    ['DSO', [g, 'bpdso', null, null]],
    ['DSO', [g, 'add', null, null]],
    ['CEI', [g, 3, null]],
    ['BALANCE', [g, null]],
    ['OVERDUE', [g, null, 91]],
    ['AGEING', [g, null, null, null, null]],
  ]);
  const perCustomer = (id: string, watched: boolean): Cell[] => [
    ['BALANCE', [id, null]],
    ['AGEING', [id, '61-90', null, null, null]],
    ['OVERDUE', [id, null, 31]],
    ['HEADROOM', [id, null]],
    watched ? ['CREDITSCORE', [id, null]] : ['CREDITLIMIT', [id]],
  ];
  for (let row = 0; cells.length < CELLS; row++) cells.push(...perCustomer(customers[row % customers.length]![0]!, row % 10 === 0));
  return cells.slice(0, CELLS);
}

/** Through the add-in: every cell invoked at once, as Excel does in one recalculation. */
async function batched(page: Page, cells: Cell[]): Promise<{ ms: number; outcomes: Outcome[] }> {
  return page.evaluate(async (list) => {
    type StandIn = { invoke(id: string, args: unknown[]): Promise<Outcome> };
    const standIn = (window as unknown as { __officeStandIn: StandIn }).__officeStandIn;
    const started = performance.now();
    const outcomes = await Promise.all(list.map(([fn, args]) => standIn.invoke(fn, args)));
    return { ms: performance.now() - started, outcomes };
  }, cells);
}

/** The naive client: one POST per cell, all sent at once, no coalescing, no de-duplication, no cache. */
async function naive(page: Page, cells: Cell[], token: string): Promise<{ ms: number; outcomes: Outcome[] }> {
  return page.evaluate(
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    async ({ list, token, path }) => {
      const started = performance.now();
      const outcomes = await Promise.all(
        list.map(async ([fn, args]): Promise<Outcome> => {
          const res = await fetch(path, {
            method: 'POST',
            headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ calls: [{ fn, args }] }),
          });
          if (!res.ok) return { error: { code: 'HTTP', message: `HTTP ${res.status}` } };
          return ((await res.json()) as { results: Outcome[] }).results[0]!;
        }),
      );
      return { ms: performance.now() - started, outcomes };
    },
    { list: cells, token, path: BATCH_PATH },
  );
}

/** Failures of the transport, not figures: e.g. wrangler dev restarting the Worker when a source file changes. */
const transportFailures = (outcomes: Outcome[]): string[] =>
  outcomes.flatMap((o) => ('error' in o && /HTTP|could not (be reached|answer)|answered, but/.test(o.error.message) ? [o.error.message] : []));

export async function runFunctions(ctx: BenchContext): Promise<void> {
  const customerCount = Math.min(ctx.options.customers, MAX_CUSTOMERS);
  const runs = Math.min(ctx.options.runs, 3);
  ctx.log('functions: building the add-in ...');
  execFileSync(process.execPath, ['scripts/build-addin.mjs'], { cwd: ROOT, stdio: ctx.options.verbose ? 'inherit' : 'pipe' });
  const { startServer } = (await import(pathToFileURL(path.join(ROOT, 'scripts/server.mjs')).href)) as ServerModule;
  const stateDir = await mkdtemp(path.join(benchRoot(), 'functions-state-'));
  ctx.log(`functions: starting the server with the demo company, ${fmtInt(customerCount)} customers, ${DEMO_MONTHS} months (untimed) ...`);
  const server = await startServer({ port: await freePort(), stateDir, seed: 'demo', quiet: !ctx.options.verbose, demo: { customers: customerCount, months: DEMO_MONTHS } });
  const browser = await launchChromium();
  try {
    const token = server.demoTokens.analyst!;
    const storage = { 'ar.token': token, 'ar.serverUrl': server.url };
    /** A fresh page each time, so the add-in's cache starts empty. */
    const withPage = async <T>(work: (page: Page) => Promise<T>): Promise<T> => {
      const addin = await openAddinPage(browser, server.url, { storage });
      try {
        await addin.page.goto(`${server.url}/functions.html`);
        return await work(addin.page);
      } finally {
        await addin.close();
      }
    };
    /** Runs `measure`, again when wrangler dev restarted the Worker under it (up to 3 tries). */
    const measure = async (label: string, run: (page: Page) => Promise<{ ms: number; outcomes: Outcome[] }>) => {
      for (let attempt = 1; ; attempt++) {
        let requests = 0;
        const result = await withPage(async (page) => {
          page.on('request', (r) => void (r.url().endsWith(BATCH_PATH) && requests++));
          return run(page);
        });
        const failures = transportFailures(result.outcomes);
        const failed = failures.length;
        const why = [...new Set(failures)].slice(0, 3).join(' | ');
        if (failed === 0 || attempt === 3) return { ...result, requests, failed, why };
        ctx.log(`functions: ${label}: ${failed} cells failed in transport (${why}), once more ...`);
      }
    };

    const customers = await withPage(async (page) => ((await batched(page, [['CUSTOMERS', [null]]])).outcomes[0] as { value: string[][] }).value);
    const cells = sheet(customers);
    const distinct = new Set(cells.map((c) => JSON.stringify(c))).size;
    ctx.log(`functions: ${fmtInt(cells.length)} cells (${fmtInt(distinct)} distinct) over ${fmtInt(customers.length)} customers; warm-up ...`);
    await measure('warm-up', (page) => batched(page, cells));

    const timings: number[] = [];
    let last = { ms: 0, outcomes: [] as Outcome[], requests: 0, failed: 0, why: '' };
    for (let i = 0; i < runs; i++) {
      last = await measure('batched', (page) => batched(page, cells));
      timings.push(last.ms);
      ctx.log(`functions: batched run ${i + 1}: ${fmtMs(last.ms)}, ${last.requests} requests`);
    }
    const batchedMs = median(timings);
    const figures = last.outcomes.filter((o) => 'value' in o).length;

    const step = Math.floor(cells.length / NAIVE_SAMPLE);
    const sample = Array.from({ length: NAIVE_SAMPLE }, (_, i) => cells[i * step]!);
    ctx.log(`functions: naive client, one request per cell, on ${NAIVE_SAMPLE} cells spread over the sheet ...`);
    const naiveRun = await measure('naive', (page) => naive(page, sample, token));
    const naiveMs = (naiveRun.ms * cells.length) / sample.length;

    console.log(table('Custom functions: 10,000 AR formulas in Chromium against a local Worker (wrangler dev, local D1)', [
      ['', 'cells', 'requests', 'time', 'per cell'],
      ['add-in (coalesced, de-duplicated, cached)', fmtInt(cells.length), fmtInt(last.requests), fmtMs(batchedMs), `${(batchedMs / cells.length).toFixed(2)} ms`],
      [`naive, one request a cell (timed on ${sample.length})`, fmtInt(sample.length), fmtInt(naiveRun.requests), fmtMs(naiveRun.ms), `${(naiveRun.ms / sample.length).toFixed(1)} ms`],
      ['naive, scaled to the sheet', fmtInt(cells.length), fmtInt(cells.length), fmtMs(naiveMs), ''],
      ['naive ÷ add-in', '', '', `${ratio(naiveMs, batchedMs)}×`, ''],
    ]));
    console.log(table('Sheet and machine', [
      ['customers in the ledger', fmtInt(customers.length)],
      ['distinct calls', fmtInt(distinct)],
      ['cells with a figure / #N/A', `${fmtInt(figures)} / ${fmtInt(cells.length - figures)}`],
      ['batched runs (ms)', timings.map((t) => fmtInt(t)).join(', ')],
      ...machineRows(ctx.machine),
    ]));
    if (last.failed) console.log(`WARNING: ${last.failed} add-in cells failed in transport: ${last.why}`);
    if (naiveRun.failed) console.log(`WARNING: ${naiveRun.failed} naive cells failed in transport: ${naiveRun.why}`);
    console.log(JSON.stringify({
      bench: 'functions', calls: cells.length, distinct, customers: customers.length, requests: last.requests, ms: ms(batchedMs),
      naiveMs: ms(naiveMs), naiveSampleCells: sample.length, naiveSampleMs: ms(naiveRun.ms),
      // ratio = ours ÷ peer like every benchmark (below 1: batched is faster); speedup = how many times faster.
      size: cells.length, oursMs: ms(batchedMs), peer: 'one request per cell (scaled from a sample)', peerMs: ms(naiveMs),
      ratio: ratio(batchedMs, naiveMs), speedup: ratio(naiveMs, batchedMs),
      failed: last.failed, naiveFailed: naiveRun.failed,
    }));
  } finally {
    await browser.close();
    await server.stop();
    if (!ctx.options.keep) await rm(stateDir, { recursive: true, force: true });
  }
}
