// The built functions.js in Chromium against the real Worker and its demo data, called as Excel calls
// custom functions (arguments padded with null, then an invocation object): 10,000 cells at once
// resolve in a handful of requests and agree with the API's other endpoints; a server that is down or
// silent leaves no cell waiting.
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoToExcelSerial } from '../../../shared/dates';
import { launchChromium, openAddinPage, type AddinPage } from './browser';

const serverUrl = inject('serverUrl');
const token = inject('demoTokens').analyst ?? '';
const BATCH_URL = `${serverUrl}/api/v1/functions/batch`;
const TIMEOUT_MS = 15_000;

type Arg = string | number | null;
type Cell = { value: unknown } | { error: { code: string; message: string; excelError: boolean } };
type StandIn = { __officeStandIn: { invoke(id: string, args: Arg[], options?: { preview?: boolean }): Promise<Cell>; calls: string[] } };

let browser: Browser;
/** Parameter counts from the built functions.json: Excel passes every parameter, omitted ones as null. */
let arity: Map<string, number>;
let dataDate: string;
const opened: AddinPage[] = [];

async function api<T>(path: string): Promise<T> {
  const res = await fetch(`${serverUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

beforeAll(async () => {
  browser = await launchChromium();
  const metadata = await (await fetch(`${serverUrl}/functions.json`)).json() as { functions: { id: string; parameters: unknown[] }[] };
  arity = new Map(metadata.functions.map((f) => [f.id, f.parameters.length]));
  dataDate = (await api<{ dataDate: string }>('/api/v1/me')).dataDate;
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

/** functions.html (or the task pane) signed in: the token and server URL where the Connect pane keeps them. */
async function openSignedIn(pageName = 'functions.html'): Promise<AddinPage> {
  const addin = await openAddinPage(browser, serverUrl, { storage: { 'ar.token': token, 'ar.serverUrl': serverUrl } });
  opened.push(addin);
  await addin.page.goto(`${serverUrl}/${pageName}`);
  await addin.page.waitForLoadState('load');
  return addin;
}

/** Counts batch requests the page sends. */
function countBatches(page: Page): { count: number } {
  const counter = { count: 0 };
  page.on('request', (request) => {
    if (request.url() === BATCH_URL && request.method() === 'POST') counter.count++;
  });
  return counter;
}

/** Invokes all cells at once in the page, as Excel does in one recalculation; answers in order, and the time. */
async function invokeAll(page: Page, cells: [string, Arg[]][]): Promise<{ results: Cell[]; ms: number }> {
  const padded = cells.map(([id, args]) => [id, [...args, ...Array(Math.max(0, (arity.get(id) ?? 0) - args.length)).fill(null)]] as const);
  return page.evaluate(async (list) => {
    const standIn = (window as unknown as StandIn).__officeStandIn;
    const started = performance.now();
    const results = await Promise.all(list.map(([id, args]) => standIn.invoke(id, args)));
    return { results, ms: performance.now() - started };
  }, padded as unknown as [string, Arg[]][]);
}

const isValue = (cell: Cell | undefined): cell is { value: unknown } => !!cell && 'value' in cell;

describe('custom functions on the batch endpoint', () => {
  it('10,000 cells at once resolve in at most 10 requests, with the figures the other endpoints give', async () => {
    const { page, errors, offOrigin } = await openSignedIn();
    const list = await invokeAll(page, [['CUSTOMERS', []]]);
    const customers = (list.results[0] as { value: string[][] }).value;
    expect(customers.length).toBeGreaterThan(5);
    const ids = customers.map((c) => c[0]!);
    const verticals = [...new Set(customers.map((c) => c[2]!))];
    const groups = [...verticals.map((v) => `vertical:${v}`), ...[...new Set(customers.map((c) => c[3]!))].map((r) => `region:${r}`), ...[...new Set(customers.map((c) => c[4]!))].map((c) => `collector:${c}`), '*'];

    // A sheet: per customer and date, the figures a credit controller lays out; per group, DSO and CEI.
    const monthEnd = (back: number) => {
      const d = new Date(`${dataDate.slice(0, 7)}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() - back + 1, 0);
      return d.toISOString().slice(0, 10);
    };
    const dates: Arg[] = [null, isoToExcelSerial(monthEnd(1)), monthEnd(2)];
    const perCustomer = (id: string, asOf: Arg): [string, Arg[]][] => [
      ['BALANCE', [id, asOf]],
      ['AGEING', [id, 'total', asOf]],
      ['AGEING', [id, 'Current', asOf]],
      ['AGEING', [id, '61-90', asOf]],
      ['AGEING', [id, null, asOf]],
      ['OVERDUE', [id, asOf]],
      ['OVERDUE', [id, asOf, 31]],
      ['EXPOSURE', [id, asOf]],
      ['HEADROOM', [id, asOf]],
      ['CREDITLIMIT', [id]],
      ['CREDITSCORE', [id, asOf]],
      ['PAYINDEX', [id, asOf]],
      ['DSO', [id, null, asOf]],
      ['SCOREDETAIL', [id, asOf]],
    ];
    const perGroup = (scope: string, asOf: Arg): [string, Arg[]][] => [
      ['DSO', [scope, null, asOf]],
      ['DSO', [scope, 'standard', asOf, 60]],
      ['DSO', [scope, 'bpdso', asOf]],
      ['DSO', [scope, 'add', asOf]],
      ['CEI', [scope, 3, asOf]],
      ['BALANCE', [scope, asOf]],
      ['AGEING', [scope, null, asOf, 'document', '30,60']],
    ];
    const sheet: [string, Arg[]][] = [
      ...ids.flatMap((id) => dates.flatMap((d) => perCustomer(id, d))),
      ...groups.flatMap((g) => dates.flatMap((d) => perGroup(g, d))),
    ];
    // A real sheet repeats itself (totals, lookups): fill 10,000 cells by going round again.
    const cells = Array.from({ length: 10_000 }, (_, i) => sheet[i % sheet.length]!);
    const batches = countBatches(page);
    const { results, ms } = await invokeAll(page, cells);

    expect(results).toHaveLength(10_000);
    expect(batches.count).toBeGreaterThanOrEqual(1);
    expect(batches.count).toBeLessThanOrEqual(10);
    const failed = results.filter((r) => !isValue(r)) as Extract<Cell, { error: unknown }>[];
    const reasons = [...new Set(failed.map((f) => f.error.message))];
    console.log(`10,000 cells (${sheet.length} distinct) in ${Math.round(ms)} ms, ${batches.count} request(s); ${failed.length} #N/A: ${reasons.slice(0, 4).join(' | ')}`);
    for (const f of failed) {
      // Only "no figure" (#N/A with a reason, e.g. no sales in the period), as an Excel error.
      expect(f.error).toMatchObject({ code: '#N/A', excelError: true });
      expect(f.error.message).not.toBe('');
    }
    expect(failed.length, reasons.slice(0, 5).join(' | ')).toBeLessThan(results.length / 4);

    // The same figures by the API's other endpoints.
    const answer = (id: string, args: Arg[]) => results[cells.findIndex(([i, a]) => i === id && JSON.stringify(a) === JSON.stringify(args))];
    for (const id of ids.slice(0, 6)) {
      const m = await api<{ balance: number; exposure: number; headroom: number; creditLimit: number; score: number }>(`/api/v1/customers/${id}/metrics`);
      expect(answer('BALANCE', [id, null]), `BALANCE ${id}`).toEqual({ value: m.balance });
      expect(answer('EXPOSURE', [id, null]), `EXPOSURE ${id}`).toEqual({ value: m.exposure });
      expect(answer('HEADROOM', [id, null]), `HEADROOM ${id}`).toEqual({ value: m.headroom });
      expect(answer('CREDITLIMIT', [id]), `CREDITLIMIT ${id}`).toEqual({ value: m.creditLimit });
      expect(answer('CREDITSCORE', [id, null]), `CREDITSCORE ${id}`).toEqual({ value: m.score });
      const aged = await api<{ totals: { amounts: number[]; unapplied: number; total: number } }>(`/api/v1/ageing?scope=${encodeURIComponent(id)}`);
      expect(answer('AGEING', [id, 'total', null]), `AGEING total ${id}`).toEqual({ value: [[aged.totals.total]] });
      expect(answer('AGEING', [id, null, null]), `AGEING row ${id}`).toEqual({ value: [[...aged.totals.amounts, aged.totals.unapplied, aged.totals.total]] });
    }
    const dso = await api<{ rows: { key: string; dso: number | null }[] }>('/api/v1/dso?groupBy=vertical');
    for (const v of verticals) {
      const row = dso.rows.find((r) => r.key === v);
      const cell = answer('DSO', [`vertical:${v}`, null, null]);
      if (row?.dso === null || row === undefined) expect(cell, `DSO vertical:${v}`).toMatchObject({ error: { code: '#N/A' } });
      else expect(cell, `DSO vertical:${v}`).toEqual({ value: row.dso });
    }
    const asOf = monthEnd(2);
    const agedThen = await api<{ rows: { key: string; total: number }[] }>(`/api/v1/ageing?groupBy=region&asOf=${asOf}`);
    for (const row of agedThen.rows) expect(answer('BALANCE', [`region:${row.key}`, asOf]), `BALANCE region:${row.key} ${asOf}`).toEqual({ value: row.total });

    // Asked again (a recalculation), every answer comes from the cache: no request.
    const again = await invokeAll(page, cells.slice(0, 2_000));
    expect(again.results).toEqual(results.slice(0, 2_000));
    expect(batches.count).toBeLessThanOrEqual(10);
    expect(errors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });

  it('a malformed argument is #VALUE! naming it, without a request; a typing preview sends nothing', async () => {
    const { page } = await openSignedIn();
    const batches = countBatches(page);
    const { results } = await invokeAll(page, [
      ['BALANCE', ['team:North']],
      ['AGEING', ['C00001', '60-90']],
      ['DSO', ['*', null, 60]],
    ]);
    expect(results.map((r) => !isValue(r) && [r.error.code, r.error.message.split(':')[0]])).toEqual([
      ['#VALUE!', 'scope'],
      ['#VALUE!', 'bucket'],
      ['#VALUE!', 'asOf'],
    ]);
    const preview = await page.evaluate(() => (window as unknown as StandIn).__officeStandIn.invoke('BALANCE', ['C00001', null], { preview: true }));
    expect(preview).toEqual({ value: 0 });
    expect(batches.count).toBe(0);
  });

  it('an unknown customer is #N/A saying so', async () => {
    const { page } = await openSignedIn();
    const { results } = await invokeAll(page, [['BALANCE', ['NO-SUCH-CUSTOMER']]]);
    expect(results[0]).toMatchObject({ error: { code: '#N/A', message: expect.stringContaining('NO-SUCH-CUSTOMER') } });
  });

  it('not signed in: #N/A asking to sign in from the task pane', async () => {
    const addin = await openAddinPage(browser, serverUrl);
    opened.push(addin);
    await addin.page.goto(`${serverUrl}/functions.html`);
    const { results } = await invokeAll(addin.page, [['BALANCE', ['C00001']]]);
    expect(results[0]).toEqual({ error: { code: '#N/A', message: 'Sign in from the AR task pane.', excelError: true } });
  });
});

describe('when the server is down', () => {
  const cells: [string, Arg[]][] = Array.from({ length: 300 }, (_, i) => ['BALANCE', [`C${String((i % 20) + 1).padStart(5, '0')}`, 46_000 + i]] as [string, Arg[]]);

  it('refused connections: every cell settles at once with #N/A saying the server could not be reached', async () => {
    const { page } = await openSignedIn();
    await page.route(BATCH_URL, (route) => route.abort('connectionrefused'));
    const { results, ms } = await invokeAll(page, cells);
    expect(ms).toBeLessThan(5_000);
    for (const r of results) expect(r).toMatchObject({ error: { code: '#N/A', message: expect.stringContaining('could not be reached'), excelError: true } });
  });

  it('a server that never answers: every cell settles with #N/A when the 15 s timeout passes', async () => {
    const { page } = await openSignedIn();
    await page.route(BATCH_URL, () => {
      // Never answered: the request hangs until the add-in gives up.
    });
    const { results, ms } = await invokeAll(page, cells);
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 100);
    expect(ms).toBeLessThan(TIMEOUT_MS + 3_000);
    for (const r of results) expect(r).toMatchObject({ error: { code: '#N/A', message: expect.stringContaining('no answer in 15 s'), excelError: true } });
  }, 40_000);

  it('cells that had a value keep it, and the Reports pane says cached values are shown; Refresh recalculates', async () => {
    const { page } = await openSignedIn('taskpane.html');
    await page.waitForSelector('body[data-ready="true"]');
    const first = await invokeAll(page, [['BALANCE', ['C00001']], ['CREDITLIMIT', ['C00002']]]);
    expect(first.results.every(isValue)).toBe(true);
    await page.locator('#tab-reports').click();
    await expect.poll(() => page.locator('#functions-status').textContent()).toContain(`AR data as of ${dataDate}`);

    await page.route(BATCH_URL, (route) => route.abort('connectionrefused'));
    await page.locator('#refresh-data').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as StandIn).__officeStandIn.calls.filter((c) => c.startsWith('Excel.calculate')))).toEqual(['Excel.calculate Full']);
    const second = await invokeAll(page, [['BALANCE', ['C00001']], ['CREDITLIMIT', ['C00002']], ['BALANCE', ['C00003']]]);
    expect(second.results.slice(0, 2)).toEqual(first.results);
    expect(second.results[2]).toMatchObject({ error: { code: '#N/A' } });
    await expect.poll(() => page.locator('#functions-warning').textContent()).toMatch(/^Showing cached values in 2 cells: The AR server .* could not be reached/);
    expect(await page.locator('#functions-warning').isVisible()).toBe(true);
  });
});
