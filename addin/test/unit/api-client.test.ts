import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, type Fetch } from '../../src/api/client';

const ME = { id: 'u_1', name: 'Dana Credit', role: 'controller', authority: 50000, dataDate: '2026-06-30', currency: 'GBP' };

function fakeFetch(respond: (url: string, init?: RequestInit) => Response | Promise<Response>) {
  const calls: { url: string; init?: RequestInit }[] = [];
  const fetch: Fetch = async (url, init) => {
    calls.push({ url, init });
    return respond(url, init);
  };
  return { fetch, calls };
}

describe('api client: me()', () => {
  it('asks GET /api/v1/me with the bearer token and answers who that is', async () => {
    const { fetch, calls } = fakeFetch(() => Response.json(ME));
    const me = await createApiClient({ serverUrl: 'https://ar.example.test', token: 'tok_123', fetch }).me();
    expect(me).toEqual({ id: 'u_1', name: 'Dana Credit', role: 'controller', authority: 50000, dataDate: '2026-06-30' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.url).toBe('https://ar.example.test/api/v1/me');
    expect(calls[0]!.init?.method).toBe('GET');
    expect(new Headers(calls[0]!.init?.headers).get('authorization')).toBe('Bearer tok_123');
  });

  it('accepts a ledger with no data yet', async () => {
    const { fetch } = fakeFetch(() => Response.json({ ...ME, dataDate: null }));
    await expect(createApiClient({ serverUrl: 'https://x.test', token: 't', fetch }).me()).resolves.toMatchObject({ dataDate: null });
  });

  it("fails with the server's own error code and message", async () => {
    const { fetch } = fakeFetch(() => Response.json({ error: { code: 'unauthenticated', message: 'unknown or revoked token' } }, { status: 401 }));
    const err = await createApiClient({ serverUrl: 'https://x.test', token: 'bad', fetch }).me().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'unauthenticated', message: 'unknown or revoked token', status: 401 });
  });

  it('describes an error reply that is not the API shape by its status', async () => {
    const { fetch } = fakeFetch(() => new Response('<h1>Bad gateway</h1>', { status: 502, statusText: 'Bad Gateway' }));
    await expect(createApiClient({ serverUrl: 'https://x.test', token: 't', fetch }).me()).rejects.toMatchObject({
      code: 'http_error',
      message: 'The server answered 502 Bad Gateway.',
    });
  });

  it('refuses a successful reply that is not a user', async () => {
    const { fetch } = fakeFetch(() => Response.json({ ok: true }));
    await expect(createApiClient({ serverUrl: 'https://x.test', token: 't', fetch }).me()).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('says when the server cannot be reached', async () => {
    const fetch: Fetch = async () => {
      throw new TypeError('fetch failed');
    };
    await expect(createApiClient({ serverUrl: 'https://down.test', token: 't', fetch }).me()).rejects.toMatchObject({
      code: 'network',
      message: expect.stringContaining('Could not reach https://down.test'),
    });
  });

  it('gives up on a server that does not answer', async () => {
    const fetch: Fetch = (_url, init) =>
      new Promise((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)));
    await expect(createApiClient({ serverUrl: 'https://slow.test', token: 't', fetch, timeoutMs: 20 }).me()).rejects.toMatchObject({
      code: 'network',
      message: 'https://slow.test did not answer in time.',
    });
  });
});
