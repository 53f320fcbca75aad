// The Collections pane (part A) in Chromium against the real Worker, writing into the in-memory Excel workbook: the
// demo analyst pulls a collector's worklist into the Worklist sheet (rows in the server's order), selects a customer's
// row, logs a call with a next action date (the first attempt gets no answer; the retry carries the same
// Idempotency-Key), records a promise on one of the customer's open invoices after a refused one (above the open
// amount: the 422 shows by field and nothing is stored), writes the disputes register and opens a dispute from the pane.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays } from '../../../shared/dates';
import { launchChromium, openSignedInPane, statusOf, type AddinPage } from './browser';

const serverUrl = inject('serverUrl');
const tokens = inject('demoTokens');

type CellView = { value: unknown; kind: string; numberFormat: string };
type TableView = { header: CellView[]; body: CellView[][]; firstBodyRow: number };
type Standin = { tableView(n: string): TableView | null; select(sheet: string, address: string): void };
type WorkItem = { customerId: string; name: string; collector: string; priority: number; reasons: string[]; overdue: number };

async function api<T>(path: string, bearer = tokens.analyst ?? ''): Promise<T> {
  const res = await fetch(`${serverUrl}/api/v1${path}`, { headers: { Authorization: `Bearer ${bearer}` } });
  const body = (await res.json()) as T;
  expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
  return body;
}

let browser: Browser;
const opened: AddinPage[] = [];
// The server's "today" (UTC): the default day of activities, promises and disputes.
const today = new Date().toISOString().slice(0, 10);

async function openPane(token: string): Promise<AddinPage> {
  const addin = await openSignedInPane(browser, serverUrl, token, 'collections', 1400);
  opened.push(addin);
  return addin;
}

/** Clicks a button and waits for the box's answer (not the "Working…" bar). */
async function press(page: Page, button: string, box: string): Promise<{ intent: string; text: string }> {
  await page.locator(`#${box}`).evaluate((e) => e.replaceChildren());
  await page.locator(`#${button}`).click();
  return statusOf(page, box);
}

const tableOf = (page: Page, name: string) => page.evaluate((n) => (window as unknown as { __excelStandIn: Standin }).__excelStandIn.tableView(n), name);
const select = (page: Page, sheet: string, address: string) => page.evaluate(([s, a]) => (window as unknown as { __excelStandIn: Standin }).__excelStandIn.select(s!, a!), [sheet, address]);
/** Integer cents → "1234.05" (no float arithmetic on the amounts the test sends). */
const decimal = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

beforeAll(async () => {
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

describe('Collections pane', () => {
  it('worklist into a sheet; log a call and record a promise against the selected row; disputes register and a new dispute', async () => {
    const all = await api<{ date: string; items: WorkItem[] }>('/worklist');
    expect(all.items.length, 'the demo ledger has customers to work').toBeGreaterThan(0);
    const collector = all.items.find((i) => i.overdue > 0)!.collector;
    const expected = await api<{ date: string; currency: string; items: WorkItem[] }>(`/worklist?collector=${encodeURIComponent(collector)}`);

    const { page, errors } = await openPane(tokens.analyst ?? '');
    await page.locator('#coll-collector').fill(collector);
    const pulled = await press(page, 'coll-get-worklist', 'coll-worklist-status');
    expect(pulled.intent, pulled.text).toBe('success');
    expect(pulled.text).toContain(`${expected.items.length} customer`);

    let table = (await tableOf(page, 'Worklist'))!;
    const headers = table.header.map((c) => String(c.value));
    const col = (h: string) => headers.indexOf(h);
    expect(headers).toEqual(['Rank', 'Customer ID', 'Customer', 'Collector', 'Priority', 'Why', 'Overdue', 'Disputed', 'Grade', 'Open promises', 'Last activity', 'Next action', 'Next step']);
    expect(table.body.map((r) => r[col('Customer ID')]!.value)).toEqual(expected.items.map((i) => i.customerId));
    expect(table.body.map((r) => r[col('Priority')]!.value)).toEqual(expected.items.map((i) => i.priority));
    expect(table.body.map((r) => r[col('Why')]!.value)).toEqual(expected.items.map((i) => i.reasons.join('; ')));
    expect(table.body.every((r) => r[col('Customer')]!.kind === 'text' && r[col('Why')]!.kind === 'text')).toBe(true);

    // The analyst clicks a cell in the row of a customer with something overdue.
    const index = expected.items.findIndex((i) => i.overdue > 0);
    const target = expected.items[index]!;
    const sheetRow = table.firstBodyRow + index;
    await select(page, 'Worklist', `C${sheetRow}`);
    await page.locator('#coll-use-selection').click();
    await expect.poll(() => page.locator('#coll-customer').inputValue()).toBe(target.customerId);
    expect(await page.locator('#coll-customer-name').textContent()).toBe(target.name);

    // Log a call. The first attempt gets no answer; pressing again resends it with the same Idempotency-Key.
    const keys: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/api/v1/activities')) keys.push(r.headers()['idempotency-key'] ?? '');
    });
    let dropped = 0;
    await page.route('**/api/v1/activities', (route) => (route.request().method() === 'POST' && dropped++ === 0 ? route.abort('internetdisconnected') : route.fallback()));
    const nextAction = addDays(today, 3);
    // Unique per run (the browser tests retry once against the same server).
    const outcome = `spoke to AP, invoice approved (${crypto.randomUUID().slice(0, 8)})`;
    await page.selectOption('#coll-activity-kind', 'call');
    await page.locator('#coll-activity-outcome').fill(outcome);
    await page.locator('#coll-activity-next-action-date').fill(nextAction);
    const lost = await press(page, 'coll-log-activity', 'coll-activity-status');
    expect(lost.intent).toBe('error');
    expect(lost.text).toMatch(/Could not reach .* submit again, unchanged, to retry it safely/);
    const logged = await press(page, 'coll-log-activity', 'coll-activity-status');
    expect(logged.intent, logged.text).toBe('success');
    expect(logged.text).toContain(`next action ${nextAction}`);
    expect(keys).toHaveLength(2);
    expect(keys[1]).toBe(keys[0]);
    expect(keys[0]).toMatch(/^activity-/);
    const activities = await api<{ items: { kind: string; outcome: string; nextActionDate: string; occurredOn: string; createdBy: string }[] }>(`/activities?customer=${encodeURIComponent(target.customerId)}`);
    expect(activities.items.filter((a) => a.outcome === outcome)).toEqual([
      expect.objectContaining({ kind: 'call', nextActionDate: nextAction, occurredOn: today, createdBy: 'demo-analyst' }),
    ]);
    table = (await tableOf(page, 'Worklist'))!;
    expect(table.body[index]![col('Last activity')]).toMatchObject({ value: `${today} call: ${outcome}`, kind: 'text' });
    expect(table.body[index]![col('Next action')]).toMatchObject({ kind: 'number', numberFormat: 'yyyy-mm-dd' });

    // An open invoice of the customer for the promise.
    const account = await api<{ currency: string; items: { docType: string; docNo: string; open: number }[] }>(`/reconciliations/account?customer=${encodeURIComponent(target.customerId)}&asOf=${expected.date}`);
    const invoices = account.items.filter((i) => i.docType === 'INV' && i.open > 0);
    expect(invoices.length).toBeGreaterThan(0);
    const invoice = invoices[0]!;
    const openCents = Math.round(invoice.open * 100);
    const promisesOf = () => api<{ items: { invoices: string[]; amount: number; state: string; promisedDate: string; createdBy: string }[] }>(`/promises?customer=${encodeURIComponent(target.customerId)}&asOf=${today}`);
    const before = (await promisesOf()).items.length;

    // Refused: 0.01 more than the invoice's open amount. The message names the field; nothing is stored.
    await page.locator('#coll-promise-invoices').fill(invoice.docNo);
    await page.locator('#coll-promise-amount').fill(decimal(openCents + 1));
    await page.locator('#coll-promise-promised-date').fill(addDays(today, 7));
    const refused = await press(page, 'coll-record-promise', 'coll-promise-status');
    expect(refused.intent).toBe('error');
    expect(refused.text).toContain(`Amount: more than the invoices' open total ${decimal(openCents)} ${account.currency}`);
    expect(await page.locator('#coll-promise-amount').getAttribute('aria-invalid')).toBe('true');
    expect((await promisesOf()).items).toHaveLength(before);

    // Half of the open amount (rounded down to the cent), by next week.
    const half = Math.floor(openCents / 2);
    await page.locator('#coll-promise-amount').fill(decimal(half));
    const recorded = await press(page, 'coll-record-promise', 'coll-promise-status');
    expect(recorded.intent, recorded.text).toBe('success');
    const promises = (await promisesOf()).items;
    expect(promises).toHaveLength(before + 1);
    expect(promises.find((p) => p.invoices.includes(invoice.docNo) && p.promisedDate === addDays(today, 7))).toMatchObject({ amount: half / 100, state: 'open', createdBy: 'demo-analyst' });
    table = (await tableOf(page, 'Worklist'))!;
    expect(String(table.body[index]![col('Open promises')]!.value)).toMatch(new RegExp(`${addDays(today, 7)} [\\d,]+\\.\\d\\d ${account.currency} open$`));

    // The disputes register, then a dispute opened from the pane for the selected customer.
    await page.selectOption('#coll-disputes-filter', 'all');
    const register = await press(page, 'coll-get-disputes', 'coll-disputes-status');
    expect(register.intent, register.text).toBe('success');
    const disputesBefore = await api<{ items: { id: string }[] }>('/disputes');
    // An empty register is one empty table row.
    expect((await tableOf(page, 'Disputes'))!.body.map((r) => r[0]!.value).filter((v) => v !== '')).toEqual(disputesBefore.items.map((d) => d.id));

    await page.locator('#coll-dispute summary').click();
    const disputed = invoices[1] ?? invoice;
    await page.locator('#coll-dispute-invoices').fill(disputed.docNo);
    await page.locator('#coll-dispute-amount').fill(decimal(Math.min(10_000, Math.round(disputed.open * 100))));
    await page.selectOption('#coll-dispute-reason', 'quality');
    await page.locator('#coll-dispute-owner').fill('operations');
    await page.locator('#coll-dispute-note').fill('damaged on delivery');
    const opened = await press(page, 'coll-open-dispute', 'coll-dispute-status');
    expect(opened.intent, opened.text).toBe('success');
    const id = /Dispute (\S+) opened/.exec(opened.text)?.[1];
    const mine = await api<{ items: { id: string; invoices: string[]; status: string; version: number; owner: string; reason: string }[] }>(`/disputes?customer=${encodeURIComponent(target.customerId)}`);
    expect(mine.items.find((d) => d.id === id)).toMatchObject({ invoices: [disputed.docNo], status: 'open', version: 1, owner: 'operations', reason: 'quality' });

    await page.selectOption('#coll-disputes-filter', 'active');
    await press(page, 'coll-get-disputes', 'coll-disputes-status');
    const active = (await tableOf(page, 'Disputes'))!;
    const row = active.body.find((r) => r[0]!.value === id)!;
    expect(row.map((c) => c.value).slice(1, 9)).toEqual([target.customerId, disputed.docNo, Math.min(10_000, Math.round(disputed.open * 100)) / 100, account.currency, 'quality', 'operations', 'open', '']);
    // The browser logs the dropped request and the 422 as failed loads; nothing else may go wrong.
    expect(errors.filter((e) => !/Failed to load resource: (net::ERR_INTERNET_DISCONNECTED|the server responded with a status of 422)/.test(e))).toEqual([]);
  });
});
