/**
 * Spreadsheet: the ageing by customer the way an analyst computes it today, against ours. A workbook with the open
 * items (sheet OpenItems: customer, due date, outstanding, days past due as of D) and a SUMIFS grid (sheet Ageing:
 * one row per customer × Current, 1-30, 31-60, 61-90, 91-120, 121+; bench/spreadsheet-grid.ts), recalculated by
 * LibreOffice Calc headless (bench/spreadsheet-libreoffice.ts) or, where LibreOffice is unavailable, by HyperFormula
 * (bench/spreadsheet-hyperformula.ts). BENCH_SPREADSHEET_PEER=libreoffice|hyperformula forces one.
 *
 *   npm run bench -- spreadsheet --documents 100000 --customers 2000
 *
 * The open items are those the analytics benchmark's DuckDB peer finds as of the data date (bench/duckdb-ageing.ts),
 * so both sides age the same items; without DuckDB (not installed, and BENCH_OFFLINE=1 forbids installing it) they are
 * our own GET /open-items. The grid's figures are checked against ours to the cent (a finding, not a failure). Ours:
 * GET /api/v1/ageing?groupBy=customer on the server holding the same dataset (medians of --runs). Then the
 * spreadsheet alone grows (DuckDB needed): datasets of 2×, 4×, ... the documents and customers, until a
 * recalculation takes over 60 s (`gaveUpAt`: the open items of that size), the sheet's row limit, or
 * SPREADSHEET_MAX_DOCUMENTS (default 4,000,000; a smoke run sets it to its own size to skip growing).
 */
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ApiError, describeFetchError } from './api';
import type { BenchContext } from './context';
import { benchRoot, ensureDataset, type Dataset } from './dataset';
import { ensureDuckDB } from './duckdb-install';
import { machineRows } from './machine';
import { fmtInt, fmtMoney, fmtMs, median, ms, sample, table } from './report';
import { BOUNDARIES, cents, LABELS, SHEET_ROWS, type OpenItem, type Recalc, type SpreadsheetPeer } from './spreadsheet-grid';
import { hyperFormulaPeer } from './spreadsheet-hyperformula';
import { ensureLibreOffice, libreOfficePeer } from './spreadsheet-libreoffice';

/** ours ÷ peer to 4 significant digits: the two differ by orders of magnitude, and 2 decimals would print 0.01. */
const ratio = (a: number, b: number) => Number((a / b).toPrecision(4));

const GIVE_UP_MS = 60_000;
const PEERS = ['libreoffice', 'hyperformula'] as const;

interface AgeingReply { rows: { key: string; amounts: number[] }[]; totals: { amounts: number[] } }

async function getJson<T>(url: string, token: string): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(180_000) });
  } catch (err) {
    throw new ApiError(`GET ${url}`, null, describeFetchError(err));
  }
  const text = await res.text();
  if (!res.ok) throw new ApiError(`GET ${url}`, res.status, text);
  return JSON.parse(text) as T;
}

/**
 * LibreOffice when it is there (or may be installed), else HyperFormula; BENCH_SPREADSHEET_PEER forces one.
 * Null (with why) only when LibreOffice is forced and missing.
 */
function forcedPeer(): (typeof PEERS)[number] | undefined {
  const forced = process.env.BENCH_SPREADSHEET_PEER?.toLowerCase() || undefined;
  if (forced !== undefined && !(PEERS as readonly string[]).includes(forced)) {
    throw new Error(`BENCH_SPREADSHEET_PEER must be one of ${PEERS.join(', ')}, got "${forced}"`);
  }
  return forced as (typeof PEERS)[number] | undefined;
}

async function choosePeer(ctx: BenchContext, forced: (typeof PEERS)[number] | undefined, work: string): Promise<{ peer: SpreadsheetPeer | null; note: string }> {
  if (forced === 'hyperformula') return { peer: await hyperFormulaPeer(), note: 'BENCH_SPREADSHEET_PEER=hyperformula' };
  const lo = ensureLibreOffice(ctx.log);
  if (lo.soffice) return { peer: await libreOfficePeer(lo.soffice, work, ctx.options.keep), note: `soffice ${lo.note}` };
  if (forced === 'libreoffice') return { peer: null, note: `LibreOffice forced by BENCH_SPREADSHEET_PEER, but ${lo.note}` };
  return { peer: await hyperFormulaPeer(), note: `LibreOffice unavailable (${lo.note})` };
}

/** Open items as of `asOf` by DuckDB from the dataset's CSV files. */
async function duckOpenItems(dataset: Dataset, asOf: string): Promise<OpenItem[]> {
  const { DuckLedger } = await import('./duckdb-ageing');
  const duck = await DuckLedger.load(dataset.customersPath, dataset.ledgerPath);
  try {
    return await duck.openItems(asOf);
  } finally {
    duck.close();
  }
}

/** Open items as of `asOf` from our own API, page by page (when DuckDB is not there to derive them). */
async function ourOpenItems(url: string, token: string, asOf: string): Promise<OpenItem[]> {
  interface Page { items: { customer_id: string; due_date: string; days: number; outstanding: number }[]; next: number | null }
  const items: OpenItem[] = [];
  for (let offset: number | null = 0; offset !== null;) {
    const page: Page = await getJson<Page>(new URL(`/api/v1/open-items?asOf=${asOf}&basis=due&limit=10000&offset=${offset}`, url).href, token);
    items.push(...page.items.map((i) => ({ customer: i.customer_id, due: i.due_date, days: i.days, amount: cents(i.outstanding) })));
    offset = page.next;
  }
  return items;
}

interface Step { documents: number; customers: number; openItems: number; prepareMs: number; recalc: Recalc[] }

/** One size: lay the workbook out (untimed), then `times` recalculations, fewer when one is slow or fails. */
async function measureStep(ctx: BenchContext, peer: SpreadsheetPeer, items: OpenItem[], asOf: string, label: string, documents: number, times: number): Promise<Step> {
  ctx.log(`spreadsheet: laying out ${fmtInt(items.length)} open items for ${peer.name} ...`);
  const workbook = await peer.prepare(items, asOf, label);
  const step: Step = { documents, customers: workbook.customers, openItems: items.length, prepareMs: workbook.prepareMs, recalc: [] };
  try {
    for (let i = 0; i < times; i++) {
      ctx.log(`spreadsheet: ${peer.name} recalculation ${i + 1}/${times} (${fmtInt(items.length)} items × ${fmtInt(step.customers)} customers) ...`);
      const r = await workbook.recalculate();
      step.recalc.push(r);
      if (r.error || r.ms > GIVE_UP_MS / 2) break;
    }
  } finally {
    await workbook.dispose();
  }
  return step;
}

export async function runSpreadsheet(ctx: BenchContext): Promise<void> {
  const { runs } = ctx.options;
  const forced = forcedPeer();
  const base = await ctx.dataset();
  const server = await ctx.loadedServer();
  const me = await getJson<{ dataDate: string | null }>(new URL('/api/v1/me', server.url).href, server.adminToken);
  if (!me.dataDate) throw new Error('the ledger has no data date: is it empty?');
  const asOf = me.dataDate;
  const ageingUrl = new URL(`/api/v1/ageing?asOf=${asOf}&basis=due&buckets=${BOUNDARIES.join(',')}&groupBy=customer`, server.url).href;
  ctx.log(`spreadsheet: ours, ageing by customer as of ${asOf}, 1 warm-up + ${runs} runs ...`);
  const ours = await sample(runs, () => getJson<AgeingReply>(ageingUrl, server.adminToken));

  const duckSkipped = ensureDuckDB(ctx.log);
  const itemsFrom = duckSkipped ? `ours, GET /open-items (DuckDB ${duckSkipped})` : 'DuckDB from the CSV files';
  const openItemsOf = (dataset: Dataset) => (duckSkipped ? ourOpenItems(server.url, server.adminToken, asOf) : duckOpenItems(dataset, asOf));

  // Per process: two runs sharing a LibreOffice profile would hand their conversions to one soffice.
  const work = path.join(benchRoot(), `spreadsheet-${process.pid}`);
  await mkdir(work, { recursive: true });
  const { peer, note } = await choosePeer(ctx, forced, work);
  const steps: Step[] = [];
  let gaveUpAt: number | null = null;
  let gaveUpWhy = '';
  let startupMs: number | null = null;
  let baseItems: OpenItem[] = [];
  try {
    if (peer) {
      // Start-up alone (and, for LibreOffice, the profile's first creation): a one-row workbook, twice, the second timed.
      const tiny = await peer.prepare([{ customer: 'C1', due: asOf, days: 0, amount: 1 }], asOf, 'tiny');
      await tiny.recalculate();
      startupMs = (await tiny.recalculate()).ms;
      await tiny.dispose();

      const maxDocuments = Number(process.env.SPREADSHEET_MAX_DOCUMENTS ?? 4_000_000);
      for (let k = 1; ; k *= 2) {
        const dataset = k === 1 ? base : await ensureDataset({ documents: base.documents * k, customers: base.customers * k }, ctx.log);
        ctx.log(`spreadsheet: open items as of ${asOf} of ${fmtInt(dataset.ledgerRows)} documents (${duckSkipped ? 'ours' : 'DuckDB'}) ...`);
        const items = await openItemsOf(dataset);
        if (k === 1) baseItems = items;
        if (items.length + 1 > SHEET_ROWS) {
          gaveUpAt = items.length;
          gaveUpWhy = `${fmtInt(items.length)} open items exceed the sheet's ${fmtInt(SHEET_ROWS)} rows`;
          break;
        }
        // Medians of `runs` at the base size, when a recalculation is quick enough to repeat; one run when growing.
        const step = await measureStep(ctx, peer, items, asOf, String(k), dataset.ledgerRows, k === 1 ? runs : 1);
        steps.push(step);
        const last = step.recalc.at(-1)!;
        if (last.error) {
          gaveUpAt = items.length;
          gaveUpWhy = `${peer.name} failed: ${last.error}`;
          break;
        }
        if (last.ms > GIVE_UP_MS) {
          gaveUpAt = items.length;
          gaveUpWhy = `recalculation took ${fmtMs(last.ms)} (> ${GIVE_UP_MS / 1000} s)`;
          break;
        }
        if (duckSkipped) {
          gaveUpWhy = 'not grown: the open items of larger datasets need DuckDB';
          break;
        }
        if (base.documents * k * 2 > maxDocuments) {
          gaveUpWhy = `not reached: stopped at SPREADSHEET_MAX_DOCUMENTS=${fmtInt(maxDocuments)}`;
          break;
        }
      }
    }
  } finally {
    await peer?.close();
    if (!ctx.options.keep) await rm(work, { recursive: true, force: true });
  }

  // The check: the base size's grid against ours, per customer and in total, bucket by bucket, in cents.
  const baseStep = steps[0];
  const peerMs = baseStep && !baseStep.recalc.some((r) => r.error) ? median(baseStep.recalc.map((r) => r.ms)) : null;
  const grid = baseStep?.recalc.find((r) => r.grid)?.grid ?? null;
  const oursBy = new Map(ours.last.rows.map((r) => [r.key, r.amounts.map(cents)]));
  const oursTotals = ours.last.totals.amounts.map(cents);
  let check = 'not compared (no spreadsheet figures)';
  let totalsEqual: boolean | null = null;
  let gridTotals: number[] | null = null;
  if (grid) {
    gridTotals = LABELS.map((_, i) => [...grid.values()].reduce((a, row) => a + (row[i] ?? 0), 0));
    const zero = LABELS.map(() => 0);
    // Ours lists customers with only unapplied credit too (all buckets 0); the grid lists customers with open items.
    const keys = new Set([...grid.keys(), ...[...oursBy].filter(([, a]) => a.some((x) => x !== 0)).map(([k]) => k)]);
    const differ = [...keys].filter((k) => JSON.stringify(grid.get(k) ?? zero) !== JSON.stringify(oursBy.get(k) ?? zero)).sort();
    totalsEqual = differ.length === 0 && JSON.stringify(gridTotals) === JSON.stringify(oursTotals);
    check = totalsEqual ? `equal to the cent (${fmtInt(grid.size)} customers, ${fmtInt(baseItems.length)} open items)`
      : `MISMATCH: ${differ.length} customer(s) differ, e.g. ${differ.slice(0, 5).join(', ')}`;
  }

  const recalcText = (s: Step) => s.recalc.map((r) => (r.error ? `FAILED (${r.error.slice(0, 80)})` : fmtMs(r.ms))).join(', ');
  const peerName = peer?.name ?? 'spreadsheet';
  console.log(table(`Spreadsheet: ageing by customer as of ${asOf}, ours vs a SUMIFS workbook recalculated by ${peerName}`, [
    ...machineRows(ctx.machine),
    ['code', ctx.code],
    ['spreadsheet', peer ? `${peer.name} (${note})` : `skipped: ${note}`],
    ['dataset', `${fmtInt(base.ledgerRows)} documents, ${fmtInt(base.customerRows)} customers (seed 42)`],
    ['open items from', itemsFrom],
    ['ours: GET /ageing?groupBy=customer', `${fmtMs(ours.medianMs)}  (median of ${runs}: ${ours.samples.map((s) => fmtInt(s)).join(', ')} ms)`],
    [`${peerName} start-up alone (1-row workbook)`, fmtMs(startupMs)],
    ...steps.map((s, i): [string, string] => [
      `${i === 0 ? 'spreadsheet' : `  grown ×${2 ** i}`}: ${fmtInt(s.openItems)} items, ${fmtInt(s.customers)} customers`,
      `${recalcText(s)}  (${peer?.timed}: ${fmtInt(s.customers * LABELS.length)} SUMIFS; laying out the workbook ${fmtMs(s.prepareMs)}, untimed)`,
    ]),
    ['ours ÷ spreadsheet (time)', peerMs === null ? 'n/a' : `${ratio(ours.medianMs, peerMs)}×`],
    ['spreadsheet gave up at', gaveUpAt === null ? (gaveUpWhy || 'n/a') : `${fmtInt(gaveUpAt)} open items: ${gaveUpWhy}`],
    ['ours vs spreadsheet', check],
  ]));
  if (gridTotals) {
    console.log(table('Ageing totals (open items only, no unapplied credit)', [
      ['', ...LABELS],
      ['ours', ...oursTotals.map(fmtMoney)],
      ['spreadsheet', ...gridTotals.map(fmtMoney)],
      ['difference', ...oursTotals.map((o, i) => fmtMoney(o - gridTotals[i]!))],
    ]));
  }
  console.log(JSON.stringify({
    bench: 'spreadsheet',
    size: baseItems.length || null,
    oursMs: ms(ours.medianMs),
    peer: peer && peerMs !== null ? peer.name : null,
    peerMs: peerMs === null ? null : ms(peerMs),
    ratio: peerMs === null ? null : ratio(ours.medianMs, peerMs),
    gaveUpAt,
    documents: base.ledgerRows,
    customers: base.customerRows,
    openItems: baseItems.length,
    openItemsFrom: duckSkipped ? 'ours' : 'DuckDB',
    startupMs: startupMs === null ? null : ms(startupMs),
    grown: steps.slice(1).map((s) => ({ openItems: s.openItems, customers: s.customers, peerMs: s.recalc[0]?.error ? null : ms(s.recalc[0]!.ms) })),
    totalsEqual,
    ...(peer ? {} : { skipped: note }),
    ...(peer && peerMs === null ? { error: `${peer.name}: ${baseStep?.recalc.find((r) => r.error)?.error ?? 'no recalculation'}` } : {}),
  }));
}
