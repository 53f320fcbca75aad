// Chromium for the browser tests: Debian's /usr/bin/chromium driven by playwright-core (Playwright's
// own browser download cannot work on these machines; scripts/ensure-chromium.mjs installs it).
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { excelWorkbookStandInScript, OFFICE_JS_URL, officeStandInScript, type StandInOptions } from './office-stand-in';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * A fresh headless Chromium. Playwright refuses `--user-data-dir` in launch() args (that is what
 * launchPersistentContext is for); launch() itself starts Chromium on a new temporary profile
 * directory and deletes it on close, which is the fresh profile these tests want. It also adds
 * --headless and --no-sandbox.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface AddinPageOptions {
  /** 'stand-in': office.js answered empty and Office stood in for; 'unavailable': office.js fails to load. */
  office?: 'stand-in' | 'unavailable';
  storage?: StandInOptions['storage'];
  viewport?: { width: number; height: number };
}

export interface AddinPage {
  page: Page;
  context: BrowserContext;
  /** console.error messages and uncaught exceptions. */
  errors: string[];
  /** Requests for anything but office.js that left the server's origin (all refused). */
  offOrigin: string[];
  close(): Promise<void>;
}

/** A new browser context (its own storage) and page, routed so that only the server's origin is reached. */
export async function openAddinPage(browser: Browser, serverUrl: string, options: AddinPageOptions = {}): Promise<AddinPage> {
  const origin = new URL(serverUrl).origin;
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 360, height: 720 } });
  const offOrigin: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === OFFICE_JS_URL) {
      if (options.office === 'unavailable') return route.abort('internetdisconnected');
      return route.fulfill({ status: 200, contentType: 'text/javascript', body: '/* office.js stand-in: see addInitScript */' });
    }
    if (new URL(url).origin === origin) return route.continue();
    offOrigin.push(url);
    return route.abort('blockedbyclient');
  });
  if (options.office !== 'unavailable') await context.addInitScript({ content: officeStandInScript({ storage: options.storage }) });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console.error: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  return { page, context, errors, offOrigin, close: () => context.close() };
}

/** The task pane over the workbook stand-in, signed in with `token` and on the tab `#tab-<tab>`. */
export async function openSignedInPane(browser: Browser, serverUrl: string, token: string, tab: string, height = 900): Promise<AddinPage> {
  const addin = await openAddinPage(browser, serverUrl, { viewport: { width: 360, height } });
  await addin.context.addInitScript({ content: excelWorkbookStandInScript() });
  await addin.page.goto(`${serverUrl}/taskpane.html`);
  await addin.page.waitForSelector('body[data-ready="true"]');
  await addin.page.locator('#api-token').fill(token);
  await addin.page.locator('#test-connection').click();
  await addin.page.locator('[data-field="name"]').waitFor();
  await addin.page.locator(`#tab-${tab}`).click();
  return addin;
}

/** The answer in a status box: its first message bar that is not the "Working…" one. */
export async function statusOf(page: Page, box: string): Promise<{ intent: string; text: string }> {
  const bar = page.locator(`#${box} fluent-message-bar:not([intent="info"])`);
  await bar.waitFor({ timeout: 50_000 });
  return { intent: (await bar.getAttribute('intent')) ?? '', text: (await bar.textContent()) ?? '' };
}
