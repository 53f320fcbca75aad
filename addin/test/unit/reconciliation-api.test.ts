import { describe, expect, it } from 'vitest';
import { createRecApi, newIdempotencyKey, RecApiError } from '../../src/reconciliation/api';

const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const record = { id: 'r1', version: 1, lines: [], unmatched: [], signOff: { roles: [], notBy: 'u' } };

describe('reconciliation API client', () => {
  it('sends the bearer token and the action\'s Idempotency-Key, and retries a lost request with the same key', async () => {
    const seen: { url: string; key: string | null; auth: string | null; body: unknown }[] = [];
    let calls = 0;
    const api = createRecApi({
      serverUrl: 'http://s',
      token: 't0k',
      retryDelaysMs: [1, 1],
      fetch: async (url, init) => {
        const headers = new Headers(init?.headers);
        seen.push({ url, key: headers.get('Idempotency-Key'), auth: headers.get('Authorization'), body: JSON.parse(String(init?.body)) });
        calls += 1;
        if (calls === 1) throw new TypeError('Failed to fetch');
        if (calls === 2) return reply(409, { error: { code: 'conflict', message: 'the first request with this Idempotency-Key is still being processed; retry shortly' } });
        return reply(201, record);
      },
    });
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[A-Za-z0-9._:-]{8,128}$/);
    const stored = await api.submit({ customerId: 'C1', asOf: '2026-09-30', lines: [] }, key);
    expect(stored.version).toBe(1);
    expect(seen.map((s) => [s.url, s.key, s.auth])).toEqual(Array(3).fill(['http://s/api/v1/reconciliations', key, 'Bearer t0k']));
  });

  it('does not retry an answer: a 422 comes back with its details', async () => {
    let calls = 0;
    const api = createRecApi({
      serverUrl: 'http://s', token: 't', retryDelaysMs: [1],
      fetch: async () => {
        calls += 1;
        return reply(422, { error: { code: 'validation_failed', message: 'refused', details: [{ path: 'items.0.allocations.0.invoiceNo', message: 'unknown invoice' }] } });
      },
    });
    const err = await api.propose({ items: [] }, 'key-12345678').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RecApiError);
    expect((err as RecApiError).details).toEqual([{ path: 'items.0.allocations.0.invoiceNo', message: 'unknown invoice' }]);
    expect(calls).toBe(1);
  });

  it('gives up after its retries, and a GET sends no key', async () => {
    const keys: (string | null)[] = [];
    const api = createRecApi({ serverUrl: 'http://s', token: 't', retryDelaysMs: [1, 1], fetch: async (_u, init) => { keys.push(new Headers(init?.headers).get('Idempotency-Key')); throw new TypeError('down'); } });
    await expect(api.match({ customerId: 'C1', asOf: '2026-09-30', lines: [] }, 'key-abcdefgh')).rejects.toMatchObject({ code: 'network' });
    expect(keys).toEqual(['key-abcdefgh', 'key-abcdefgh', 'key-abcdefgh']);
    keys.length = 0;
    await expect(api.account({ customer: 'C1', asOf: '2026-09-30' })).rejects.toMatchObject({ code: 'network' });
    expect(keys).toEqual([null]);
  });

  it('says when the server answers in another shape', async () => {
    const api = createRecApi({ serverUrl: 'http://s', token: 't', fetch: async () => reply(200, { hello: 1 }) });
    await expect(api.confirmations({ quarter: '2026-Q3' })).rejects.toMatchObject({ code: 'bad_response' });
  });
});
