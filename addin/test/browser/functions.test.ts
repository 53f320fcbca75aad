// functions.js in Chromium with CustomFunctions stood in for: it registers every function of
// functions.json, and AR.VERSION answers the build's version. Checked on taskpane.html (the shared
// runtime page the manifest names) and on functions.html (the functions alone).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openAddinPage } from './browser';

const serverUrl = inject('serverUrl');
const repoRoot = path.resolve(import.meta.dirname, '../../..');
const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

type StandInWindow = { __officeStandIn: { associated: Map<string, (...args: unknown[]) => unknown>; calls: string[] } };
const associatedIds = (page: Page) => page.evaluate(() => [...(window as unknown as StandInWindow).__officeStandIn.associated.keys()]);
const callVersion = (page: Page) => page.evaluate(() => (window as unknown as StandInWindow).__officeStandIn.associated.get('VERSION')?.());

describe.each(['taskpane.html', 'functions.html'])('custom functions on %s', (pageName) => {
  it('registers every function of functions.json with CustomFunctions.associate; VERSION returns the version', async () => {
    const addin = await openAddinPage(browser, serverUrl);
    try {
      const { page, errors, offOrigin } = addin;
      const response = await page.goto(`${serverUrl}/${pageName}`);
      expect(response?.status()).toBe(200);
      await page.waitForLoadState('load');
      const metadata = (await (await fetch(`${serverUrl}/functions.json`)).json()) as { functions: { id: string }[] };
      expect((await associatedIds(page)).sort()).toEqual(metadata.functions.map((f) => f.id).sort());
      expect(await callVersion(page)).toBe(version);
      expect(errors).toEqual([]);
      expect(offOrigin).toEqual([]);
    } finally {
      await addin.close();
    }
  });
});
