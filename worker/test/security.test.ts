import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import app from '../src/index';
import { WindowLimiter } from '../src/security/rate-limit';
import { ADMIN, call, csv, CUSTOMER_HEADER, LEDGER_HEADER, newUser, snapshot } from './helpers';

describe('security headers and CORS', () => {
  it('puts the secure headers on answers, errors included, and never a CORS grant', async () => {
    for (const [method, path, token] of [['GET', '/health', null], ['GET', '/me', ADMIN], ['GET', '/me', 'bad'], ['GET', '/nowhere', ADMIN]] as const) {
      const res = await call(method, path, { token, headers: { Origin: 'https://evil.example' } });
      expect(res.headers.get('Content-Security-Policy'), path).toBe("default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'");
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('X-Frame-Options')).toBe('DENY');
      expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(res.headers.get('Cache-Control')).toBe('no-store');
      expect(res.headers.get('Access-Control-Allow-Origin')).toBeNull();
    }
    const preflight = await call('OPTIONS', '/me', { token: null, headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } });
    expect(preflight.headers.get('Access-Control-Allow-Origin')).toBeNull();
    expect(preflight.status).toBe(404);
  });
});

describe('body size caps', () => {
  it('answers 413 for a JSON body over the cap (declared or streamed) and changes nothing', async () => {
    const token = await newUser('manager');
    const before = await snapshot();
    const huge = JSON.stringify({ name: 'x'.repeat(9 * 1024 * 1024), buckets: [30], ratesPercent: ['1', '2'] });
    const declared = await call('POST', '/ecl/matrices', { token, body: huge, type: 'application/json' });
    expect(declared.status).toBe(413);
    expect(declared.json.error).toMatchObject({ code: 'payload_too_large', message: expect.stringMatching(/larger than 8 MiB/) });
    // Without Content-Length: a stream, counted as it arrives.
    const bytes = new TextEncoder().encode(huge);
    const stream = new ReadableStream({ start(ctrl) { for (let i = 0; i < bytes.length; i += 65536) ctrl.enqueue(bytes.slice(i, i + 65536)); ctrl.close(); } });
    const ctx = createExecutionContext();
    const streamed = await app.fetch(new Request('http://ar.test/api/v1/ecl/matrices', { method: 'POST', body: stream, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, duplex: 'half' } as RequestInit), env, ctx);
    await waitOnExecutionContext(ctx);
    expect(streamed.status).toBe(413);
    expect(await snapshot()).toBe(before);
  });

  it('caps imports: too many columns is 422, a runaway record is 413, the ledger is unchanged', async () => {
    const before = await snapshot();
    const wide = csv(CUSTOMER_HEADER + ',' + Array.from({ length: 200 }, (_, i) => `extra${i}`).join(','), []);
    const res = await call('POST', '/customers', { body: wide });
    expect(res.status).toBe(422);
    expect(res.json.error.message).toMatch(/208 columns; at most 200/);
    const runaway = `${LEDGER_HEADER}\nINV,"${'A'.repeat(1_100_000)}\n`;
    const long = await call('POST', '/ledger', { body: runaway });
    expect(long.status).toBe(413);
    expect(long.json.error.message).toMatch(/runs past 1048576 characters/);
    const bigImport = await app.fetch(new Request('http://ar.test/api/v1/ledger', { method: 'POST', body: 'x', headers: { Authorization: `Bearer ${ADMIN}`, 'Content-Length': String(200 * 1024 * 1024), 'Content-Type': 'text/csv' } }), env, createExecutionContext());
    expect(bigImport.status).toBe(413);
    expect(await snapshot()).toBe(before);
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a token exceeds its limit, per token', async () => {
    const limited = { ...env, RATE_LIMIT: '5/60' };
    const fetchAs = async (token: string) => {
      const ctx = createExecutionContext();
      const res = await app.fetch(new Request('http://ar.test/api/v1/me', { headers: { Authorization: `Bearer ${token}` } }), limited, ctx);
      await waitOnExecutionContext(ctx);
      return res;
    };
    const a = await newUser('viewer');
    const b = await newUser('viewer');
    const statuses = [];
    for (let i = 0; i < 7; i++) statuses.push((await fetchAs(a)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const refused = await fetchAs(a);
    expect(Number(refused.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('Retry-After'))).toBeLessThanOrEqual(60);
    expect(((await refused.json()) as any).error.code).toBe('rate_limited');
    expect((await fetchAs(b)).status).toBe(200); // another token has its own budget
  });

  it('opens a new window when the period has passed (fixed window, injected clock)', async () => {
    let now = 1_000_000;
    const limiter = new WindowLimiter(2, 10, () => now);
    expect([await limiter.take('k'), await limiter.take('k'), await limiter.take('k')]).toEqual([{ ok: true }, { ok: true }, { ok: false, retryAfter: 10 }]);
    now += 7_500;
    expect(await limiter.take('k')).toEqual({ ok: false, retryAfter: 3 }); // 10 − 7.5 = 2.5 → 3
    now += 2_500;
    expect(await limiter.take('k')).toEqual({ ok: true });
  });

  it('is bound to the Workers rate-limiting binding in the default configuration', () => {
    expect(typeof env.RATE_LIMITER?.limit).toBe('function');
  });
});
