/**
 * Spreadsheet: the ageing by customer the way an analyst computes it today, against ours. An .xlsx with the open
 * items (sheet OpenItems: customer, due date, outstanding, days past due as of D) and a SUMIFS grid (sheet Ageing:
 * one row per customer × Current, 1-30, 31-60, 61-90, 91-120, 121+), recalculated headless by LibreOffice Calc
 * (`soffice --convert-to csv` of the Ageing sheet, with a profile that recalculates every formula on load).
 *
 *   npm run bench -- spreadsheet --documents 100000 --customers 2000
 *
 * The open items are those the analytics benchmark's DuckDB peer finds as of the data date (bench/duckdb-ageing.ts),
 * so both sides age the same items; the grid's figures are checked against ours to the cent (a finding, not a
 * failure). Ours: GET /api/v1/ageing?groupBy=customer on the server holding the same dataset (medians of --runs).
 * Then the spreadsheet alone grows: datasets of 2×, 4×, ... the documents and customers, until its recalculation
 * takes over 60 s (`gaveUpAt`: the open items of that size), the sheet's row limit, or SPREADSHEET_MAX_DOCUMENTS
 * (default 4,000,000; a smoke run sets it to its own size to skip growing).
 *
 * LibreOffice: `soffice` on PATH, else Debian's libreoffice-calc-nogui installed by apt-get when BENCH_INSTALL=1 or
 * when running as root with apt-get; otherwise the peer is skipped and said so (peer null).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ApiError, describeFetchError } from './api';
import type { BenchContext } from './context';
import { benchRoot, ensureDataset, type Dataset } from './dataset';
import { ensureDuckDB } from './duckdb-install';
import { machineRows } from './machine';
import { fmtInt, fmtMs, median, ms, sample, table, timed } from './report';

/** ours ÷ peer to 4 significant digits: the two differ by orders of magnitude, and 2 decimals would print 0.01. */
const ratio = (a: number, b: number) => Number((a / b).toPrecision(4));

const BOUNDARIES = [30, 60, 90, 120];
const LABELS = ['Current', '1-30', '31-60', '61-90', '91-120', '121+'];
/** Inclusive day ranges per bucket; null = open. */
const RANGES: [number | null, number | null][] = [[null, 0], [1, 30], [31, 60], [61, 90], [91, 120], [121, null]];
const GIVE_UP_MS = 60_000;
/** Excel's and Calc's .xlsx row limit, header included. */
const SHEET_ROWS = 1_048_576;
/** A recalculation still running after this is killed and counted as given up. */
const KILL_MS = 10 * 60_000;

interface OpenItem { customer: string; due: string; days: number; amount: number }
interface AgeingReply { rows: { key: string; amounts: number[] }[]; totals: { amounts: number[] } }

const cents = (x: number) => Math.round(x * 100);

function money(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** `soffice`, installing Debian's headless Calc when allowed; null (with why) when there is none. */
export function ensureLibreOffice(log: (line: string) => void): { soffice: string | null; note: string } {
  const which = () => spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' }).stdout.trim() || null;
  const found = which();
  if (found) return { soffice: found, note: 'found' };
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  const allowed = process.env.BENCH_INSTALL === '1' || (process.getuid?.() === 0 && hasApt);
  if (!allowed || !hasApt) {
    return { soffice: null, note: 'SKIPPED: no soffice on PATH; set BENCH_INSTALL=1 (or run as root with apt-get) to install Debian\'s libreoffice-calc-nogui' };
  }
  log('spreadsheet: installing Debian\'s libreoffice-calc-nogui (apt-get) ...');
  const apt = (args: string[]) => (process.getuid?.() === 0
    ? spawnSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
    : spawnSync('sudo', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], { stdio: 'inherit' }));
  const install = () => apt(['install', '-y', '-qq', '--no-install-recommends', 'libreoffice-calc-nogui']);
  if (install().status !== 0) {
    apt(['update', '-qq']);
    install();
  }
  const after = which();
  return after ? { soffice: after, note: 'installed libreoffice-calc-nogui' } : { soffice: null, note: 'SKIPPED: installing libreoffice-calc-nogui failed' };
}

function libreOfficeVersion(soffice: string): string {
  try {
    return execFileSync(soffice, ['--version'], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n')[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** A LibreOffice profile that recalculates every formula of an .xlsx (and .ods) on load, never trusting cached values. */
async function recalcProfile(dir: string): Promise<string> {
  await mkdir(path.join(dir, 'user'), { recursive: true });
  const item = (name: string) =>
    `<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="${name}" oor:op="fuse"><value>0</value></prop></item>`;
  await writeFile(path.join(dir, 'user', 'registrymodifications.xcu'),
    '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" ' +
    'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n' +
    `${item('OOXMLRecalcMode')}\n${item('ODFRecalcMode')}\n</oor:items>\n`);
  return pathToFileURL(dir).href;
}

/** The analyst's workbook: Ageing (first, so a CSV export is that sheet) with SUMIFS over OpenItems. */
async function writeWorkbook(file: string, items: OpenItem[], asOf: string): Promise<string[]> {
  const { default: ExcelJS } = await import('exceljs');
  const customers = [...new Set(items.map((i) => i.customer))].sort();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const ageing = wb.addWorksheet('Ageing');
  const open = wb.addWorksheet('OpenItems');
  ageing.addRow(['Customer', ...LABELS, 'Total']).commit();
  const crit = (col: string, [lo, hi]: [number | null, number | null]) =>
    [lo === null ? '' : `, OpenItems!${col}:${col}, ">="&${lo}`, hi === null ? '' : `, OpenItems!${col}:${col}, "<="&${hi}`].join('');
  customers.forEach((customer, i) => {
    const r = i + 2;
    const row = ageing.addRow([
      customer,
      ...RANGES.map((range) => ({ formula: `SUMIFS(OpenItems!C:C, OpenItems!A:A, $A${r}${crit('D', range)})` })),
      { formula: `SUM(B${r}:G${r})` },
    ]);
    for (let c = 2; c <= 8; c++) row.getCell(c).numFmt = '0.00';
    row.commit();
  });
  await ageing.commit();
  open.addRow(['Customer', `Due date`, `Outstanding ${asOf}`, 'Days past due']).commit();
  for (const item of items) {
    const [y, m, d] = item.due.split('-').map(Number) as [number, number, number];
    const row = open.addRow([item.customer, new Date(Date.UTC(y, m - 1, d)), item.amount / 100, item.days]);
    row.getCell(2).numFmt = 'yyyy-mm-dd';
    row.getCell(3).numFmt = '0.00';
    row.commit();
  }
  await open.commit();
  await wb.commit();
  return customers;
}

interface Recalc { ms: number; grid: Map<string, number[]> | null; error: string | null }

/** `soffice --convert-to csv`: loads the workbook, recalculates every formula, writes the first sheet. */
async function recalculate(soffice: string, profileUrl: string, xlsx: string, outDir: string): Promise<Recalc> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const started = performance.now();
  const run = spawnSync(soffice, [`-env:UserInstallation=${profileUrl}`, '--headless', '--norestore', '--nolockcheck',
    '--convert-to', 'csv', '--outdir', outDir, xlsx], { encoding: 'utf8', timeout: KILL_MS, killSignal: 'SIGKILL' });
  const elapsed = performance.now() - started;
  const csvFile = path.join(outDir, `${path.basename(xlsx, '.xlsx')}.csv`);
  if (run.error || run.status !== 0 || !existsSync(csvFile)) {
    const why = run.error ? run.error.message : `exit ${run.status}: ${(run.stderr || run.stdout || '').trim().slice(0, 300)}`;
    return { ms: elapsed, grid: null, error: why };
  }
  const grid = new Map<string, number[]>();
  for (const line of (await readFile(csvFile, 'utf8')).split('\n').slice(1)) {
    if (!line.trim()) continue;
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    grid.set(cells[0]!, cells.slice(1, 1 + LABELS.length).map((c) => cents(Number(c))));
  }
  return { ms: elapsed, grid, error: null };
}

async function openItemsOf(dataset: Dataset, asOf: string): Promise<OpenItem[]> {
  ensureDuckDB();
  const { DuckLedger } = await import('./duckdb-ageing');
  const duck = await DuckLedger.load(dataset.customersPath, dataset.ledgerPath);
  try {
    return await duck.openItems(asOf);
  } finally {
    duck.close();
  }
}

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

interface Step { documents: number; customers: number; openItems: number; writeMs: number; recalc: Recalc[] }

export async function runSpreadsheet(ctx: BenchContext): Promise<void> {
  const { runs } = ctx.options;
  const base = await ctx.dataset();
  const server = await ctx.loadedServer();
  const me = await getJson<{ dataDate: string | null }>(new URL('/api/v1/me', server.url).href, server.adminToken);
  if (!me.dataDate) throw new Error('the ledger has no data date: is it empty?');
  const asOf = me.dataDate;
  const ageingUrl = new URL(`/api/v1/ageing?asOf=${asOf}&basis=due&buckets=${BOUNDARIES.join(',')}&groupBy=customer`, server.url).href;
  ctx.log(`spreadsheet: ours, ageing by customer as of ${asOf}, 1 warm-up + ${runs} runs ...`);
  const ours = await sample(runs, () => getJson<AgeingReply>(ageingUrl, server.adminToken));

  const lo = ensureLibreOffice(ctx.log);
  // Per process: two runs sharing a LibreOffice profile would hand their conversions to one soffice.
  const work = path.join(benchRoot(), `spreadsheet-${process.pid}`);
  await mkdir(work, { recursive: true });
  const steps: Step[] = [];
  let gaveUpAt: number | null = null;
  let gaveUpWhy = '';
  let version = 'n/a';
  let startupMs: number | null = null;
  let baseItems: OpenItem[] = [];
  if (lo.soffice) {
    const soffice = lo.soffice;
    version = libreOfficeVersion(soffice);
    const profile = await recalcProfile(path.join(work, 'lo-profile'));
    // LibreOffice's start-up alone (and the profile's first creation): a one-row workbook, twice, the second timed.
    const tiny = path.join(work, 'tiny.xlsx');
    await writeWorkbook(tiny, [{ customer: 'C1', due: asOf, days: 0, amount: 1 }], asOf);
    await recalculate(soffice, profile, tiny, path.join(work, 'out-tiny'));
    startupMs = (await recalculate(soffice, profile, tiny, path.join(work, 'out-tiny'))).ms;

    const maxDocuments = Number(process.env.SPREADSHEET_MAX_DOCUMENTS ?? 4_000_000);
    for (let k = 1; ; k *= 2) {
      const dataset = k === 1 ? base : await ensureDataset({ documents: base.documents * k, customers: base.customers * k }, ctx.log);
      ctx.log(`spreadsheet: open items as of ${asOf} of ${fmtInt(dataset.ledgerRows)} documents (DuckDB) ...`);
      const items = await openItemsOf(dataset, asOf);
      if (k === 1) baseItems = items;
      if (items.length + 1 > SHEET_ROWS) {
        gaveUpAt = items.length;
        gaveUpWhy = `${fmtInt(items.length)} open items exceed the sheet's ${fmtInt(SHEET_ROWS)} rows`;
        break;
      }
      const xlsx = path.join(work, `ageing-${k}.xlsx`);
      ctx.log(`spreadsheet: writing ${fmtInt(items.length)} open items to ${xlsx} ...`);
      const written = await timed(() => writeWorkbook(xlsx, items, asOf));
      const step: Step = { documents: dataset.ledgerRows, customers: written.value.length, openItems: items.length, writeMs: written.ms, recalc: [] };
      steps.push(step);
      // Medians of `runs` at the base size, when a recalculation is quick enough to repeat; one run when growing.
      const times = k === 1 ? runs : 1;
      for (let i = 0; i < times; i++) {
        ctx.log(`spreadsheet: LibreOffice recalculation ${i + 1}/${times} (${fmtInt(items.length)} items × ${fmtInt(step.customers)} customers) ...`);
        const r = await recalculate(soffice, profile, xlsx, path.join(work, `out-${k}`));
        step.recalc.push(r);
        if (r.error || r.ms > GIVE_UP_MS / 2) break;
      }
      if (k !== 1 || !ctx.options.keep) await rm(xlsx, { force: true });
      const last = step.recalc.at(-1)!;
      if (last.error) {
        gaveUpAt = items.length;
        gaveUpWhy = `LibreOffice failed: ${last.error}`;
        break;
      }
      if (last.ms > GIVE_UP_MS) {
        gaveUpAt = items.length;
        gaveUpWhy = `recalculation took ${fmtMs(last.ms)} (> ${GIVE_UP_MS / 1000} s)`;
        break;
      }
      if (base.documents * k * 2 > maxDocuments) {
        gaveUpWhy = `not reached: stopped at SPREADSHEET_MAX_DOCUMENTS=${fmtInt(maxDocuments)}`;
        break;
      }
    }
  }

  if (!ctx.options.keep) await rm(work, { recursive: true, force: true });

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
  console.log(table(`Spreadsheet: ageing by customer as of ${asOf}, ours vs a SUMIFS workbook recalculated by LibreOffice Calc`, [
    ...machineRows(ctx.machine),
    ['code', ctx.code],
    ['LibreOffice', lo.soffice ? `${version} (${lo.note})` : lo.note],
    ['dataset', `${fmtInt(base.ledgerRows)} documents, ${fmtInt(base.customerRows)} customers (seed 42)`],
    ['ours: GET /ageing?groupBy=customer', `${fmtMs(ours.medianMs)}  (median of ${runs}: ${ours.samples.map((s) => fmtInt(s)).join(', ')} ms)`],
    ['LibreOffice start-up alone (1-row workbook)', fmtMs(startupMs)],
    ...steps.map((s, i): [string, string] => [
      `${i === 0 ? 'spreadsheet' : `  grown ×${2 ** i}`}: ${fmtInt(s.openItems)} items, ${fmtInt(s.customers)} customers`,
      `${recalcText(s)}  (open + recalc ${fmtInt(s.customers * LABELS.length)} SUMIFS + CSV; writing the .xlsx ${fmtMs(s.writeMs)}, untimed)`,
    ]),
    ['ours ÷ spreadsheet (time)', peerMs === null ? 'n/a' : `${ratio(ours.medianMs, peerMs)}×`],
    ['spreadsheet gave up at', gaveUpAt === null ? (gaveUpWhy || 'n/a') : `${fmtInt(gaveUpAt)} open items: ${gaveUpWhy}`],
    ['ours vs spreadsheet', check],
  ]));
  if (gridTotals) {
    console.log(table('Ageing totals (open items only, no unapplied credit)', [
      ['', ...LABELS],
      ['ours', ...oursTotals.map(money)],
      ['spreadsheet', ...gridTotals.map(money)],
      ['difference', ...oursTotals.map((o, i) => money(o - gridTotals[i]!))],
    ]));
  }
  console.log(JSON.stringify({
    bench: 'spreadsheet',
    size: baseItems.length || null,
    oursMs: ms(ours.medianMs),
    peer: lo.soffice ? `LibreOffice Calc ${version.replace(/^LibreOffice\s*/, '').split(' ')[0]}` : null,
    peerMs: peerMs === null ? null : ms(peerMs),
    ratio: peerMs === null ? null : ratio(ours.medianMs, peerMs),
    gaveUpAt,
    documents: base.ledgerRows,
    customers: base.customerRows,
    openItems: baseItems.length,
    startupMs: startupMs === null ? null : ms(startupMs),
    grown: steps.slice(1).map((s) => ({ openItems: s.openItems, customers: s.customers, peerMs: s.recalc[0]?.error ? null : ms(s.recalc[0]!.ms) })),
    totalsEqual,
    ...(lo.soffice ? {} : { skipped: lo.note }),
  }));
}
