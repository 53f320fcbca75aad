/**
 * LibreOffice Calc as the spreadsheet peer: the workbook written as .xlsx (exceljs), then
 * `soffice --headless --convert-to csv` timed whole (start-up, load, recalculation of every formula, CSV of the
 * Ageing sheet), with a profile that recalculates on load instead of trusting cached values.
 *
 * `soffice` on PATH, else Debian's libreoffice-calc-nogui installed by apt-get when BENCH_INSTALL=1 or when running
 * as root with apt-get, never when BENCH_OFFLINE=1.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { installsAllowed } from './duckdb-install';
import { timed } from './report';
import {
  AGEING_HEADER, ageingFormulas, cents, customersOf, LABELS, openItemsHeader,
  type Grid, type OpenItem, type Recalc, type SpreadsheetPeer,
} from './spreadsheet-grid';

/** A recalculation still running after this is killed and counted as given up. */
const KILL_MS = 10 * 60_000;

/** `soffice`, installing Debian's headless Calc when allowed; null (with why) when there is none. */
export function ensureLibreOffice(log: (line: string) => void): { soffice: string | null; note: string } {
  const which = () => spawnSync('sh', ['-c', 'command -v soffice || command -v libreoffice'], { encoding: 'utf8' }).stdout.trim() || null;
  const found = which();
  if (found) return { soffice: found, note: 'found' };
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { encoding: 'utf8' }).status === 0;
  const allowed = installsAllowed() && (process.env.BENCH_INSTALL === '1' || (process.getuid?.() === 0 && hasApt));
  if (!allowed || !hasApt) {
    return { soffice: null, note: installsAllowed()
      ? 'no soffice on PATH; set BENCH_INSTALL=1 (or run as root with apt-get) to install Debian\'s libreoffice-calc-nogui'
      : 'no soffice on PATH, and BENCH_OFFLINE=1 forbids installing it' };
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
  return after ? { soffice: after, note: 'installed libreoffice-calc-nogui' } : { soffice: null, note: 'installing libreoffice-calc-nogui failed' };
}

function libreOfficeVersion(soffice: string): string {
  try {
    const line = execFileSync(soffice, ['--version'], { encoding: 'utf8', timeout: 60_000 }).trim().split('\n')[0] ?? '';
    return line.replace(/^LibreOffice\s*/, '').split(' ')[0] || 'unknown';
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

/** The workbook as .xlsx, streamed (the open items may be hundreds of thousands of rows). */
async function writeWorkbook(file: string, items: OpenItem[], asOf: string): Promise<string[]> {
  const { default: ExcelJS } = await import('exceljs');
  const customers = customersOf(items);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  const ageing = wb.addWorksheet('Ageing');
  const open = wb.addWorksheet('OpenItems');
  ageing.addRow(AGEING_HEADER).commit();
  customers.forEach((customer, i) => {
    const row = ageing.addRow([customer, ...ageingFormulas(i + 2).map((formula) => ({ formula }))]);
    for (let c = 2; c <= AGEING_HEADER.length; c++) row.getCell(c).numFmt = '0.00';
    row.commit();
  });
  await ageing.commit();
  open.addRow(openItemsHeader(asOf)).commit();
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
  const grid: Grid = new Map();
  for (const line of (await readFile(csvFile, 'utf8')).split('\n').slice(1)) {
    if (!line.trim()) continue;
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    grid.set(cells[0]!, cells.slice(1, 1 + LABELS.length).map((c) => cents(Number(c))));
  }
  return { ms: elapsed, grid, error: null };
}

/** LibreOffice over files in `work` (one directory per process: two runs sharing a profile would share one soffice). */
export async function libreOfficePeer(soffice: string, work: string, keepFiles: boolean): Promise<SpreadsheetPeer> {
  const profile = await recalcProfile(path.join(work, 'lo-profile'));
  return {
    name: `LibreOffice Calc ${libreOfficeVersion(soffice)}`,
    timed: 'soffice: start, open, recalc, CSV',
    async prepare(items, asOf, label) {
      const xlsx = path.join(work, `ageing-${label}.xlsx`);
      const written = await timed(() => writeWorkbook(xlsx, items, asOf));
      return {
        customers: written.value.length,
        prepareMs: written.ms,
        recalculate: () => recalculate(soffice, profile, xlsx, path.join(work, `out-${label}`)),
        dispose: async () => {
          if (!keepFiles) await rm(xlsx, { force: true });
        },
      };
    },
    async close() {},
  };
}
