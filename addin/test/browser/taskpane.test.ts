// The built task pane, served by the real Worker, in Chromium with Office.js stood in for.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openAddinPage, type AddinPage, type AddinPageOptions } from './browser';

const serverUrl = inject('serverUrl');
const demoTokens = inject('demoTokens');
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

const TABS = ['Connect', 'Reports', 'Reconciliation', 'Credit review', 'Targets', 'Collections'];
const TAB_IDS = ['tab-connect', 'tab-reports', 'tab-reconciliation', 'tab-credit-review', 'tab-targets', 'tab-collections'];

/** The demo controller's token (scripts/server.mjs seeds one user per role). */
const demoToken = demoTokens.controller ?? '';

async function apiMe(token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${serverUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

let browser: Browser;
const opened: AddinPage[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});

async function openTaskpane(options: AddinPageOptions = {}): Promise<AddinPage> {
  const addin = await openAddinPage(browser, serverUrl, options);
  opened.push(addin);
  const response = await addin.page.goto(`${serverUrl}/taskpane.html`);
  expect(response?.status()).toBe(200);
  await addin.page.waitForSelector('body[data-ready="true"]');
  return addin;
}

const standIn = (page: Page) => page.evaluate(() => Object.fromEntries((window as unknown as { __officeStandIn: { storage: Map<string, string> } }).__officeStandIn.storage));
const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
const selectedTab = (page: Page) => page.locator('fluent-tab[aria-selected="true"]').getAttribute('id');
const isDisabled = (page: Page, selector: string) => page.locator(selector).evaluate((el) => (el as HTMLButtonElement).disabled);
const visiblePanels = (page: Page) => page.locator('[role="tabpanel"]:not([hidden])').evaluateAll((els) => els.map((e) => e.id));

async function connect(page: Page, token: string): Promise<void> {
  await page.locator('#api-token').fill(token);
  await page.locator('#test-connection').click();
  await page.locator('#connect-status fluent-message-bar, #connect-status .identity').first().waitFor();
}

/** Everything of the page a script or a saved copy could read: markup, attributes, input values, web storage, cookies. */
async function pageKnowledge(page: Page): Promise<string> {
  return page.evaluate(() =>
    [
      document.documentElement.outerHTML,
      ...[...document.querySelectorAll('input')].map((i) => i.value),
      JSON.stringify({ ...localStorage }),
      JSON.stringify({ ...sessionStorage }),
      document.cookie,
    ].join('\n'),
  );
}

describe('task pane', () => {
  it('has a demo user to sign in as', () => {
    expect(demoToken, `demo tokens: ${Object.keys(demoTokens).join(', ')}`).not.toBe('');
  });

  it("loads from the Worker's origin with no console errors, inside Excel", async () => {
    const { page, errors, offOrigin } = await openTaskpane();
    expect(await page.title()).toBe('AR Ledger');
    expect(await page.locator('[data-addin-version]').textContent()).toBe(version);
    expect(await page.locator('#office-note').isHidden()).toBe(true);
    expect(await page.locator('fluent-tab').allTextContents()).toEqual(TABS);
    expect(await selectedTab(page)).toBe('tab-connect');
    expect(await visiblePanels(page)).toEqual(['panel-connect']);
    expect(await page.locator('#server-url').inputValue()).toBe(serverUrl);
    expect(await isDisabled(page, '#sign-out')).toBe(true);
    expect(errors).toEqual([]);
    expect(offOrigin).toEqual([]);
  });

  it('reaches every tab from the keyboard, and each shows its own panel', async () => {
    const { page, errors } = await openTaskpane();
    for (let i = 0; i < 10 && (await focusedId(page)) !== 'tab-connect'; i++) await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('tab-connect');
    for (const id of TAB_IDS.slice(1)) {
      await page.keyboard.press('ArrowRight');
      expect(await focusedId(page)).toBe(id);
      expect(await selectedTab(page)).toBe(id);
      expect(await visiblePanels(page)).toEqual([id.replace('tab-', 'panel-')]);
    }
    await page.keyboard.press('ArrowRight');
    expect(await focusedId(page)).toBe('tab-connect');
    await page.keyboard.press('ArrowLeft');
    expect(await focusedId(page)).toBe('tab-collections');
    // Tab leaves the tab list for the selected panel.
    await page.keyboard.press('Tab');
    expect(await focusedId(page)).toBe('panel-collections');
    expect(errors).toEqual([]);
  });

  it("connects with a demo token: shows the user's name, role and data date, keeps the token in OfficeRuntime.storage only", async () => {
    const me = await apiMe(demoToken);
    expect(me.status, 'GET /api/v1/me with a demo token').toBe(200);
    const { page, errors } = await openTaskpane();
    await connect(page, demoToken);
    expect(await page.locator('#connect-status .status-success').textContent()).toContain('Connected');
    expect(await page.locator('[data-field="name"]').textContent()).toBe(me.body.name);
    expect((await page.locator('[data-field="role"]').textContent())?.toLowerCase()).toBe(String(me.body.role).toLowerCase());
    expect(await page.locator('[data-field="data-date"]').textContent()).toBe(me.body.dataDate ?? 'No data loaded yet');
    expect(await standIn(page)).toEqual({ 'ar.token': demoToken, 'ar.serverUrl': serverUrl });
    expect(await page.locator('#api-token').inputValue()).toBe('');
    expect(await pageKnowledge(page)).not.toContain(demoToken);
    expect(await isDisabled(page, '#sign-out')).toBe(false);
    expect(errors).toEqual([]);
  });

  it("shows the server's error message for a wrong token, and stores nothing", async () => {
    const wrong = 'ar_this-is-not-a-real-token';
    const answer = await apiMe(wrong);
    expect(answer.status).toBe(401);
    const message = (answer.body.error as { message: string }).message;
    expect(message).toBeTruthy();
    const { page } = await openTaskpane();
    await connect(page, wrong);
    expect(await page.locator('#connect-status .status-error').textContent()).toBe(message);
    expect(await page.locator('#connect-status .identity').count()).toBe(0);
    expect(await standIn(page)).toEqual({});
  });

  it('sends the saved token only to the server it was saved for', async () => {
    const { page, offOrigin } = await openTaskpane({ storage: { 'ar.token': demoToken, 'ar.serverUrl': serverUrl } });
    await page.locator('[data-field="name"]').waitFor();
    await page.locator('#server-url').fill('https://elsewhere.example.test');
    await page.locator('#test-connection').click();
    expect(await page.locator('#connect-status .status-error').textContent()).toBe('Enter your API token for https://elsewhere.example.test.');
    expect(offOrigin).toEqual([]);
  });

  it('signs out: the token leaves OfficeRuntime.storage', async () => {
    const { page, errors } = await openTaskpane();
    await connect(page, demoToken);
    await page.locator('[data-field="name"]').waitFor();
    await page.locator('#sign-out').click();
    await page.locator('#connect-status .status-info').waitFor();
    expect(await page.locator('#connect-status').textContent()).toMatch(/signed out/i);
    expect(await standIn(page)).toEqual({ 'ar.serverUrl': serverUrl });
    expect(await isDisabled(page, '#sign-out')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('reconnects with the token saved in OfficeRuntime.storage when it opens again', async () => {
    const me = await apiMe(demoToken);
    const { page, errors } = await openTaskpane({ storage: { 'ar.token': demoToken, 'ar.serverUrl': serverUrl } });
    await page.locator('[data-field="name"]').waitFor();
    expect(await page.locator('[data-field="name"]').textContent()).toBe(me.body.name);
    expect(await page.locator('#api-token').inputValue()).toBe('');
    expect(errors).toEqual([]);
  });

  it('fits a 320-pixel-wide pane without scrolling sideways', async () => {
    const { page } = await openTaskpane({ viewport: { width: 320, height: 640 } });
    await connect(page, demoToken);
    const { scrollWidth, clientWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      clientWidth: document.documentElement.clientWidth,
    }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    for (const id of TAB_IDS) {
      const box = await page.locator(`#${id}`).boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.x).toBeGreaterThanOrEqual(0);
      expect(box!.x + box!.width, id).toBeLessThanOrEqual(320);
    }
  });

  it('still connects in a plain browser when Office.js cannot load, and says to open it in Excel', async () => {
    const me = await apiMe(demoToken);
    const { page, errors } = await openTaskpane({ office: 'unavailable' });
    expect(await page.locator('#office-note').isVisible()).toBe(true);
    expect(await page.locator('#office-note').textContent()).toMatch(/open this page inside excel/i);
    expect(await page.locator('#api-token-hint').textContent()).toMatch(/only while this page is open/);
    await connect(page, demoToken);
    expect(await page.locator('[data-field="name"]').textContent()).toBe(me.body.name);
    expect(await pageKnowledge(page)).not.toContain(demoToken);
    // The only error is the refused office.js itself.
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
