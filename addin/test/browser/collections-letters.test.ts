// The Collections pane's letters and audit views in Chromium against the real Worker: the demo analyst previews a
// dunning run for one collector (letters with level and channel, the skipped customer with its reason, a letter in
// the sandboxed preview with the ledger's text escaped) and produces it (recorded as activities); the demo manager
// draws an audit sample of a collector's calls into a sheet, types the results and submits them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays } from '../../../shared/dates';
import { launchChromium, openSignedInPane, statusOf, type AddinPage } from './browser';

const serverUrl = inject('serverUrl');
const adminToken = inject('adminToken');
const tokens = inject('demoTokens');

type CellView = { value: unknown; kind: string };
type TableView = { header: CellView[]; body: CellView[][]; firstBodyRow: number };

async function api<T>(path: string, init: RequestInit = {}, bearer = adminToken, status = 200): Promise<T> {
  const res = await fetch(`${serverUrl}/api/v1${path}`, { ...init, headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  const body = (await res.json()) as T;
  expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(status);
  return body;
}

let browser: Browser;
const opened: AddinPage[] = [];
let dataDate: string;

async function openPane(token: string): Promise<AddinPage> {
  const addin = await openSignedInPane(browser, serverUrl, token, 'collections', 1400);
  opened.push(addin);
  return addin;
}


beforeAll(async () => {
  ({ dataDate } = await api<{ dataDate: string }>('/me'));
  const customers = [['DUN-1', 'Dunning One'], ['DUN-2', 'Held Two'], ['DUN-3', '<img src=x onerror=alert(1)> Three']];
  await api('/customers', { method: 'POST', body: JSON.stringify({ rows: customers.map(([id, name]) => ({ customer_id: id, name, vertical: 'Letters', region: 'EMEA', collector: 'Bea Letters', currency: 'USD', credit_limit: '5000', payment_terms_days: '30' })) }) });
  // DUN-1 and DUN-2: due 45 days before the data date (level 3, from 30 days); DUN-3: due in 3 days (level 1, from −5).
  const inv = (id: string, no: string, due: string, amount: string) => ({ doc_type: 'INV', doc_no: no, customer_id: id, doc_date: addDays(due, -30), due_date: due, amount, currency: 'USD', fx_rate: '', applies_to: '', reference: 'PO <script>' });
  await api('/ledger', { method: 'POST', body: JSON.stringify({ rows: [inv('DUN-1', 'DN-1', addDays(dataDate, -45), '700.00'), inv('DUN-2', 'DN-2', addDays(dataDate, -45), '300.00'), inv('DUN-3', 'DN-3', addDays(dataDate, 3), '120.00')] }) });
  const held = await api<{ version: number }>('/customers/DUN-2');
  await api('/customers/DUN-2/hold', { method: 'PUT', body: JSON.stringify({ hold: 'all', reason: 'cheque returned', version: held.version }) });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

describe('Collections pane: letters and audits', () => {
  it('previews a dunning run with skip reasons and a safe letter preview, then produces it as activities', async () => {
    const analyst = await openPane(tokens.analyst ?? '');
    const page = analyst.page;
    await page.locator('#dunning-collector').fill('Bea Letters');
    await page.locator('#dunning-preview').click();
    const previewed = await statusOf(page, 'dunning-status');
    expect(previewed.intent, previewed.text).toBe('success');
    expect(previewed.text).toMatch(/2 letters, 1 skipped/);
    expect(await page.locator('#dunning-letters li').evaluateAll((lis) => lis.map((li) => [(li as HTMLElement).dataset.customerId, (li as HTMLElement).dataset.level]))).toEqual([['DUN-1', '3'], ['DUN-3', '1']]);
    expect(await page.locator('#dunning-letters li[data-customer-id="DUN-1"]').textContent()).toMatch(/level 3 Second reminder, letter, 45 days past due, 700\.00 USD/);
    expect(await page.locator('#dunning-skipped li').allTextContents()).toEqual(['Skipped Held Two (DUN-2), level 3: on hold (all)']);

    await page.locator('#dunning-letters li[data-customer-id="DUN-3"] fluent-button[data-action="view"]').click();
    const frame = page.locator('#letter-preview');
    await frame.waitFor({ state: 'visible' });
    expect(await frame.getAttribute('sandbox')).toBe('');
    const srcdoc = (await frame.getAttribute('srcdoc')) ?? '';
    expect(srcdoc).toContain('&lt;img src=x onerror=alert(1)&gt; Three');
    expect(srcdoc).toContain('PO &lt;script&gt;');
    expect(srcdoc).not.toMatch(/<img src=x/);
    const shown = await page.frameLocator('#letter-preview').locator('body').textContent();
    expect(shown).toContain('<img src=x onerror=alert(1)> Three');

    // Nothing recorded by the preview; Produce records both letters, once.
    const before = await api<{ items: { kind: string }[] }>('/activities?customer=DUN-1');
    expect(before.items.filter((a) => a.kind === 'dunning')).toEqual([]);
    await page.locator('#dunning-status').evaluate((e) => e.replaceChildren());
    await page.locator('#dunning-produce').click();
    const produced = await statusOf(page, 'dunning-status');
    expect(produced.text).toMatch(/Produced 2 letters .* \(run [0-9a-f-]{36}\)/);
    const runId = /run ([0-9a-f-]{36})/.exec(produced.text)![1]!;
    const run = await api<{ letters: { customerId: string; level: number }[] }>(`/dunning/runs/${runId}`);
    expect(run.letters.map((l) => [l.customerId, l.level])).toEqual([['DUN-1', 3], ['DUN-3', 1]]);
    for (const id of ['DUN-1', 'DUN-3']) {
      const acts = await api<{ items: { kind: string }[] }>(`/activities?customer=${id}`);
      expect(acts.items.filter((a) => a.kind === 'dunning')).toHaveLength(1);
    }
    expect(await page.locator('#dunning-produce').evaluate((b) => (b as HTMLElement & { disabled: boolean }).disabled)).toBe(true);
    expect(analyst.errors).toEqual([]);
  });

  it('draws an audit sample into a sheet for a manager and records the typed results', async () => {
    const created = await api<{ id: string; token: string }>('/users', { method: 'POST', body: JSON.stringify({ name: 'Audited Collector', role: 'analyst', authority: 0 }) }, adminToken, 201);
    const days = [-3, -2, -1].map((d) => addDays(dataDate, d));
    for (const [i, day] of days.entries()) {
      await api('/activities', { method: 'POST', body: JSON.stringify({ customerId: 'DUN-1', kind: 'call', outcome: `call ${i + 1}`, occurredOn: day }) }, created.token, 201);
    }
    const manager = await openPane(tokens.manager ?? '');
    const page = manager.page;
    await page.locator('#audit-user').fill(created.id);
    await page.locator('#audit-from').fill(days[0]!);
    await page.locator('#audit-to').fill(dataDate);
    await page.locator('#audit-size').fill('2');
    await page.locator('#audit-seed').fill('browser-seed');
    await page.locator('#audit-draw').click();
    const drawn = await statusOf(page, 'audit-status');
    expect(drawn.intent, drawn.text).toBe('success');
    expect(drawn.text).toMatch(/2 of 3 items, seed browser-seed/);

    const tableView = () => page.evaluate(() => (window as unknown as { __excelStandIn: { tableView(n: string): TableView | null } }).__excelStandIn.tableView('AuditSample'));
    let table = (await tableView())!;
    const headers = table.header.map((c) => String(c.value));
    expect(headers).toEqual(['Item', 'Type', 'Record ID', 'What', 'Result', 'Comment', 'Recorded']);
    // The same seed over the same population draws the same items (the API, drawn again).
    const again = await api<{ id: string; items: { itemId: string }[] }>('/audits/sample', { method: 'POST', body: JSON.stringify({ userId: created.id, from: days[0], to: dataDate, size: 2, seed: 'browser-seed' }) }, tokens.manager ?? '', 201);
    expect(table.body.map((r) => r[2]!.value)).toEqual(again.items.map((i) => i.itemId));

    const col = (h: string) => String.fromCharCode(65 + headers.indexOf(h));
    const typed: [string, string][] = [[`${col('Result')}${table.firstBodyRow}`, 'ok'], [`${col('Result')}${table.firstBodyRow + 1}`, 'finding']];
    await page.evaluate(async (cells) => {
      type Ctx = { workbook: { worksheets: { getItem(n: string): { getRange(a: string): { values: unknown[][] } } } }; sync(): Promise<void> };
      await (window as unknown as { Excel: { run(f: (c: Ctx) => Promise<void>): Promise<void> } }).Excel.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem('Audit Sample');
        for (const [address, value] of cells) sheet.getRange(address).values = [[value]];
        await ctx.sync();
      });
    }, typed);
    await page.locator('#audit-status').evaluate((e) => e.replaceChildren());
    await page.locator('#audit-submit').click();
    const submitted = await statusOf(page, 'audit-status');
    expect(submitted.text).toBe('Recorded 1 result, 1 not sent (see Recorded).');
    table = (await tableView())!;
    expect(table.body.map((r) => r[6]!.value)).toEqual(['recorded', 'not sent: a finding needs a comment']);
    const sampleId = (await api<{ items: { id: string; seed: string; reviewed: number }[] }>(`/audits?userId=${created.id}`, {}, tokens.manager ?? '')).items.find((s) => s.id !== again.id)!.id;
    const stored = await api<{ items: { position: number; result: string | null; reviewedBy: string | null }[] }>(`/audits/${sampleId}`, {}, tokens.manager ?? '');
    expect(stored.items.map((i) => [i.position, i.result])).toEqual([[1, 'ok'], [2, null]]);
    expect(manager.errors).toEqual([]);
  });
});
