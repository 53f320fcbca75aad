// The Credit review pane in Chromium against the real Worker, writing into the in-memory Excel workbook: the demo
// controller pulls the review list into a sheet, types decisions in it, submits them and reads each row's result
// (applied, pending for the manager, rejected as stale); the demo manager approves the pending one in the
// Approvals view, and the API shows both limits changed.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { addDays } from '../../../shared/dates';
import { launchChromium, openSignedInPane, statusOf, type AddinPage } from './browser';

const serverUrl = inject('serverUrl');
const adminToken = inject('adminToken');
const tokens = inject('demoTokens');

type CellView = { value: unknown; kind: string };
type TableView = { header: CellView[]; body: CellView[][]; firstBodyRow: number };

async function api<T>(path: string, init: RequestInit = {}, bearer = adminToken): Promise<T> {
  const res = await fetch(`${serverUrl}/api/v1${path}`, { ...init, headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) } });
  const body = (await res.json()) as T;
  expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
  return body;
}
const customer = (id: string) => api<{ credit_limit: number; version: number; hold: string }>(`/customers/${id}`);

let browser: Browser;
const opened: AddinPage[] = [];

async function openPane(token: string): Promise<AddinPage> {
  const addin = await openSignedInPane(browser, serverUrl, token, 'credit-review');
  opened.push(addin);
  return addin;
}


const reviewTable = (page: Page) => page.evaluate(() => (window as unknown as { __excelStandIn: { tableView(n: string): TableView | null } }).__excelStandIn.tableView('CreditReview'));

beforeAll(async () => {
  const { dataDate } = await api<{ dataDate: string }>('/me');
  const rows = [['CRV-1', '1000.00', '950.00'], ['CRV-2', '10000.00', '9500.00'], ['CRV-3', '2000.00', '1900.00']];
  await api('/customers', { method: 'POST', body: JSON.stringify({ rows: rows.map(([id, limit]) => ({ customer_id: id, name: `Review ${id}`, vertical: 'Review', region: 'EMEA', collector: 'Cy', currency: 'USD', credit_limit: limit, payment_terms_days: '30' })) }) });
  const docDate = addDays(dataDate, -10);
  await api('/ledger', { method: 'POST', body: JSON.stringify({ rows: rows.map(([id, , amount]) => ({ doc_type: 'INV', doc_no: `RV-${id}`, customer_id: id, doc_date: docDate, due_date: addDays(docDate, 30), amount, currency: 'USD', fx_rate: '', applies_to: '', reference: '' })) }) });
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await browser?.close();
});

describe('Credit review pane', () => {
  it('pulls the review list into a sheet, submits typed decisions and fills each row’s result; the manager approves the pending one', async () => {
    const controller = await openPane(tokens.controller ?? '');
    const page = controller.page;
    await page.locator('#get-review').click();
    const pulled = await statusOf(page, 'review-status');
    expect(pulled.intent, pulled.text).toBe('success');

    const reviews = await api<{ items: { customerId: string; recommendedLimit: number; score: number; grade: string; version: number }[] }>('/credit-reviews?due=true');
    let table = (await reviewTable(page))!;
    const headers = table.header.map((c) => String(c.value));
    const col = (h: string) => headers.indexOf(h);
    expect(headers).toEqual(expect.arrayContaining(['Customer ID', 'Version', 'Recommended limit', 'Score drivers', 'Uninsured exposure', 'New limit', 'New terms days', 'New hold', 'New review date', 'Reason', 'Result']));
    expect(table.body.map((r) => r[col('Customer ID')]!.value)).toEqual(reviews.items.map((i) => i.customerId));
    const rowOf = (id: string) => table.body.findIndex((r) => r[col('Customer ID')]!.value === id);
    for (const id of ['CRV-1', 'CRV-2', 'CRV-3']) {
      const row = table.body[rowOf(id)]!;
      const item = reviews.items.find((i) => i.customerId === id)!;
      expect(row[col('Recommended limit')]!.value).toBe(item.recommendedLimit);
      expect([row[col('Score')]!.value, row[col('Grade')]!.value, row[col('Version')]!.value]).toEqual([item.score, item.grade, item.version]);
      expect(String(row[col('Score drivers')]!.value)).toMatch(/payment_index .*utilisation \d/);
      expect(String(row[col('Due because')]!.value)).toContain('utilisation');
    }

    // Someone changes CRV-3 after the list was pulled: a decision on it is stale.
    const crv3 = await customer('CRV-3');
    await api('/customers/CRV-3/insurance', { method: 'PUT', body: JSON.stringify({ version: crv3.version, cover: { insurer: 'Coface', insuredAmount: '500.00', expiresOn: '2030-12-31' } }) });

    // The user types decisions into the sheet, as in Excel.
    const cell = (id: string, header: string) => `${String.fromCharCode(65 + col(header))}${table.firstBodyRow + rowOf(id)}`;
    const typed: [string, string | number][] = [
      [cell('CRV-1', 'New limit'), 20000], [cell('CRV-1', 'Reason'), 'pays on time, seasonal peak'],
      [cell('CRV-2', 'New limit'), 80000], [cell('CRV-2', 'Reason'), 'new framework contract'],
      [cell('CRV-3', 'New hold'), 'all'], [cell('CRV-3', 'Reason'), 'cheque bounced'],
    ];
    expect(col('Result')).toBeLessThan(26);
    await page.evaluate(async (cells) => {
      type Ctx = { workbook: { worksheets: { getItem(n: string): { getRange(a: string): { values: unknown[][] } } } }; sync(): Promise<void> };
      await (window as unknown as { Excel: { run(f: (c: Ctx) => Promise<void>): Promise<void> } }).Excel.run(async (ctx) => {
        const sheet = ctx.workbook.worksheets.getItem('Credit Review');
        for (const [address, value] of cells) sheet.getRange(address).values = [[value]];
        await ctx.sync();
      });
    }, typed);

    await page.locator('#review-status').evaluate((e) => e.replaceChildren());
    await page.locator('#submit-decisions').click();
    const submitted = await statusOf(page, 'review-status');
    expect(submitted.text).toMatch(/1 applied, 1 pending approval, 1 rejected/);
    table = (await reviewTable(page))!;
    const result = (id: string) => String(table.body[rowOf(id)]![col('Result')]!.value);
    expect(result('CRV-1')).toBe('applied');
    expect(result('CRV-2')).toMatch(/^pending: manager approves \(raises the limit; the limit 80000.00 is above your authority of 50000.00\)$/);
    expect(result('CRV-3')).toMatch(/^rejected: stale: .*insurer — → Coface/);
    expect(table.body[rowOf('CRV-1')]![col('Result')]!.kind).toBe('text');
    expect(await customer('CRV-1')).toMatchObject({ credit_limit: 20000 });
    expect(await customer('CRV-2')).toMatchObject({ credit_limit: 10000 });
    expect(await customer('CRV-3')).toMatchObject({ hold: 'none' });

    // The requester sees nothing of their own to approve.
    await page.locator('#show-approvals').click();
    await page.waitForFunction(() => /waiting|Nothing/.test(document.querySelector('#approvals-status')?.textContent ?? ''));
    expect(await page.locator('#approvals-list li[data-customer-id="CRV-2"]').count()).toBe(0);

    // The manager's Approvals view: the decision with its evidence; Approve applies it.
    const manager = await openPane(tokens.manager ?? '');
    await manager.page.locator('#show-approvals').click();
    const item = manager.page.locator('#approvals-list li[data-customer-id="CRV-2"]');
    await item.waitFor({ timeout: 30_000 });
    expect(await item.locator('[data-field="change"]').textContent()).toBe('limit 10,000.00 USD → 80,000.00 USD');
    expect(await item.locator('[data-field="requested"]').textContent()).toMatch(/Asked by Carl Controller on \d{4}-\d{2}-\d{2}: new framework contract/);
    expect(await item.locator('[data-field="evidence"]').textContent()).toMatch(/score \d+ \([A-E]\), exposure 9,500.00 USD/);
    expect(await item.locator('[data-field="drivers"]').textContent()).toMatch(/utilisation/);
    await item.locator('input').fill('contract seen');
    await item.locator('fluent-button[data-action="approve"]').click();
    await manager.page.waitForSelector('#approvals-list li[data-customer-id="CRV-2"][data-outcome]');
    expect(await item.getAttribute('data-outcome')).toBe('applied');
    expect(await customer('CRV-2')).toMatchObject({ credit_limit: 80000 });

    const history = await api<{ items: { status: string; approval: { decidedBy: string; comment: string } | null }[] }>('/customers/CRV-2/decisions');
    expect(history.items[0]).toMatchObject({ status: 'applied', approval: { decidedBy: 'demo-manager', comment: 'contract seen' } });
    expect(controller.errors).toEqual([]);
    expect(manager.errors).toEqual([]);
  });
});
