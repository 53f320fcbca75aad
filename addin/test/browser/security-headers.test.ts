// The add-in's pages come from Workers static assets with the headers of addin/src/_headers (a CSP that lets the
// Office hosts frame them and Office.js load from Microsoft's CDN); the API has its own, stricter headers and no CORS.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openAddinPage } from './browser';

const serverUrl = inject('serverUrl');
const demoTokens = inject('demoTokens');

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

function directives(csp: string | null): Map<string, string[]> {
  return new Map((csp ?? '').split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([name, ...values]) => [name!, values]));
}

describe('headers of the add-in pages', () => {
  it.each(['taskpane.html', 'functions.html', 'help.html', 'taskpane.js'])('%s: CSP for Office hosts and Office.js, nosniff, no X-Frame-Options', async (file) => {
    const res = await fetch(`${serverUrl}/${file}`);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('script-src')).toEqual(["'self'", 'https://appsforoffice.microsoft.com']);
    expect(csp.get('frame-ancestors')).toEqual(["'self'", 'https://*.officeapps.live.com', 'https://*.office.com', 'https://*.office365.com', 'https://*.microsoft.com']);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('does not serve the _headers file itself', async () => {
    expect((await fetch(`${serverUrl}/_headers`)).status).toBe(404);
  });

  it('the task pane runs under its CSP: no violation, no error', async () => {
    const addin = await openAddinPage(browser, serverUrl);
    try {
      await addin.page.addInitScript(() => {
        (window as unknown as { __violations: string[] }).__violations = [];
        document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const response = await addin.page.goto(`${serverUrl}/taskpane.html`);
      expect(response?.status()).toBe(200);
      await addin.page.waitForLoadState('load');
      await addin.page.waitForTimeout(500);
      expect(await addin.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations)).toEqual([]);
      expect(addin.errors).toEqual([]);
    } finally {
      await addin.close();
    }
  });
});

describe('headers of the API under wrangler dev', () => {
  it('sends the API headers and no CORS grant to another origin', async () => {
    const res = await fetch(`${serverUrl}/api/v1/me`, { headers: { Authorization: `Bearer ${demoTokens.viewer}`, Origin: 'https://evil.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});
