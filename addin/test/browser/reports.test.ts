// The Reports pane in Chromium against the real Worker, writing into an in-memory Excel workbook
// (office-stand-in.ts, excelWorkbookStandInScript). Signed in through the Connect pane as the demo
// analyst, each report is written and the workbook is compared with the API's own figures; the
// ledger gets customers whose names look like formulas, and enough open items to need several chunks.
// Screenshots of the pane and of each sheet go to test-output/ for review.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gradeFor } from '../../../shared/analytics/credit-score';
import { addDays, isoToExcelSerial } from '../../../shared/dates';
import type { MisRollRates } from '../../src/reports/api';
import { rollRatesText } from '../../src/reports/mis-report';
import { launchChromium, openAddinPage, type AddinPage } from './browser';
import { excelWorkbookStandInScript } from './office-stand-in';

const serverUrl = inject('serverUrl');
const adminToken = inject('adminToken');
const token = inject('demoTokens').analyst ?? '';
const OUTPUT = path.resolve(import.meta.dirname, '../../../test-output');

/** Ledger strings Excel would evaluate if they were written as values into General cells. */
const FORMULA_LIKE = {
  'FX-HYPER': '=HYPERLINK("http://x","y")',
  '0042': "+cmd|' /C calc'!A0",
  'FX-MINUS': '-2+3',
  'FX-AT': '@SUM(1,1)',
} as const;
const FORMULA_VERTICAL = '=1+1';
const FORMULA_REFERENCE = '=cmd()';
/** Enough open items of one customer that the Open items table needs several chunks. */
const EXTRA_INVOICES = 700;

type CellView = { value: unknown; kind: string; formula: string | null; numberFormat: string; font?: Record<string, unknown>; fill?: string | null };
type TableView = { sheet: string; address: string; header: CellView[]; body: CellView[][]; totals: CellView[] | null; firstBodyRow: number };
type SheetView = {
  name: string;
  position: number;
  freezeRows: number;
  columnWidths: Record<string, number | string>;
  conditionalFormats: { type: string; address: string; formula: string; fill: string; fontColor: string }[];
  charts: { name: string; type: string; source: string; seriesBy: string; title: string; from: string; to: string }[];
  tables: { name: string; address: string; showTotals: boolean; hasHeaders: boolean }[];
};
type LogEntry = { sync: number; bytes: number; failed?: boolean; ops: { op: string; sheet: string; address: string; cells: number; bytes: number }[] };
interface Workbook {
  sheetNames(): string[];
  activeSheet(): string | null;
  sheetView(name: string): SheetView | null;
  tableView(name: string): TableView | null;
  rangeView(sheet: string, address: string): CellView[][] | null;
  cell(sheet: string, address: string): CellView | null;
  syncs: number;
  log: LogEntry[];
  failAtSync: number | null;
  failOnWrite: { sheet: string; nth: number } | null;
  failWith: { code: string; message: string };
  syncDelayMs: number;
}
type WorkbookWindow = { __excelStandIn: Workbook };

async function api<T>(pathAndQuery: string, init: RequestInit = {}, bearer = token): Promise<T> {
  const res = await fetch(`${serverUrl}${pathAndQuery}`, { ...init, headers: { Authorization: `Bearer ${bearer}`, ...(init.headers ?? {}) } });
  const body = (await res.json()) as T;
  expect(res.status, `${pathAndQuery}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
  return body;
}
const importRows = (route: 'customers' | 'ledger', rows: Record<string, string>[]) =>
  api(`/api/v1/${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ rows }) }, adminToken);

interface Ageing {
  asOf: string;
  dataVersion: number;
  currency: string;
  buckets: { label: string; from: number | null; to: number | null }[];
  rows: { key: string; name: string; amounts: number[]; unapplied: number; total: number }[];
  totals: { amounts: number[]; unapplied: number; total: number };
  check: { ledgerBalance: number; balanced: boolean };
}
type Batch = { dataVersion: number; results: ({ value: number } | { error: unknown })[] };
const cents = (x: unknown) => Math.round(Number(x) * 100);

let browser: Browser;
let addin: AddinPage;
let page: Page;
let dataDate: string;

const workbook = <T>(fn: (wb: Workbook, arg: unknown) => T, arg?: unknown): Promise<T> =>
  page.evaluate(
    ([source, a]) => {
      const f = new Function('wb', 'arg', `return (${source})(wb, arg);`) as (wb: Workbook, arg: unknown) => T;
      return f((window as unknown as WorkbookWindow).__excelStandIn, a);
    },
    [fn.toString(), arg] as const,
  );
const table = (name: string) => workbook((wb, n) => wb.tableView(n as string), name);
const sheet = (name: string) => workbook((wb, n) => wb.sheetView(n as string), name);
const names = () => workbook((wb) => wb.sheetNames());
/** Header block: label → value cell (rows 2 and 3). */
async function headerBlock(sheetName: string): Promise<Map<string, CellView>> {
  const rows = (await workbook((wb, n) => wb.rangeView(n as string, 'A2:P3'), sheetName))!;
  return new Map(rows[0]!.flatMap((label, i) => (label.value ? [[String(label.value), rows[1]![i]!] as const] : [])));
}

async function runReport(kind: string, options: Record<string, string> = {}): Promise<{ intent: string; text: string }> {
  await page.locator('#report-kind').selectOption(kind);
  for (const [selector, value] of Object.entries(options)) {
    const el = page.locator(selector);
    if ((await el.evaluate((e) => e.tagName)) === 'SELECT') await el.selectOption(value);
    else await el.fill(value);
  }
  await page.locator('#report-status').evaluate((e) => e.replaceChildren());
  await page.locator('#run-report').click();
  const bar = page.locator('#report-status fluent-message-bar');
  await bar.waitFor({ timeout: 50_000 });
  return { intent: (await bar.getAttribute('intent')) ?? '', text: (await bar.textContent()) ?? '' };
}

async function screenshots(name: string, sheetName?: string): Promise<void> {
  await page.screenshot({ path: path.join(OUTPUT, `reports-pane-${name}.png`), fullPage: true });
  if (!sheetName) return;
  // The sheet as a grid, for a reviewer's eye: values as Excel would format them (roughly).
  const grid = (await workbook((wb, n) => wb.rangeView(n as string, 'A1:Z40'), sheetName))!;
  const shown = (c: CellView) => {
    if (c.formula) return c.formula;
    if (typeof c.value !== 'number') return String(c.value ?? '');
    if (c.numberFormat.includes('%')) return `${(c.value * 100).toFixed(1)}%`;
    if (c.numberFormat === 'yyyy-mm-dd') return new Date(Date.UTC(1899, 11, 30) + c.value * 86_400_000).toISOString().slice(0, 10);
    if (c.numberFormat.startsWith('#,##0.00')) return c.value.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    return String(c.value);
  };
  const html = `<table style="border-collapse:collapse;font:11px Calibri,sans-serif">${grid
    .map((row, r) => `<tr><th style="color:#888">${r + 1}</th>${row.map((c) => `<td style="border:1px solid #ddd;padding:1px 4px;white-space:nowrap;${c.fill ? `background:${c.fill};` : ''}${c.font?.bold ? 'font-weight:bold;' : ''}${c.kind === 'formula' ? 'color:#0b5394;' : ''}">${shown(c).replace(/</g, '&lt;')}</td>`).join('')}</tr>`)
    .join('')}</table>`;
  const view = await addin.context.newPage();
  await view.setViewportSize({ width: 1800, height: 900 });
  await view.setContent(html);
  await view.screenshot({ path: path.join(OUTPUT, `reports-sheet-${name}.png`), fullPage: true });
  await view.close();
}

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  dataDate = (await api<{ dataDate: string }>('/api/v1/me')).dataDate;
  await importRows(
    'customers',
    Object.entries(FORMULA_LIKE).map(([id, name], i) => ({
      customer_id: id,
      name,
      vertical: i === 0 ? FORMULA_VERTICAL : 'Retail',
      region: i === 0 ? '+cmd' : 'EMEA',
      collector: i === 0 ? '-x' : '@x',
      currency: 'USD',
      credit_limit: i === 0 ? '1000.00' : '50000.00',
      payment_terms_days: '30',
    })),
  );
  const invoice = (customer: string, n: number, age: number) => {
    const docDate = addDays(dataDate, -age);
    return { doc_type: 'INV', doc_no: `FXI-${customer}-${n}`, customer_id: customer, doc_date: docDate, due_date: addDays(docDate, 30), amount: `${100 + (n % 50)}.${String(n % 100).padStart(2, '0')}`, currency: 'USD', fx_rate: '', applies_to: '', reference: n % 2 ? FORMULA_REFERENCE : `PO ${n}` };
  };
  await importRows('ledger', [
    ...Array.from({ length: EXTRA_INVOICES }, (_, n) => invoice('FX-HYPER', n, n % 180)),
    ...Object.keys(FORMULA_LIKE).slice(1).map((id, n) => invoice(id, n, 20 + 40 * n)),
  ]);
  browser = await launchChromium();
  addin = await openAddinPage(browser, serverUrl, { viewport: { width: 360, height: 900 } });
  await addin.context.addInitScript({ content: excelWorkbookStandInScript() });
  page = addin.page;
  await page.goto(`${serverUrl}/taskpane.html`);
  await page.waitForSelector('body[data-ready="true"]');
  await page.locator('#api-token').fill(token);
  await page.locator('#test-connection').click();
  await page.locator('[data-field="name"]').waitFor();
  await page.locator('#tab-reports').click();
  // The pane fills in the ledger's data date once it has asked the server.
  await page.waitForFunction((date) => (document.getElementById('report-as-of') as HTMLInputElement | null)?.value === date, dataDate);
}, 120_000);

afterAll(async () => {
  await addin?.close();
  await browser?.close();
});

/** Every written cell from the ledger that looks like a formula is text, exactly as in the ledger. */
function expectText(cell: CellView | undefined, expected: string) {
  expect(cell, expected).toBeDefined();
  expect({ value: cell!.value, kind: cell!.kind, numberFormat: cell!.numberFormat }).toEqual({ value: expected, kind: 'text', numberFormat: '@' });
}

describe('Reports pane', () => {
  it('offers the reports, as of the ledger data date, with no errors', async () => {
    // The last two: cash-in forecast and insights (issue 12, forecast-reports.test.ts).
    expect(await page.locator('#report-kind option').allTextContents()).toEqual(['AR Ageing', 'DSO dashboard', 'Open items', 'MIS summary', 'Cash-in forecast', 'Insights']);
    expect(await page.locator('#report-as-of').inputValue()).toBe(dataDate);
    expect(addin.errors).toEqual([]);
    expect(addin.offOrigin).toEqual([]);
  });

  it('writes AR Ageing by customer: the /ageing figures, limits, scores and grades, totals, the check line, highlight, chart, frozen header', async () => {
    const result = await runReport('ageing', { '#report-group-by': 'customer', '#report-basis': 'due', '#report-buckets': '30,60,90,120' });
    expect(result.intent, result.text).toBe('success');
    const ageing = await api<Ageing>(`/api/v1/ageing?asOf=${dataDate}&groupBy=customer`);
    const byVertical = await api<Ageing>(`/api/v1/ageing?asOf=${dataDate}&groupBy=vertical`);
    const customers = new Map((await api<{ items: { customer_id: string; vertical: string; region: string; collector: string; credit_limit: number }[] }>('/api/v1/customers')).items.map((c) => [c.customer_id, c]));
    const batch = await api<Batch>('/api/v1/functions/batch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ calls: ageing.rows.flatMap((r) => [{ fn: 'HEADROOM', args: [r.key, dataDate] }, { fn: 'CREDITSCORE', args: [r.key, dataDate] }]) }),
    });

    expect(await names()).toEqual(['Sheet1', 'AR Ageing']);
    expect(await workbook((wb) => wb.activeSheet())).toBe('AR Ageing');
    const head = await headerBlock('AR Ageing');
    expect(Object.fromEntries([...head].map(([k, c]) => [k, c.formula ?? c.value]))).toMatchObject({
      Report: 'AR Ageing',
      'As of': dataDate,
      Basis: 'Due date',
      'Bucket set': '30,60,90,120',
      'Group by': 'Customer',
      Currency: 'USD',
      'Data version': ageing.dataVersion,
      Status: 'Complete',
      'Ledger balance': ageing.check.ledgerBalance,
      Difference: 0,
    });
    expect(head.get('Generated')?.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC$/);

    const t = (await table('ARAgeing'))!;
    const buckets = ageing.buckets.map((b) => b.label);
    const headers = ['Customer ID', 'Customer', 'Vertical', 'Region', 'Collector', 'Credit limit', 'Headroom', 'Score', 'Grade', ...buckets, 'Unapplied', 'Total', '% over 90'];
    expect(t.header.map((c) => c.value)).toEqual(headers);
    expect(t.header.every((c) => c.kind === 'text')).toBe(true);
    expect(t.body).toHaveLength(ageing.rows.length);
    const col = (h: string) => headers.indexOf(h);
    ageing.rows.forEach((r, i) => {
      const row = t.body[i]!;
      const c = customers.get(r.key)!;
      expectText(row[col('Customer ID')], r.key);
      expectText(row[col('Customer')], r.name);
      expectText(row[col('Vertical')], c.vertical);
      expectText(row[col('Region')], c.region);
      expectText(row[col('Collector')], c.collector);
      expect(row[col('Credit limit')]!.value).toBe(c.credit_limit);
      const headroom = batch.results[2 * i] as { value: number };
      const score = batch.results[2 * i + 1] as { value: number };
      expect(row[col('Headroom')]!.value).toBe(headroom.value);
      expect(row[col('Score')]!.value).toBe(score.value);
      expect(row[col('Grade')]!.value).toBe(gradeFor(score.value));
      expect(buckets.map((b) => row[col(b)]!.value)).toEqual(r.amounts);
      expect(row[col('Unapplied')]!.value).toBe(r.unapplied);
      expect(row[col('Total')]!.value).toBe(r.total);
      expect(row[col('Total')]!.numberFormat).toBe('#,##0.00;[Red]-#,##0.00');
    });
    // The formula-looking names, ids and group names were taken as text.
    for (const [id, name] of Object.entries(FORMULA_LIKE)) {
      const row = t.body.find((r) => r[0]!.value === id);
      expect(row, id).toBeDefined();
      expectText(row![col('Customer')], name);
    }
    expectText(t.body.find((r) => r[0]!.value === 'FX-HYPER')![col('Vertical')], FORMULA_VERTICAL);

    // The check line holds: Σ buckets + unapplied of the written rows = the ledger balance.
    const written = t.body.reduce((s, r) => s + [...buckets, 'Unapplied'].reduce((u, h) => u + cents(r[col(h)]!.value), 0), 0);
    expect(written).toBe(cents(ageing.check.ledgerBalance));
    const checkLine = (await workbook((wb) => wb.cell('AR Ageing', 'A4')))!;
    expect(checkLine.value).toMatch(/^✓ Check: Σ buckets \+ unapplied = ledger balance/);
    expect(checkLine.value).toContain(ageing.check.ledgerBalance.toLocaleString('en-US', { minimumFractionDigits: 2 }));
    const last = t.firstBodyRow + t.body.length - 1;
    expect(head.get('Balanced (live)')).toMatchObject({ kind: 'formula', formula: `=ROUND(SUM(Q${t.firstBodyRow}:Q${last})-I3,2)=0`, numberFormat: 'General' });
    expect((await workbook((wb) => wb.cell('AR Ageing', 'I2')))!.value).toBe('Ledger balance');
    // Totals row: our SUBTOTALs over the body; they add up to the API's totals.
    expect(t.totals![0]!.value).toBe('Total');
    expect(t.totals![col('Total')]!.formula).toBe(`=SUBTOTAL(109,Q${t.firstBodyRow}:Q${last})`);
    expect(t.totals![col('% over 90')]!.formula).toMatch(/^=IFERROR\(\(N\d+\+O\d+\)\/\(J\d+\+K\d+\+L\d+\+M\d+\+N\d+\+O\d+\),""\)$/);
    expect(t.body.reduce((s, r) => s + cents(r[col('Total')]!.value), 0)).toBe(cents(ageing.totals.total));

    const view = (await sheet('AR Ageing'))!;
    expect(view.freezeRows).toBe(6);
    expect(view.tables).toEqual([{ name: 'ARAgeing', address: `A6:R${last + 1}`, style: 'TableStyleMedium2', showTotals: true, hasHeaders: true }]);
    expect(view.conditionalFormats).toEqual([{ type: 'Custom', address: `A7:R${last}`, formula: '=$G7<0', fill: '#FDE7E9', fontColor: '#A4262C' }]);
    // FX-HYPER is over its 1,000.00 limit: the rule would highlight exactly the rows with negative headroom.
    expect(t.body.find((r) => r[0]!.value === 'FX-HYPER')![col('Headroom')]!.value).toBeLessThan(0);
    expect(Object.keys(view.columnWidths).length).toBeGreaterThanOrEqual(headers.length);
    expect(view.charts).toHaveLength(1);
    expect(view.charts[0]).toMatchObject({ name: 'AgeingByVertical', type: 'ColumnStacked', seriesBy: 'Columns', title: 'Ageing by vertical (USD)' });
    const source = (await workbook((wb, a) => wb.rangeView('AR Ageing', a as string), view.charts[0]!.source))!;
    expect(source[0]!.map((c) => c.value)).toEqual(['Vertical', ...buckets]);
    expect(source.slice(1).map((r) => r.map((c) => c.value))).toEqual(byVertical.rows.map((r) => [r.name, ...r.amounts]));
    expect(source.slice(1).every((r) => r[0]!.kind === 'text')).toBe(true);
    await screenshots('ageing', 'AR Ageing');
  });

  it('re-running replaces the sheet and its table (grouped by vertical), never stacking copies', async () => {
    const result = await runReport('ageing', { '#report-group-by': 'vertical' });
    expect(result.intent, result.text).toBe('success');
    expect(await names()).toEqual(['Sheet1', 'AR Ageing']);
    const view = (await sheet('AR Ageing'))!;
    expect(view.tables.map((t) => t.name)).toEqual(['ARAgeing']);
    expect(view.charts).toHaveLength(1);
    const ageing = await api<Ageing>(`/api/v1/ageing?asOf=${dataDate}&groupBy=vertical`);
    const t = (await table('ARAgeing'))!;
    expect(t.header.map((c) => c.value)).toEqual(['Vertical', ...ageing.buckets.map((b) => b.label), 'Unapplied', 'Total', '% over 90', 'Credit limit', 'Headroom']);
    expect(t.body.map((r) => [r[0]!.value, r[ageing.buckets.length + 2]!.value])).toEqual(ageing.rows.map((r) => [r.name, r.total]));
    expectText(t.body.find((r) => r[0]!.value === FORMULA_VERTICAL)?.[0], FORMULA_VERTICAL);
    expect((await headerBlock('AR Ageing')).get('Group by')?.value).toBe('Vertical');
  });

  it('writes the DSO dashboard: 12 period ends by vertical and company total, equal to /dso and /cei, with a DSO/BPDSO line chart', async () => {
    const result = await runReport('dso', { '#report-method': 'countback' });
    expect(result.intent, result.text).toBe('success');
    const t = (await table('DSODashboard'))!;
    expect(t.header.map((c) => c.value)).toEqual(['Period end', 'Vertical', 'AR', 'Not yet due', 'Sales behind DSO', 'DSO', 'BPDSO', 'ADD', 'CEI %', 'Note']);
    const ends = [...new Set(t.body.map((r) => r[0]!.value as number))];
    expect(ends).toHaveLength(12);
    expect(ends.at(-1)).toBe(isoToExcelSerial(dataDate));
    type Line = { key: string; name: string; ar: number; dso: number | null; bpdso: number | null; add: number | null; cei?: number | null };
    const expected: unknown[][] = [];
    const chartRows: unknown[][] = [];
    for (const serial of ends) {
      const end = new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
      const dso = await api<{ rows: Line[]; totals: Line }>(`/api/v1/dso?asOf=${end}&groupBy=vertical`);
      const cei = await api<{ rows: Line[]; totals: Line }>(`/api/v1/cei?asOf=${end}&months=1&groupBy=vertical`);
      const ceiOf = new Map([...cei.rows, cei.totals].map((l) => [l.key, l.cei ?? null]));
      for (const l of [...dso.rows.sort((a, b) => a.name.localeCompare(b.name)), dso.totals]) {
        expected.push([serial, l === dso.totals ? 'Company total' : l.name, l.ar, l.dso ?? '', l.bpdso ?? '', l.add ?? '', ceiOf.get(l.key) ?? '']);
      }
      chartRows.push([end, dso.totals.dso ?? '', dso.totals.bpdso ?? '']);
    }
    expect(t.body.map((r) => [0, 1, 2, 5, 6, 7, 8].map((i) => r[i]!.value))).toEqual(expected);
    expectText(t.body.find((r) => r[1]!.value === FORMULA_VERTICAL)?.[1], FORMULA_VERTICAL);
    const view = (await sheet('DSO Dashboard'))!;
    expect(view.freezeRows).toBe(6);
    expect(view.charts).toHaveLength(1);
    expect(view.charts[0]).toMatchObject({ name: 'DsoTrend', type: 'Line', title: 'Company DSO and BPDSO (days)' });
    const source = (await workbook((wb, a) => wb.rangeView('DSO Dashboard', a as string), view.charts[0]!.source))!;
    // No targets exist yet: two series, no "DSO target".
    expect(source[0]!.map((c) => c.value)).toEqual(['Period end', 'DSO', 'BPDSO']);
    expect(source.slice(1).map((r) => r.map((c) => c.value))).toEqual(chartRows);
    expect((await workbook((wb) => wb.cell('DSO Dashboard', 'A4')))!.value).toMatch(/No DSO targets/);
    await screenshots('dso', 'DSO Dashboard');
  });

  it('writes every open item in chunks of at most 5,000 cells, one sync each, with days past due and bucket; formula-looking text stays text', async () => {
    const items: { customer_id: string; doc_no: string; days: number; outstanding: number; reference: string; due_date: string }[] = [];
    for (let offset: number | null = 0; offset !== null; ) {
      const page_: { items: typeof items; next: number | null } = await api(`/api/v1/open-items?asOf=${dataDate}&limit=10000&offset=${offset}`);
      items.push(...page_.items);
      offset = page_.next;
    }
    const logFrom = await workbook((wb) => wb.log.length);
    const result = await runReport('open-items', { '#report-basis': 'due', '#report-buckets': '30,60,90,120', '#report-customer': '' });
    expect(result.intent, result.text).toBe('success');
    const t = (await table('OpenItems'))!;
    expect(t.header.map((c) => c.value)).toEqual(['Customer ID', 'Customer', 'Type', 'Document', 'Document date', 'Due date', 'Days past due', 'Bucket', 'Doc currency', 'Amount (doc currency)', 'Amount (USD)', 'Outstanding (USD)', 'Reference']);
    expect(t.body).toHaveLength(items.length);
    const bucketOf = (d: number) => (d <= 0 ? 'Current' : d <= 30 ? '1-30' : d <= 60 ? '31-60' : d <= 90 ? '61-90' : d <= 120 ? '91-120' : '121+');
    expect(t.body.map((r) => [r[0]!.value, r[3]!.value, r[5]!.value, r[6]!.value, r[7]!.value, r[11]!.value])).toEqual(
      items.map((i) => [i.customer_id, i.doc_no, isoToExcelSerial(i.due_date), i.days, bucketOf(i.days), i.outstanding]),
    );
    expect(t.body[0]![4]!.numberFormat).toBe('yyyy-mm-dd');
    for (const [id, name] of Object.entries(FORMULA_LIKE)) expectText(t.body.find((r) => r[0]!.value === id)?.[1], name);
    expectText(t.body.find((r) => r[0]!.value === '0042')?.[0], '0042');
    expect(t.body.filter((r) => r[12]!.value === FORMULA_REFERENCE).every((r) => r[12]!.kind === 'text')).toBe(true);
    expect(t.body.some((r) => r[12]!.value === FORMULA_REFERENCE)).toBe(true);
    expect((await workbook((wb) => wb.cell('Open Items', 'A4')))!.value).toMatch(/^✓ Check: Σ outstanding of [\d,]+ open items = Σ ageing buckets/);

    // Chunking: the body went in writes of at most 5,000 cells (384 rows of 13 columns), each its own sync.
    const log = (await workbook((wb, from) => wb.log.slice(from as number), logFrom)) as LogEntry[];
    const isBody = (op: LogEntry['ops'][number]) => op.sheet === 'Open Items (building)' && op.op === 'values' && Number(/^A(\d+):M\d+$/.exec(op.address)?.[1] ?? 0) >= 7;
    const bodyWrites = log.flatMap((entry) => entry.ops.filter(isBody).map((op) => ({ ...op, sync: entry.sync })));
    const rowsPerChunk = Math.floor(5000 / 13);
    expect(items.length).toBeGreaterThan(2 * rowsPerChunk);
    expect(bodyWrites).toHaveLength(Math.ceil(items.length / rowsPerChunk));
    expect(Math.max(...bodyWrites.map((w) => w.cells))).toBeLessThanOrEqual(5000);
    expect(new Set(bodyWrites.map((w) => w.sync)).size).toBe(bodyWrites.length);
    expect(bodyWrites.reduce((s, w) => s + w.cells, 0)).toBe(items.length * 13);
    expect(Math.max(...log.map((e) => e.bytes))).toBeLessThan(1_500_000);
    expect(result.text).toContain(`${bodyWrites.length} chunks`);
    await screenshots('open-items', 'Open Items');
  });

  it('writes the MIS summary: 12 months of billing, unbilled, debtors and provision equal to /mis, with a chart', async () => {
    const result = await runReport('mis');
    expect(result.intent, result.text).toBe('success');
    const mis = await api<{ months: { month: string; end: string; billed: number; creditNotes: number; unbilled: number; debtors: number; provision: number }[]; rollRates: MisRollRates }>(`/api/v1/mis?asOf=${dataDate}&months=12`);
    // The roll rates of the last whole month, one readable line in the header block.
    const roll = (await headerBlock('MIS Summary')).get(`Roll rates ${mis.rollRates.from} to ${mis.rollRates.to}`);
    expect(roll?.value).toBe(rollRatesText(mis.rollRates));
    expect(mis.rollRates.buckets.length).toBeGreaterThan(1);
    const first = mis.rollRates.buckets[0]!;
    expect(String(roll?.value)).toContain(`${first.bucket}: ${first.percent.rolledForward.toFixed(1)} % rolled forward, ${first.percent.collected.toFixed(1)} % collected`);
    const t = (await table('MISSummary'))!;
    expect(t.header.map((c) => c.value)).toEqual(['Month', 'Month end', 'Billed (invoices)', 'Credit notes', 'Net billed', 'Unbilled', 'Debtors', 'ECL provision', 'Debtors net of provision']);
    expect(t.body.map((r) => [0, 1, 2, 3, 5, 6, 7].map((i) => r[i]!.value))).toEqual(mis.months.map((m) => [m.month, isoToExcelSerial(m.end), m.billed, m.creditNotes, m.unbilled, m.debtors, m.provision]));
    expect(t.body.map((r) => cents(r[4]!.value))).toEqual(mis.months.map((m) => cents(m.billed) - cents(m.creditNotes)));
    expect(t.body.every((r) => r[0]!.kind === 'text')).toBe(true);
    const view = (await sheet('MIS Summary'))!;
    expect(view.charts.map((c) => [c.name, c.type])).toEqual([['MisTrend', 'ColumnClustered']]);
    expect(t.totals!.map((c) => c.formula ?? c.value).slice(0, 6)).toEqual(['Total', '', `=SUBTOTAL(109,C7:C18)`, `=SUBTOTAL(109,D7:D18)`, `=SUBTOTAL(109,E7:E18)`, `=SUBTOTAL(109,F7:F18)`]);
    await screenshots('mis', 'MIS Summary');
  });

  it('a chunk that fails leaves a clear message and the previous sheet as it was, with no half-written sheet', async () => {
    const before = (await headerBlock('Open Items')).get('Generated')?.value;
    const beforeRows = (await table('OpenItems'))!.body.length;
    // The staging sheet gets its header block in one sync, then a sync per chunk: fail the 2nd chunk.
    await workbook((wb) => {
      wb.failOnWrite = { sheet: 'Open Items (building)', nth: 3 };
      wb.failWith = { code: 'RequestPayloadSizeLimitExceeded', message: 'The request payload size has exceeded the limit' };
    });
    const result = await runReport('open-items');
    expect(result.intent).toBe('error');
    expect(result.text).toMatch(/^Writing rows 385 to [\d,]+ failed: The request payload size has exceeded the limit \(RequestPayloadSizeLimitExceeded\)\. Nothing was replaced: "Open Items" is as it was\.$/);
    expect(await names()).not.toContain('Open Items (building)');
    expect((await headerBlock('Open Items')).get('Generated')?.value).toBe(before);
    expect((await headerBlock('Open Items')).get('Status')?.value).toBe('Complete');
    expect((await table('OpenItems'))!.body).toHaveLength(beforeRows);
    await screenshots('failed');
  });

  it('Cancel stops between chunks and leaves the previous sheet as it was', async () => {
    const before = (await headerBlock('Open Items')).get('Generated')?.value;
    await workbook((wb) => {
      wb.syncDelayMs = 400;
    });
    await page.locator('#report-kind').selectOption('open-items');
    await page.locator('#report-status').evaluate((e) => e.replaceChildren());
    await page.locator('#run-report').click();
    await expect.poll(() => page.locator('#report-progress-text').textContent(), { timeout: 30_000 }).toMatch(/^Writing rows: [1-9]/);
    expect(await page.locator('#report-progress').isVisible()).toBe(true);
    await screenshots('writing');
    await page.locator('#cancel-report').click();
    const bar = page.locator('#report-status fluent-message-bar');
    await bar.waitFor();
    expect(await bar.textContent()).toBe('Cancelled. Nothing was replaced: "Open Items" is as it was.');
    await workbook((wb) => {
      wb.syncDelayMs = 0;
    });
    expect(await names()).not.toContain('Open Items (building)');
    expect((await headerBlock('Open Items')).get('Generated')?.value).toBe(before);
    expect(await page.locator('#report-progress').isHidden()).toBe(true);
  });

  it('refuses to replace a sheet of the same name that is not a report', async () => {
    await page.evaluate(() =>
      (window as unknown as { Excel: { run(f: (c: any) => Promise<void>): Promise<void> } }).Excel.run(async (context) => {
        const s = context.workbook.worksheets.getItemOrNullObject('MIS Summary');
        await context.sync();
        s.name = 'MIS Summary (mine)';
        context.workbook.worksheets.add('MIS Summary').getRange('A1').values = [['my own notes']];
        await context.sync();
      }),
    );
    const result = await runReport('mis');
    expect(result.intent).toBe('error');
    expect(result.text).toBe('This workbook already has a sheet named "MIS Summary" that is not an AR Ledger report. Rename that sheet, then run the report again.');
    expect((await workbook((wb) => wb.cell('MIS Summary', 'A1')))!.value).toBe('my own notes');
    // Put the report back where it was.
    await page.evaluate(() =>
      (window as unknown as { Excel: { run(f: (c: any) => Promise<void>): Promise<void> } }).Excel.run(async (context) => {
        const mine = context.workbook.worksheets.getItemOrNullObject('MIS Summary');
        const report = context.workbook.worksheets.getItemOrNullObject('MIS Summary (mine)');
        await context.sync();
        mine.delete();
        report.name = 'MIS Summary';
        await context.sync();
      }),
    );
  });

  it('on opening the pane, says which reports are older than the server data, and marks them in their Status cell', async () => {
    const version = (await api<Ageing>(`/api/v1/ageing?asOf=${dataDate}&groupBy=all`)).dataVersion;
    expect(await page.locator('#report-freshness li[data-freshness="current"]').count()).toBeGreaterThan(0);
    await importRows('customers', [{ customer_id: 'FX-LATE', name: 'Late Arrival Ltd', vertical: 'Retail', region: 'EMEA', collector: 'Ana', currency: 'USD', credit_limit: '1.00', payment_terms_days: '30' }]);
    await page.locator('#tab-connect').click();
    await page.locator('#tab-reports').click();
    const stale = page.locator('#report-freshness li[data-freshness="stale"]');
    await expect.poll(() => stale.count()).toBe(4);
    expect(await stale.first().textContent()).toMatch(new RegExp(`data version ${version}\\. Out of date: the server's data is now version ${version + 1}\\.`));
    const status = (await headerBlock('AR Ageing')).get('Status');
    expect(status?.value).toMatch(new RegExp(`^Out of date: the server's data is now version ${version + 1} \\(checked \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} UTC\\)$`));
    expect((await headerBlock('AR Ageing')).get('Data version')?.value).toBe(version);
    await screenshots('stale');
    expect(addin.errors).toEqual([]);
    expect(addin.offOrigin).toEqual([]);
  });
});
