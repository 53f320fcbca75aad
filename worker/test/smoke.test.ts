import { env, SELF } from 'cloudflare:test';
import { expect, it } from 'vitest';

it('runs against a migrated D1', async () => {
  const row = await env.DB.prepare("SELECT value FROM settings WHERE key = 'functional_currency'").first<{ value: string }>();
  expect(row?.value).toBe('USD');
  const res = await SELF.fetch('http://x/api/v1/health');
  expect(res.status).toBe(200);
});
