// The Reconciliation pane in Chromium against the real Worker, writing into the in-memory Excel
// workbook (office-stand-in.ts). Signed in as the demo analyst: prepare a customer's sheet, paste a
// statement in the customer's own layout, Match, and compare the sheet with what the server's
// match computes for the same lines; explain, Submit (version 1), Submit again (version 2); pull
// unapplied cash, accept and submit; list the quarter's confirmations, mark one sent, open one.
// Every wait has its own bound, so a server that stops answering fails a test instead of hanging it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isoToExcelSerial } from '../../../shared/dates';
import { launchChromium, openAddinPage, type AddinPage } from './browser';
import { excelWorkbookStandInScript } from './office-stand-in';

const serverUrl = inject('serverUrl');
const token = inject('demoTokens').analyst ?? '';
const OUTPUT = path.resolve(import.meta.dirname, '../../../test-output');
const WAIT = 45_000;
const FILL = { matched: '#DFF6DD', amount_difference: '#FFF4CE', missing: '#FDE7E9' } as const;
const STATUS = { matched: 'Matched', amount_difference: 'Amount difference', missing_in_ledger: 'Missing in our ledger' } as const;

type CellView = { value: unknown; kind: string; formula: string | null; numberFormat: string; font?: Record<string, unknown>; fill?: string | null };
interface Workbook {
  sheetNames(): string[];
  activeSheet(): string | null;
  rangeView(sheet: string, address: string): CellView[][] | null;
  cell(sheet: string, address: string): CellView | null;
  sheetView(name: string): { tables: { name: string; address: string }[] } | null;
}
interface Account { customerId: string; name: string; currency: string; asOf: string; balance: number; items: { docType: string; docNo: string; date: string; amount: number; open: number }[] }
interface MatchResult {
  ourBalance: number; theirBalance: number; difference: number; unexplained: number;
  lines: { index: number; status: keyof typeof STATUS; matches: string[]; difference: number }[];
  unmatched: { docNo: string }[];
  breakdown: { label: string; amount: number }[];
}

let browser: Browser;
let addin: AddinPage;
let page: Page;
let dataDate: string;
const QUARTER_END = '2026-09-30';
let account: Account;
const requests: string[] = [];

async function api<T>(pathAndQuery: string, init: RequestInit = {}, expected = 200): Promise<T> {
  const res = await fetch(`${serverUrl}${pathAndQuery}`, { ...init, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...(init.headers ?? {}) }, signal: AbortSignal.timeout(30_000) });
  const body = (await res.json()) as T;
  expect(res.status, `${pathAndQuery}: ${JSON.stringify(body).slice(0, 300)}`).toBe(expected);
  return body;
}

const workbook = <T>(fn: (wb: Workbook, arg: unknown) => T, arg?: unknown): Promise<T> =>
  page.evaluate(
    ([source, a]) => (new Function('wb', 'arg', `return (${source})(wb, arg);`) as (wb: Workbook, arg: unknown) => T)((window as unknown as { __excelStandIn: Workbook }).__excelStandIn, a),
    [fn.toString(), arg] as const,
  );
const cell = (sheet: string, address: string) => workbook((wb, a) => wb.cell((a as string[])[0]!, (a as string[])[1]!), [sheet, address]) as Promise<CellView>;
const range = (sheet: string, address: string) => workbook((wb, a) => wb.rangeView((a as string[])[0]!, (a as string[])[1]!), [sheet, address]) as Promise<CellView[][]>;

/** Types into the stand-in workbook as a user pastes: values into cells of General format. */
async function typeInto(sheet: string, address: string, values: unknown[][]): Promise<void> {
  await page.evaluate(
    ([s, a, v]) =>
      (window as unknown as { Excel: { run(f: (c: any) => Promise<void>): Promise<void> } }).Excel.run(async (context) => {
        context.workbook.worksheets.getItem(s).getRange(a).values = v;
        await context.sync();
      }),
    [sheet, address, values] as const,
  );
}

/** Clicks a button and waits (bounded) for its status box to say something other than "Working…". */
async function click(button: string, statusBox: string): Promise<{ intent: string; text: string }> {
  await page.locator(statusBox).evaluate((e) => e.replaceChildren());
  await page.locator(button).click();
  await page.waitForFunction(
    (box) => {
      const bar = document.querySelector(`${box} fluent-message-bar`);
      return bar !== null && bar.textContent !== 'Working…';
    },
    statusBox,
    { timeout: WAIT },
  );
  const bar = page.locator(`${statusBox} fluent-message-bar`);
  return { intent: (await bar.getAttribute('intent')) ?? '', text: (await bar.textContent()) ?? '' };
}

/** The pane, and the sheet as a grid (values and fills) for a reviewer's eye, in test-output/. */
async function screenshot(name: string, sheet?: string, address = 'A1:T32'): Promise<void> {
  await page.screenshot({ path: path.join(OUTPUT, `reconciliation-pane-${name}.png`), fullPage: true });
  if (!sheet) return;
  const grid = await range(sheet, address);
  const shown = (c: CellView) => (c.numberFormat === 'yyyy-mm-dd' && typeof c.value === 'number' ? new Date(Date.UTC(1899, 11, 30) + c.value * 86_400_000).toISOString().slice(0, 10) : String(c.value ?? ''));
  const html = `<table style="border-collapse:collapse;font:11px Calibri,sans-serif">${grid
    .map((row, r) => `<tr><th style="color:#888">${r + 1}</th>${row.map((c) => `<td style="border:1px solid #ddd;padding:1px 4px;white-space:nowrap;max-width:220px;overflow:hidden;${c.fill ? `background:${c.fill};` : ''}${c.font?.bold ? 'font-weight:bold;' : ''}">${shown(c).replace(/</g, '&lt;')}</td>`).join('')}</tr>`)
    .join('')}</table>`;
  const view = await addin.context.newPage();
  await view.setViewportSize({ width: 1800, height: 900 });
  await view.setContent(html);
  await view.screenshot({ path: path.join(OUTPUT, `reconciliation-sheet-${name}.png`), fullPage: true });
  await view.close();
}

const sheetName = () => `Rec ${account.customerId} ${QUARTER_END}`;

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  dataDate = (await api<{ dataDate: string }>('/api/v1/me')).dataDate;
  // A customer in the functional currency with at least two open invoices at the quarter end.
  for (let i = 1; i <= 20 && !account; i++) {
    const a = await api<Account>(`/api/v1/reconciliations/account?customer=C${String(i).padStart(5, '0')}&asOf=${QUARTER_END}`);
    if (a.currency === 'USD' && a.items.filter((it) => it.open > 0).length >= 2) account = a;
  }
  expect(account, 'a USD demo customer with two open invoices').toBeDefined();
  browser = await launchChromium();
  addin = await openAddinPage(browser, serverUrl, { viewport: { width: 360, height: 1000 } });
  await addin.context.addInitScript({ content: excelWorkbookStandInScript() });
  page = addin.page;
  page.on('request', (r) => requests.push(`${r.method()} ${new URL(r.url()).pathname}`));
  await page.goto(`${serverUrl}/taskpane.html`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: WAIT });
  await page.locator('#api-token').fill(token);
  await page.locator('#test-connection').click();
  await page.locator('[data-field="name"]').waitFor({ timeout: WAIT });
  await page.locator('#tab-reconciliation').click();
  // The pane asks the server for its data date and proposes the last completed quarter's end.
  await page.waitForFunction((d) => (document.getElementById('rec-as-of') as HTMLInputElement | null)?.value === d, QUARTER_END, { timeout: WAIT });
}, 120_000);

afterAll(async () => {
  await addin?.close();
  await browser?.close();
});

describe('Reconciliation pane', () => {
  it('prepares the sheet: header block, our open items as a table, a labelled empty statement area', async () => {
    expect(dataDate).toBe('2026-10-31');
    await page.locator('#rec-customer').fill(account.customerId);
    const result = await click('#rec-prepare', '#rec-status');
    expect(result.intent, result.text).toBe('success');
    expect(result.text).toContain(`"${sheetName()}" ready: ${account.items.length} open items`);
    expect(await workbook((wb) => wb.activeSheet())).toBe(sheetName());
    const header = await range(sheetName(), 'A2:N3');
    const fields = new Map(header[0]!.map((label, i) => [label.value, header[1]![i]!.value]));
    expect(fields.get('Customer')).toBe(account.customerId);
    expect(fields.get('As of')).toBe(QUARTER_END);
    expect(fields.get('Currency')).toBe('USD');
    expect(fields.get('Our balance')).toBe(account.balance);
    const items = await range(sheetName(), `A23:F${22 + account.items.length}`);
    expect(items.map((r) => [r[1]!.value, r[2]!.value, r[5]!.value])).toEqual(account.items.map((it) => [it.docNo, isoToExcelSerial(it.date), it.open]));
    expect(items.every((r) => r[1]!.kind === 'text')).toBe(true);
    const tables = (await workbook((wb, n) => wb.sheetView(n as string), sheetName()))!.tables;
    expect(tables.map((t) => t.address)).toEqual([`A22:I${22 + account.items.length}`]);
    expect((await range(sheetName(), 'K22:R22'))[0]!.map((c) => c.value)).toEqual(['Status', 'Matched to', 'Difference', 'Explanation', 'Reference', 'Date', 'Amount', 'Type']);
    expect(String((await cell(sheetName(), 'K21')).value)).toMatch(/^CUSTOMER STATEMENT: paste their lines from O23/);
    expect((await range(sheetName(), 'O23:R30')).flat().every((c) => c.value === '')).toBe(true);
    await screenshot('prepared');
  });

  it('reports a cell it cannot read by row and column, and sends nothing', async () => {
    const [first] = account.items;
    await typeInto(sheetName(), 'O23:R24', [
      [first!.docNo, first!.date, first!.open, 'Invoice'],
      ['X-1', first!.date, '12,34x', ''],
    ]);
    const before = requests.filter((r) => r.endsWith('/reconciliations/match')).length;
    const result = await click('#rec-match', '#rec-status');
    expect(result.intent).toBe('error');
    expect(result.text).toContain('Nothing was sent: 1 cell of the statement cannot be read.');
    expect(result.text).toContain('Row 24, column Q: "12,34x" is not an amount');
    expect(requests.filter((r) => r.endsWith('/reconciliations/match')).length).toBe(before);
    await typeInto(sheetName(), 'O23:R24', [['', '', '', ''], ['', '', '', '']]);
  });

  // Their own layout: Date | Document | Description | Amount, a heading row, amounts as text with separators.
  let lines: { ref: string; date: string; amount: string }[];
  let match: MatchResult;
  it('matches a statement pasted in the customer\'s own layout and shows what the server computed, coloured', async () => {
    const [a, b] = account.items.filter((it) => it.open > 0);
    lines = [
      { ref: a!.docNo, date: a!.date, amount: a!.open.toFixed(2) },
      { ref: b!.docNo, date: b!.date, amount: (b!.open - 10).toFixed(2) },
      { ref: 'THEIRS-77', date: '2026-09-29', amount: '123.45' },
    ];
    const withSeparators = (s: string) => Number(s).toLocaleString('en-US', { minimumFractionDigits: 2 });
    await typeInto(sheetName(), 'O23:R26', [
      ['Posting date', 'Document', 'Text', 'Amount'],
      [lines[0]!.date, lines[0]!.ref, 'Goods', withSeparators(lines[0]!.amount)],
      [lines[1]!.date, lines[1]!.ref, 'Goods', Number(lines[1]!.amount)],
      [lines[2]!.date, lines[2]!.ref, 'Service', lines[2]!.amount],
    ]);
    await page.locator('#rec-mapping summary').click();
    await page.locator('#rec-map-reference').fill('P');
    await page.locator('#rec-map-date').fill('O');
    await page.locator('#rec-map-amount').fill('R');
    await page.locator('#rec-map-type').fill('');
    await page.locator('#rec-heading-row').check();
    const result = await click('#rec-match', '#rec-status');
    expect(['success', 'warning'], result.text).toContain(result.intent);
    expect(result.text).toMatch(/^Matched 3 lines: /);

    match = await api<MatchResult>('/api/v1/reconciliations/match', { method: 'POST', headers: { 'Idempotency-Key': `test-${crypto.randomUUID()}` }, body: JSON.stringify({ customerId: account.customerId, asOf: QUARTER_END, lines }) });
    expect(match.lines.map((l) => l.status)).toEqual(['matched', 'amount_difference', 'missing_in_ledger']);
    const rows = await range(sheetName(), 'K24:R26');
    expect(rows.map((r) => r[0]!.value)).toEqual(match.lines.map((l) => STATUS[l.status]));
    expect(rows.map((r) => r[2]!.value)).toEqual(match.lines.map((l) => l.difference));
    expect(rows.map((r) => String(r[1]!.value).split(' (')[0])).toEqual(match.lines.map((l) => l.matches.join(', ')));
    expect(rows.map((r) => [r[0]!.fill, r[7]!.fill])).toEqual(match.lines.map((l) => Array(2).fill(l.status === 'matched' ? FILL.matched : l.status === 'amount_difference' ? FILL.amount_difference : FILL.missing)));
    // Their heading row is not a line: no status.
    expect((await cell(sheetName(), 'K23')).value).toBe('');
    // Our items: matched or missing in their statement.
    const items = await range(sheetName(), `A23:I${22 + account.items.length}`);
    const missing = new Set(match.unmatched.map((u) => u.docNo));
    for (const r of items) {
      const docNo = String(r[1]!.value);
      expect(r[7]!.value, docNo).toBe(missing.has(docNo) ? 'Missing in their statement' : match.lines.some((l) => l.matches.includes(docNo)) ? 'Matched' : '');
      if (missing.has(docNo)) expect(r[0]!.fill).toBe(FILL.missing);
    }
    // The summary and header block.
    const summary = await range(sheetName(), 'A7:F19');
    expect([summary[0]![5]!.value, summary[1]![5]!.value, summary[2]![5]!.value]).toEqual([match.ourBalance, match.theirBalance, match.difference]);
    expect(summary.slice(3, 3 + match.breakdown.length).map((r) => [String(r[0]!.value).trim(), r[5]!.value])).toEqual(match.breakdown.map((b) => [b.label, b.amount]));
    expect([summary[12]![0]!.value, summary[12]![5]!.value]).toEqual(['Unexplained', match.unexplained]);
    const header = await range(sheetName(), 'A2:N3');
    const fields = new Map(header[0]!.map((label, i) => [label.value, header[1]![i]!.value]));
    expect([fields.get('Our balance'), fields.get('Their balance'), fields.get('Difference'), fields.get('Unexplained')]).toEqual([match.ourBalance, match.theirBalance, match.difference, match.unexplained]);
    await screenshot('matched', sheetName());
  });

  let firstId: string;
  it('Submit stores the explanations typed in the sheet as version 1 and says who must sign off', async () => {
    await typeInto(sheetName(), 'N25', [['They short-paid: bank charges, agreed on the phone']]);
    const missingRow = 23 + account.items.findIndex((it) => match.unmatched.some((u) => u.docNo === it.docNo));
    if (missingRow >= 23) await typeInto(sheetName(), `I${missingRow}`, [['Sent after their cut-off']]);
    const result = await click('#rec-submit', '#rec-status');
    expect(result.intent, result.text).toBe('success');
    expect(result.text).toMatch(/^Stored as version 1 \((agreed|differences)\); sign-off by a controller or manager other than .*demo-analyst/);
    expect((await cell(sheetName(), 'L3')).value).toBe(1);
    expect(String((await cell(sheetName(), 'A4')).value)).toBe(result.text);
    expect(String((await cell(sheetName(), 'N3')).value)).toMatch(/^Pending: a controller or manager other than/);
    const stored = await api<{ items: { id: string; version: number }[] }>(`/api/v1/reconciliations?customer=${account.customerId}&asOf=${QUARTER_END}`);
    expect(stored.items.map((i) => i.version)).toEqual([1]);
    firstId = stored.items[0]!.id;
    const record = await api<{ lines: { explanation?: string }[]; unmatched: { docNo: string; explanation?: string }[] }>(`/api/v1/reconciliations/${firstId}`);
    expect(record.lines.map((l) => l.explanation ?? '')).toEqual(['', 'They short-paid: bank charges, agreed on the phone', '']);
    if (missingRow >= 23) expect(record.unmatched.find((u) => u.docNo === account.items[missingRow - 23]!.docNo)?.explanation).toBe('Sent after their cut-off');
    await screenshot('submitted', sheetName());
  });

  it('a second Submit is version 2, and the first is kept', async () => {
    const result = await click('#rec-submit', '#rec-status');
    expect(result.intent, result.text).toBe('success');
    expect(result.text).toMatch(/^Stored as version 2 /);
    expect((await cell(sheetName(), 'L3')).value).toBe(2);
    const stored = await api<{ items: { id: string; version: number }[] }>(`/api/v1/reconciliations?customer=${account.customerId}&asOf=${QUARTER_END}`);
    expect(stored.items.map((i) => i.version).sort()).toEqual([1, 2]);
    expect(stored.items.some((i) => i.id === firstId)).toBe(true);
  });

  interface Unapplied { items: { customerId: string; docType: string; docNo: string; unapplied: number; suggestions: { rule: string; allocations: { invoiceNo: string; amount: number }[] }[] }[] }
  it('pulls unapplied cash into a sheet, one row per suggested allocation', async () => {
    await page.locator('#rec-view-unapplied').click();
    expect(await page.locator('#unapplied-as-of').inputValue()).toBe(dataDate);
    const result = await click('#unapplied-pull', '#unapplied-status');
    expect(result.intent, result.text).toBe('success');
    const reply = await api<Unapplied>(`/api/v1/unapplied?asOf=${dataDate}`);
    const expected = reply.items.flatMap((it) => (it.suggestions.length ? it.suggestions.flatMap((s) => s.allocations.map((a) => [it.docNo, a.invoiceNo, a.amount])) : [[it.docNo, '', '']]));
    expect(expected.length).toBeGreaterThan(0);
    const body = await range(`Unapplied ${dataDate}`, `A7:O${6 + expected.length}`);
    expect(body.map((r) => [r[4]!.value, r[11]!.value, r[12]!.value])).toEqual(expected);
    await screenshot('unapplied');
  });

  it('Submit accepted: a refused allocation is named on its row and nothing is stored; accepted rows become proposals', async () => {
    const sheet = `Unapplied ${dataDate}`;
    const reply = await api<Unapplied>(`/api/v1/unapplied?asOf=${dataDate}`);
    const index = reply.items.findIndex((it) => it.suggestions.length > 0);
    expect(index, 'an unapplied payment with a suggestion').toBeGreaterThanOrEqual(0);
    const rowsBefore = reply.items.slice(0, index).reduce((n, it) => n + Math.max(1, it.suggestions.reduce((m, s) => m + s.allocations.length, 0)), 0);
    const row = 7 + rowsBefore;
    const allocations = reply.items[index]!.suggestions[0]!.allocations;
    const before = (await api<{ items: unknown[] }>('/api/v1/unapplied/proposals')).items.length;

    await typeInto(sheet, `A${row}`, [['Yes']]);
    const originalInvoice = (await cell(sheet, `L${row}`)).value;
    await typeInto(sheet, `L${row}`, [['NO-SUCH-INVOICE']]);
    const refused = await click('#unapplied-submit', '#unapplied-status');
    expect(refused.intent, refused.text).toBe('error');
    expect(refused.text).toMatch(/^Nothing was stored/);
    expect(String((await cell(sheet, `O${row}`)).value)).toMatch(/^Refused: .*NO-SUCH-INVOICE/);
    expect((await api<{ items: unknown[] }>('/api/v1/unapplied/proposals')).items.length).toBe(before);

    await typeInto(sheet, `L${row}`, [[originalInvoice]]);
    await typeInto(sheet, `O${row}`, [['']]);
    for (let i = 0; i < allocations.length; i++) await typeInto(sheet, `A${row + i}`, [['Yes']]);
    const stored = await click('#unapplied-submit', '#unapplied-status');
    expect(stored.intent, stored.text).toBe('success');
    const proposals = (await api<{ items: { id: string; docNo: string; allocations: { invoiceNo: string; amount: number }[] }[] }>('/api/v1/unapplied/proposals')).items;
    expect(proposals.length).toBe(before + 1);
    const mine = proposals.find((p) => p.docNo === reply.items[index]!.docNo)!;
    expect(mine.allocations.map((a) => [a.invoiceNo, Number(a.amount)])).toEqual(allocations.map((a) => [a.invoiceNo, Number(a.amount)]));
    for (let i = 0; i < allocations.length; i++) expect((await cell(sheet, `O${row + i}`)).value).toBe(`Proposal ${mine.id} (open)`);
    await screenshot('proposed', sheet, 'A1:O20');
  });

  it("lists the quarter's confirmations; Mark sent posts the state; Open prepares the customer's sheet at the quarter end", async () => {
    await page.locator('#rec-view-confirmations').click();
    expect(await page.locator('#conf-quarter').inputValue()).toBe('2026-Q3');
    const shown = await click('#conf-load', '#conf-status');
    expect(shown.intent, shown.text).toBe('info');
    const list = await api<{ items: { customerId: string; state: string }[] }>('/api/v1/confirmations?quarter=2026-Q3&top=20');
    expect(await page.locator('#conf-list li').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.customer))).toEqual(list.items.map((i) => i.customerId));
    // The customer reconciled above is in the list only if selected; its state follows the stored record.
    const target = list.items.find((i) => i.state === 'not_sent');
    expect(target, 'a customer not yet sent').toBeDefined();
    const li = page.locator(`#conf-list li[data-customer="${target!.customerId}"]`);
    await page.locator('#conf-status').evaluate((e) => e.replaceChildren());
    await li.locator('.conf-mark-sent').click();
    await page.waitForFunction(() => /marked sent/.test(document.querySelector('#conf-status fluent-message-bar')?.textContent ?? ''), undefined, { timeout: WAIT });
    expect(await page.locator(`#conf-list li[data-customer="${target!.customerId}"] .conf-state`).textContent()).toBe('Sent');
    const after = await api<{ items: { customerId: string; state: string }[] }>('/api/v1/confirmations?quarter=2026-Q3&top=20');
    expect(after.items.find((i) => i.customerId === target!.customerId)?.state).toBe('sent');

    await page.locator('#rec-status').evaluate((e) => e.replaceChildren());
    await page.locator(`#conf-list li[data-customer="${target!.customerId}"] .conf-open`).click();
    await page.waitForFunction(() => /ready|exists already/.test(document.querySelector('#rec-status fluent-message-bar')?.textContent ?? ''), undefined, { timeout: WAIT });
    expect(await page.locator('#rec-sheet-view').isVisible()).toBe(true);
    expect(await workbook((wb) => wb.activeSheet())).toBe(`Rec ${target!.customerId} ${QUARTER_END}`);
    expect(await page.locator('#rec-customer').inputValue()).toBe(target!.customerId);
    await screenshot('confirmations');
    // The refused proposal above is the one failed request the browser reports.
    expect(addin.errors.filter((e) => !e.includes('status of 422'))).toEqual([]);
    expect(addin.offOrigin).toEqual([]);
  });
});
