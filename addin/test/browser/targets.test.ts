// The Targets pane in Chromium against the real Worker, writing into the in-memory Excel workbook: the demo manager
// pulls the targets grid (collectors × months), types targets into it, submits them and reads each row's result
// (new, and one rejected with its reason); the API holds the new versions; the demo analyst's submission is refused;
// "Team performance" writes the sheet with target, actual, % achieved, the ranking and one chart per collector.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openSignedInPane, statusOf, type AddinPage } from './browser';

const serverUrl = inject('serverUrl');
const tokens = inject('demoTokens');

type CellView = { value: unknown; kind: string };
type TableView = { header: CellView[]; body: CellView[][]; firstBodyRow: number };
type Standin = { tableView(n: string): TableView | null; sheetView(n: string): { charts: { name: string; type: string }[] } | null };

async function api<T>(path: string, bearer: string): Promise<T> {
  const res = await fetch(`${serverUrl}/api/v1${path}`, { headers: { Authorization: `Bearer ${bearer}` } });
  const body = (await res.json()) as T;
  expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
  return body;
}

let browser: Browser;
const opened: AddinPage[] = [];

async function openPane(token: string): Promise<AddinPage> {
  const addin = await openSignedInPane(browser, serverUrl, token, 'targets');
  opened.push(addin);
  return addin;
}


const table = (page: Page, name: string) => page.evaluate((n) => (window as unknown as { __excelStandIn: Standin }).__excelStandIn.tableView(n), name);
const charts = (page: Page, sheet: string) => page.evaluate((n) => (window as unknown as { __excelStandIn: Standin }).__excelStandIn.sheetView(n)?.charts ?? [], sheet);

async function typeInto(page: Page, sheet: string, cells: [string, string | number][]): Promise<void> {
  await page.evaluate(async ({ sheet, cells }) => {
    type Ctx = { workbook: { worksheets: { getItem(n: string): { getRange(a: string): { values: unknown[][] } } } }; sync(): Promise<void> };
    await (window as unknown as { Excel: { run(f: (c: Ctx) => Promise<void>): Promise<void> } }).Excel.run(async (ctx) => {
      const s = ctx.workbook.worksheets.getItem(sheet);
      for (const [address, value] of cells) s.getRange(address).values = [[value]];
      await ctx.sync();
    });
  }, { sheet, cells });
}

beforeAll(async () => {
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

describe('Targets pane', () => {
  it('pulls the grid, submits typed targets with per-row results, refuses an analyst, and writes team performance', async () => {
    const manager = await openPane(tokens.manager ?? '');
    const page = manager.page;
    const from = await page.locator('#targets-from').inputValue();
    const to = await page.locator('#targets-to').inputValue();
    await page.locator('#get-targets').click();
    const pulled = await statusOf(page, 'targets-status');
    expect(pulled.intent, pulled.text).toBe('success');

    const grid = await api<{ collectors: string[]; periods: { period: string }[] }>(`/targets?from=${from}&to=${to}`, tokens.viewer ?? '');
    expect(grid.periods).toHaveLength(3);
    const collector = grid.collectors[0]!;
    let view = (await table(page, 'TargetsGrid'))!;
    const headers = view.header.map((c) => String(c.value));
    expect(headers).toEqual(['Collector', 'Metric', ...grid.periods.map((p) => p.period), 'Result']);
    expect(view.body).toHaveLength(4 * (grid.collectors.length + 1));
    const col = (h: string) => headers.indexOf(h);
    const rowOf = (who: string, metric: string) => view.body.findIndex((r) => r[col('Collector')]!.value === who && r[col('Metric')]!.value === metric);
    const cell = (who: string, metric: string, header: string) => `${String.fromCharCode(65 + col(header))}${view.firstBodyRow + rowOf(who, metric)}`;
    const [m0, m1, m2] = grid.periods.map((p) => p.period) as [string, string, string];

    await typeInto(page, 'Targets', [
      [cell(collector, 'collections', m0), 12345.67],
      [cell(collector, 'dso', m1), '42'],
      [cell(collector, 'overdue_over_60', m0), -5],
      [cell('*', 'collections', m2), 100000],
    ]);
    await page.locator('#targets-status').evaluate((e) => e.replaceChildren());
    await page.locator('#submit-targets').click();
    const submitted = await statusOf(page, 'targets-status');
    expect(submitted.text).toMatch(/Submitted 4 targets: 3 new, 0 changed, 0 unchanged, 1 rejected/);
    view = (await table(page, 'TargetsGrid'))!;
    const result = (who: string, metric: string) => String(view.body[rowOf(who, metric)]![col('Result')]!.value);
    expect(result(collector, 'collections')).toBe(`${m0} created (v1)`);
    expect(result(collector, 'dso')).toBe(`${m1} created (v1)`);
    expect(result(collector, 'overdue_over_60')).toMatch(new RegExp(`^${m0} rejected: overdue_over_60 target "-5": give an amount of 0 or more`));
    expect(result('*', 'collections')).toBe(`${m2} created (v1)`);
    expect(view.body[rowOf(collector, 'dso')]![col('Result')]!.kind).toBe('text');

    const stored = await api<{ items: { period: string; collector: string | null; metric: string; value: number; version: number }[] }>(`/targets?from=${from}&to=${to}`, tokens.viewer ?? '');
    expect(stored.items.map((i) => [i.period, i.collector, i.metric, i.value, i.version]).sort()).toEqual(
      [[m0, collector, 'collections', 12345.67, 1], [m1, collector, 'dso', 42, 1], [m2, null, 'collections', 100000, 1]].sort(),
    );

    // Submitting the same sheet again changes nothing.
    await page.locator('#targets-status').evaluate((e) => e.replaceChildren());
    await page.locator('#submit-targets').click();
    expect((await statusOf(page, 'targets-status')).text).toMatch(/3 unchanged, 1 rejected/);

    // An analyst sees the grid but may not set targets.
    const analyst = await openPane(tokens.analyst ?? '');
    await analyst.page.locator('#get-targets').click();
    expect((await statusOf(analyst.page, 'targets-status')).intent).toBe('success');
    await typeInto(analyst.page, 'Targets', [[cell(collector, 'collections', m0), 99]]);
    await analyst.page.locator('#targets-status').evaluate((e) => e.replaceChildren());
    await analyst.page.locator('#submit-targets').click();
    const refused = await statusOf(analyst.page, 'targets-status');
    expect(refused.intent).toBe('error');
    expect(refused.text).toMatch(/analyst role may not call PUT \/api\/v1\/targets/);

    // Team performance for the first month: the sheet agrees with the API, ranks, and a chart per collector.
    await page.locator('#performance-period').fill(m0);
    await page.locator('#team-performance').click();
    const written = await statusOf(page, 'performance-status');
    expect(written.intent, written.text).toBe('success');
    const perf = await api<{ rows: { key: string; metric: string; target: number | null; actual: number | null; achievedPct: number | null }[] }>(`/performance?period=${m0}&groupBy=collector`, tokens.viewer ?? '');
    const sheet = (await table(page, 'TeamPerformance'))!;
    const ph = sheet.header.map((c) => String(c.value));
    expect(ph).toEqual(expect.arrayContaining(['Collector', 'Rank', 'Metric', 'Target', 'Actual', '% achieved', 'Met']));
    expect(sheet.body).toHaveLength(perf.rows.length);
    const line = sheet.body.find((r) => r[ph.indexOf('Collector')]!.value === collector && r[ph.indexOf('Metric')]!.value === 'collections')!;
    const fromApi = perf.rows.find((r) => r.key === collector && r.metric === 'collections')!;
    expect(line[ph.indexOf('Target')]!.value).toBe(12345.67);
    expect(line[ph.indexOf('Actual')]!.value).toBe(fromApi.actual);
    expect(line[ph.indexOf('% achieved')]!.value).toBe(fromApi.achievedPct === null ? '' : fromApi.achievedPct / 100);
    const ranks = sheet.body.map((r) => r[ph.indexOf('Rank')]!.value).filter((v) => v !== '');
    expect(ranks.length).toBeGreaterThan(0);
    expect(ranks).toContain(1);
    expect((await charts(page, 'Team Performance')).map((c) => c.type)).toEqual(grid.collectors.map(() => 'ColumnClustered'));
    expect(manager.errors).toEqual([]);
    // The browser logs the refused PUT as a failed resource load; nothing else may go wrong.
    expect(analyst.errors.filter((e) => !/status of 403/.test(e))).toEqual([]);
  });
});
