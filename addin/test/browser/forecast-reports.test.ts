// The Reports pane's Cash-in forecast and Insights reports in Chromium against the real Worker (demo data),
// writing into the in-memory Excel stand-in; the sheets are compared with GET /forecast and GET /insights.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openAddinPage, type AddinPage } from './browser';
import { excelWorkbookStandInScript } from './office-stand-in';

const serverUrl = inject('serverUrl');
const token = inject('demoTokens').analyst ?? '';

type CellView = { value: unknown; kind: string; formula: string | null };
type TableView = { header: CellView[]; body: CellView[][]; totals: CellView[] | null };
type SheetView = { charts: { name: string; type: string }[] };
interface Workbook {
  tableView(name: string): TableView | null;
  sheetView(name: string): SheetView | null;
}

let browser: Browser;
let addin: AddinPage;
let page: Page;
let dataDate: string;

async function api<T>(pathAndQuery: string): Promise<T> {
  const res = await fetch(`${serverUrl}${pathAndQuery}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = (await res.json()) as T;
  expect(res.status, `${pathAndQuery}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
  return body;
}
const workbook = <T>(fn: (wb: Workbook, arg: unknown) => T, arg?: unknown): Promise<T> =>
  page.evaluate(
    ([source, a]) => {
      const f = new Function('wb', 'arg', `return (${source})(wb, arg);`) as (wb: Workbook, arg: unknown) => T;
      return f((window as unknown as { __excelStandIn: Workbook }).__excelStandIn, a);
    },
    [fn.toString(), arg] as const,
  );
const table = (name: string) => workbook((wb, n) => wb.tableView(n as string), name);
const sheet = (name: string) => workbook((wb, n) => wb.sheetView(n as string), name);
const cents = (x: unknown) => Math.round(Number(x) * 100);

async function runReport(kind: string, options: Record<string, string> = {}): Promise<{ intent: string; text: string }> {
  await page.locator('#report-kind').selectOption(kind);
  for (const [selector, value] of Object.entries(options)) await page.locator(selector).selectOption(value);
  await page.locator('#report-status').evaluate((e) => e.replaceChildren());
  await page.locator('#run-report').click();
  const bar = page.locator('#report-status fluent-message-bar');
  await bar.waitFor({ timeout: 50_000 });
  return { intent: (await bar.getAttribute('intent')) ?? '', text: (await bar.textContent()) ?? '' };
}

beforeAll(async () => {
  dataDate = (await api<{ dataDate: string }>('/api/v1/me')).dataDate;
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
  await page.waitForFunction((date) => (document.getElementById('report-as-of') as HTMLInputElement | null)?.value === date, dataDate);
}, 120_000);

afterAll(async () => {
  await addin?.close();
  await browser?.close();
});

describe('Cash-in forecast and Insights reports', () => {
  it('writes the forecast by vertical: the /forecast figures, totals that reconcile, the past-due line and a chart', async () => {
    const result = await runReport('forecast', { '#report-group-by': 'vertical' });
    expect(result.intent, result.text).toBe('success');
    type Line = { amounts: number[]; beyond: number; unscheduled: number; excluded: number; open: number };
    const f = await api<{ weeks: { start: string }[]; rows: (Line & { key: string })[]; totals: Line }>(`/api/v1/forecast?asOf=${dataDate}&weeks=13&groupBy=vertical`);
    const t = (await table('CashInForecast'))!;
    expect(t.header.map((c) => c.value)).toEqual(['Vertical', ...f.weeks.map((w, i) => `W${i + 1} from ${w.start}`), 'Later', 'Past due, no date', 'Excluded', 'Open balance']);
    expect(t.body.map((r) => r.map((c) => c.value))).toEqual(f.rows.map((r) => [r.key, ...r.amounts, r.beyond, r.unscheduled, r.excluded, r.open]));
    // Every row: Σ weeks + later + past due + excluded = open balance, to the cent.
    for (const r of t.body) expect(r.slice(1, -1).reduce((s, c) => s + cents(c.value), 0)).toBe(cents(r.at(-1)!.value));
    expect(f.totals.unscheduled).toBeGreaterThan(0);
    expect(t.totals![0]!.value).toBe('Total');
    expect((await sheet('Cash-in Forecast'))!.charts.map((c) => [c.name, c.type])).toEqual([['ForecastByWeek', 'ColumnClustered']]);
    expect(addin.errors).toEqual([]);
  });

  it('writes the Insights: movers, concentration, over limit and no history, each with its sentence from /insights', async () => {
    const result = await runReport('insights');
    expect(result.intent, result.text).toBe('success');
    const r = await api<{ movers: { customerId: string; sentence: string }[]; gradeMovers: { customerId: string; grade: { before: string; now: string }; sentence: string }[]; concentration: { sentence: string }; overLimit: { sentence: string }[]; withoutHistory: { sentence: string }[] }>(`/api/v1/insights?asOf=${dataDate}&top=10`);
    const t = (await table('Insights'))!;
    expect(t.header.map((c) => c.value)).toEqual(['Insight', 'Customer', 'Name', 'Amount', 'Sentence']);
    const sentences = t.body.map((row) => row[4]!.value);
    expect(sentences).toEqual([...r.movers.map((m) => m.sentence), ...r.gradeMovers.map((g) => g.sentence), r.concentration.sentence, ...r.overLimit.map((o) => o.sentence), ...r.withoutHistory.map((w) => w.sentence)]);
    expect(r.movers.length).toBeGreaterThan(0);
    expect(t.body.filter((row) => String(row[0]!.value).startsWith('Mover')).map((row) => row[1]!.value)).toEqual(r.movers.map((m) => m.customerId));
    expect(t.body.filter((row) => String(row[0]!.value).startsWith('Grade')).map((row) => [row[1]!.value, row[0]!.value])).toEqual(
      r.gradeMovers.map((g) => [g.customerId, expect.stringMatching(new RegExp(`^Grade ${g.grade.before} to ${g.grade.now} \\(`))]),
    );
    expect(addin.errors).toEqual([]);
  });
});
