// The batch client with a stand-in fetch and fake timers: what it sends, when, how often, and that
// every call settles whatever the server does.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchClient, type BatchClientOptions, type Connection, type Fetch } from '../../src/figures/batch-client';
import { FigureError } from '../../src/figures/errors';
import type { CallResult, FigureValue, FunctionCall } from '../../src/figures/protocol';

const CONNECTION: Connection = { serverUrl: 'https://ar.example.test', token: 'tok_1' };

interface SentRequest {
  url: string;
  init: RequestInit;
  calls: FunctionCall[];
}

/** A server that answers each call with `answer(call)`, at `dataVersion`; records every request. */
function fakeServer(answer: (call: FunctionCall) => CallResult = (call) => ({ value: `${call.fn}(${call.args.join(',')})` })) {
  const requests: SentRequest[] = [];
  const state = { dataVersion: 1, dataDate: '2026-06-30' as string | null };
  let respond: (calls: FunctionCall[]) => Promise<Response> = async (calls) =>
    Response.json({ dataVersion: state.dataVersion, dataDate: state.dataDate, results: calls.map(answer) });
  const fetch: Fetch = async (url, init = {}) => {
    const calls = (JSON.parse(String(init.body)) as { calls: FunctionCall[] }).calls;
    requests.push({ url, init, calls });
    return respond(calls);
  };
  return {
    fetch,
    requests,
    state,
    /** Replaces how the server answers (a failure, a hang, a bad reply). */
    respondWith(next: (calls: FunctionCall[], signal: AbortSignal | null | undefined) => Promise<Response>) {
      respond = (calls) => next(calls, requests.at(-1)?.init.signal);
    },
  };
}

function client(server: ReturnType<typeof fakeServer>, options: Partial<BatchClientOptions> = {}) {
  return createBatchClient({ connection: async () => CONNECTION, fetch: server.fetch, ...options });
}

const call = (fn: string, ...args: FunctionCall['args']): FunctionCall => ({ fn, args });

/** Settles a promise into a plain record, so tests can look at rejections without unhandled ones. */
function outcome(promise: Promise<FigureValue>): { settled: boolean; value?: FigureValue; error?: FigureError } {
  const record: { settled: boolean; value?: FigureValue; error?: FigureError } = { settled: false };
  promise.then(
    (value) => Object.assign(record, { settled: true, value }),
    (error: FigureError) => Object.assign(record, { settled: true, error }),
  );
  return record;
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('coalescing', () => {
  it('sends the calls of one 25 ms window as one POST /api/v1/functions/batch, answered by position', async () => {
    const server = fakeServer();
    const figures = client(server);
    const a = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(10);
    const b = figures.evaluate(call('AGEING', 'C2', 'total', '2026-06-30', null, null));
    expect(server.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(15);
    expect(await a).toBe('BALANCE(C1,)');
    expect(await b).toBe('AGEING(C2,total,2026-06-30,,)');
    expect(server.requests).toHaveLength(1);
    const [request] = server.requests;
    expect(request!.url).toBe('https://ar.example.test/api/v1/functions/batch');
    expect(request!.init.method).toBe('POST');
    expect(new Headers(request!.init.headers).get('authorization')).toBe('Bearer tok_1');
    expect(new Headers(request!.init.headers).get('content-type')).toBe('application/json');
    expect(JSON.parse(String(request!.init.body))).toEqual({
      calls: [
        { fn: 'AGEING', args: ['C2', 'total', '2026-06-30', null, null] },
        { fn: 'BALANCE', args: ['C1', null] },
      ],
    });
  });

  it('starts a new batch for calls after the window closed', async () => {
    const server = fakeServer();
    const figures = client(server);
    const first = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    const second = figures.evaluate(call('BALANCE', 'C2', null));
    await vi.advanceTimersByTimeAsync(25);
    await Promise.all([first, second]);
    expect(server.requests.map((r) => r.calls.length)).toEqual([1, 1]);
  });

  it('the window is configurable', async () => {
    const server = fakeServer();
    const figures = client(server, { windowMs: 100 });
    void figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(99);
    expect(server.requests).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(server.requests).toHaveLength(1);
  });
});

describe('de-duplication', () => {
  it('sends identical calls once and answers each of them', async () => {
    const server = fakeServer();
    const figures = client(server);
    const answers = [
      figures.evaluate(call('DSO', 'vertical:Retail', null, null, null)),
      figures.evaluate(call('DSO', 'vertical:Retail', null, null, null)),
      figures.evaluate(call('DSO', 'vertical:Retail', 'standard', null, null)),
      figures.evaluate(call('DSO', 'vertical:Retail', null, null, null)),
    ];
    await vi.advanceTimersByTimeAsync(25);
    expect(await Promise.all(answers)).toEqual(['DSO(vertical:Retail,,,)', 'DSO(vertical:Retail,,,)', 'DSO(vertical:Retail,standard,,)', 'DSO(vertical:Retail,,,)']);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.calls).toHaveLength(2);
  });

  it('a call identical to one in flight waits for that answer instead of asking again', async () => {
    const server = fakeServer();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.respondWith(async (calls) => {
      await gate;
      return Response.json({ dataVersion: 1, dataDate: null, results: calls.map(() => ({ value: 42 })) });
    });
    const figures = client(server);
    const first = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    const second = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    release();
    expect(await Promise.all([first, second])).toEqual([42, 42]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('the 2,000-call cap', () => {
  it('splits 2,001 distinct calls into 2 requests sent at once', async () => {
    const server = fakeServer();
    let open = 0;
    let mostOpen = 0;
    server.respondWith(async (calls) => {
      open++;
      mostOpen = Math.max(mostOpen, open);
      await new Promise((resolve) => setTimeout(resolve, 50));
      open--;
      return Response.json({ dataVersion: 1, dataDate: null, results: calls.map((c) => ({ value: Number(c.args[0]) })) });
    });
    const figures = client(server);
    const answers = Array.from({ length: 2_001 }, (_, i) => figures.evaluate(call('BALANCE', String(i), null)));
    await vi.advanceTimersByTimeAsync(100);
    expect(await Promise.all(answers)).toEqual(Array.from({ length: 2_001 }, (_, i) => i));
    expect(server.requests.map((r) => r.calls.length)).toEqual([2_000, 1]);
    expect(mostOpen).toBe(2);
  });

  it('puts calls of one function in the same requests, so a slow function holds back only its own cells', async () => {
    const server = fakeServer();
    server.respondWith(async (calls) => {
      if (calls[0]!.fn === 'CREDITSCORE') await new Promise((resolve) => setTimeout(resolve, 5_000));
      return Response.json({ dataVersion: 1, dataDate: null, results: calls.map(() => ({ value: 1 })) });
    });
    const figures = client(server, { maxCallsPerRequest: 4 });
    const cells = Array.from({ length: 8 }, (_, i) => outcome(figures.evaluate(call(i % 2 ? 'CREDITSCORE' : 'BALANCE', `C${i}`, null))));
    await vi.advanceTimersByTimeAsync(25);
    expect(server.requests.map((r) => r.calls.map((c) => c.fn))).toEqual([Array(4).fill('BALANCE'), Array(4).fill('CREDITSCORE')]);
    expect(cells.map((c) => c.settled)).toEqual([true, false, true, false, true, false, true, false]);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(cells.every((c) => c.value === 1)).toBe(true);
  });

  it('counts only distinct calls towards the cap', async () => {
    const server = fakeServer(() => ({ value: 1 }));
    const figures = client(server);
    const answers = Array.from({ length: 6_000 }, (_, i) => figures.evaluate(call('BALANCE', `C${i % 1_500}`, null)));
    await vi.advanceTimersByTimeAsync(25);
    await Promise.all(answers);
    expect(server.requests.map((r) => r.calls.length)).toEqual([1_500]);
  });
});

describe('every call settles', () => {
  it('on timeout: each call is #N/A saying the server could not be reached, at 15 s', async () => {
    const server = fakeServer();
    server.respondWith(() => new Promise<Response>(() => {}));
    const figures = client(server);
    const answers = Array.from({ length: 3 }, (_, i) => outcome(figures.evaluate(call('BALANCE', `C${i}`, null))));
    await vi.advanceTimersByTimeAsync(25 + 14_999);
    expect(answers.some((a) => a.settled)).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    for (const a of answers) {
      expect(a.error).toBeInstanceOf(FigureError);
      expect(a.error).toMatchObject({ code: 'NA', message: 'The AR server (https://ar.example.test) could not be reached: no answer in 15 s.' });
    }
  });

  it('on timeout the request is aborted', async () => {
    const server = fakeServer();
    let aborted = false;
    server.respondWith((_calls, signal) => {
      signal?.addEventListener('abort', () => (aborted = true));
      return new Promise<Response>(() => {});
    });
    const figures = client(server, { timeoutMs: 1_000 });
    const answer = outcome(figures.evaluate(call('BALANCE', 'C1', null)));
    await vi.advanceTimersByTimeAsync(1_025);
    expect(answer.error?.code).toBe('NA');
    expect(aborted).toBe(true);
  });

  it('on a network failure every call of every request settles with #N/A', async () => {
    const server = fakeServer();
    server.respondWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    const figures = client(server, { maxCallsPerRequest: 10 });
    const answers = Array.from({ length: 35 }, (_, i) => outcome(figures.evaluate(call('BALANCE', `C${i}`, null))));
    await vi.advanceTimersByTimeAsync(25);
    expect(server.requests).toHaveLength(4);
    for (const a of answers) expect(a.error).toMatchObject({ code: 'NA', message: 'The AR server (https://ar.example.test) could not be reached.' });
    expect(figures.status().problem).toBe('The AR server (https://ar.example.test) could not be reached.');
  });

  it('when the connection cannot even be read in time, calls still settle', async () => {
    const server = fakeServer();
    const figures = client(server, { connection: () => new Promise<Connection>(() => {}) });
    const answer = outcome(figures.evaluate(call('BALANCE', 'C1', null)));
    await vi.advanceTimersByTimeAsync(15_025);
    expect(answer.error).toMatchObject({ code: 'NA', message: 'The AR server (the server) could not be reached: no answer in 15 s.' });
    expect(server.requests).toHaveLength(0);
  });

  it('answers with the last value a call had when the server cannot be reached, and counts it', async () => {
    const server = fakeServer(() => ({ value: 1234.5 }));
    const figures = client(server);
    const first = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    expect(await first).toBe(1234.5);
    figures.refreshAll();
    server.respondWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    const again = outcome(figures.evaluate(call('BALANCE', 'C1', null)));
    const never = outcome(figures.evaluate(call('BALANCE', 'C2', null)));
    await vi.advanceTimersByTimeAsync(25);
    expect(again.value).toBe(1234.5);
    expect(never.error?.code).toBe('NA');
    expect(figures.status()).toMatchObject({ cachedAnswers: 1, problem: expect.stringContaining('could not be reached') });
  });

  it('with no saved token: #N/A asking to sign in, no request', async () => {
    const server = fakeServer();
    const figures = client(server, { connection: async () => null });
    const answer = outcome(figures.evaluate(call('BALANCE', 'C1', null)));
    await vi.advanceTimersByTimeAsync(25);
    expect(answer.error).toMatchObject({ code: 'NA', message: 'Sign in from the AR task pane.' });
    expect(server.requests).toHaveLength(0);
  });

  it('a refused token is #N/A asking to sign in again, not a cached value', async () => {
    const server = fakeServer(() => ({ value: 5 }));
    const figures = client(server);
    const first = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    await first;
    figures.refreshAll();
    server.respondWith(async () => Response.json({ error: { code: 'unauthenticated', message: 'unknown or revoked token' } }, { status: 401 }));
    const answer = outcome(figures.evaluate(call('BALANCE', 'C1', null)));
    await vi.advanceTimersByTimeAsync(25);
    expect(answer.error).toMatchObject({ code: 'NA', message: expect.stringMatching(/refused the saved token/) });
  });

  it("a server error: #N/A with the server's message", async () => {
    const server = fakeServer();
    server.respondWith(async () => Response.json({ error: { code: 'invalid_request', message: 'calls: at most 2000' } }, { status: 422 }));
    const figures = client(server);
    const answer = outcome(figures.evaluate(call('BALANCE', 'C1', null)));
    await vi.advanceTimersByTimeAsync(25);
    expect(answer.error).toMatchObject({ code: 'NA', message: 'The AR server could not answer: calls: at most 2000' });
  });

  it('a reply that is not the batch shape (wrong count, not JSON) is #N/A for each call', async () => {
    const server = fakeServer();
    server.respondWith(async () => Response.json({ dataVersion: 1, dataDate: null, results: [] }));
    const figures = client(server);
    const a = outcome(figures.evaluate(call('BALANCE', 'C1', null)));
    await vi.advanceTimersByTimeAsync(25);
    server.respondWith(async () => new Response('<html>sign in</html>', { status: 200 }));
    const b = outcome(figures.evaluate(call('BALANCE', 'C2', null)));
    await vi.advanceTimersByTimeAsync(25);
    for (const o of [a, b]) expect(o.error).toMatchObject({ code: 'NA', message: 'The AR server (https://ar.example.test) answered, but not as expected.' });
  });
});

describe('errors from the server', () => {
  it('maps NA to #N/A and VALUE to #VALUE!, each with its message; other calls of the batch still answer', async () => {
    const server = fakeServer((c) => {
      if (c.args[0] === 'NOPE') return { error: { code: 'NA', message: 'unknown customer NOPE' } };
      if (c.fn === 'AGEING') return { error: { code: 'VALUE', message: 'bucket must be one of Current, 1-30' } };
      if (c.fn === 'CUSTOMERS') return { value: [['C1', 'Acme', 'Retail', 'EMEA', 'Ana']] };
      return { value: 7 };
    });
    const figures = client(server);
    const na = outcome(figures.evaluate(call('BALANCE', 'NOPE', null)));
    const value = outcome(figures.evaluate(call('AGEING', 'C1', '1-2', null, null, null)));
    const ok = outcome(figures.evaluate(call('BALANCE', 'C1', null)));
    const spill = outcome(figures.evaluate(call('CUSTOMERS', null)));
    await vi.advanceTimersByTimeAsync(25);
    expect(na.error).toMatchObject({ code: 'NA', message: 'unknown customer NOPE' });
    expect(value.error).toMatchObject({ code: 'VALUE', message: 'bucket must be one of Current, 1-30' });
    expect(ok.value).toBe(7);
    expect(spill.value).toEqual([['C1', 'Acme', 'Retail', 'EMEA', 'Ana']]);
  });

  it('an unknown code, or a result a cell cannot show, is #N/A for that call only', async () => {
    const server = fakeServer((c) => (c.args[0] === 'A' ? { error: { code: 'BUSY', message: 'try later' } } : c.args[0] === 'B' ? ({ value: { x: 1 } } as never) : { value: 3 }));
    const figures = client(server);
    const [a, b, c] = ['A', 'B', 'C'].map((id) => outcome(figures.evaluate(call('BALANCE', id, null))));
    await vi.advanceTimersByTimeAsync(25);
    expect(a!.error).toMatchObject({ code: 'NA', message: 'try later' });
    expect(b!.error).toMatchObject({ code: 'NA', message: expect.stringMatching(/nothing a cell can show/) });
    expect(c!.value).toBe(3);
  });
});

describe('the cache', () => {
  it('answers a repeated call from the cache, errors included, without a request', async () => {
    const server = fakeServer((c) => (c.args[0] === 'NOPE' ? { error: { code: 'NA', message: 'unknown customer NOPE' } } : { value: 10 }));
    const figures = client(server);
    const first = [figures.evaluate(call('BALANCE', 'C1', null)), outcome(figures.evaluate(call('BALANCE', 'NOPE', null)))];
    await vi.advanceTimersByTimeAsync(25);
    await first[0];
    expect(await figures.evaluate(call('BALANCE', 'C1', null))).toBe(10);
    await expect(figures.evaluate(call('BALANCE', 'NOPE', null))).rejects.toMatchObject({ code: 'NA', message: 'unknown customer NOPE' });
    expect(server.requests).toHaveLength(1);
  });

  it("drops every cached result when a reply carries another dataVersion than the cache's", async () => {
    let balance = 10;
    const server = fakeServer(() => ({ value: balance }));
    const figures = client(server);
    const a = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    expect(await a).toBe(10);
    // New data on the server: a call not cached brings the new version, and the old C1 goes.
    server.state.dataVersion = 2;
    balance = 20;
    const b = figures.evaluate(call('BALANCE', 'C2', null));
    await vi.advanceTimersByTimeAsync(25);
    expect(await b).toBe(20);
    const c = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    expect(await c).toBe(20);
    expect(server.requests).toHaveLength(3);
    expect(figures.status()).toMatchObject({ dataVersion: 2, dataDate: '2026-06-30', requests: 3, callsSent: 3 });
  });

  it('refreshAll drops the cache: the next call asks again', async () => {
    const server = fakeServer(() => ({ value: 1 }));
    const figures = client(server);
    const a = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    await a;
    figures.refreshAll();
    const b = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    await b;
    expect(server.requests).toHaveLength(2);
  });

  it('a reply to a request sent before refreshAll does not fill the new cache', async () => {
    const server = fakeServer();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.respondWith(async (calls) => {
      await gate;
      return Response.json({ dataVersion: 1, dataDate: null, results: calls.map(() => ({ value: 'old' })) });
    });
    const figures = client(server);
    const before = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    figures.refreshAll();
    const after = figures.evaluate(call('BALANCE', 'C1', null));
    release();
    await vi.advanceTimersByTimeAsync(25);
    expect(await before).toBe('old');
    expect(await after).toBe('old');
    expect(server.requests).toHaveLength(2);
  });

  it('tells listeners about each change of status', async () => {
    const server = fakeServer(() => ({ value: 1 }));
    const figures = client(server);
    const seen: number[] = [];
    const stop = figures.onStatus((s) => seen.push(s.requests));
    const a = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    await a;
    figures.refreshAll();
    stop();
    figures.refreshAll();
    expect(seen).toEqual([1, 1]);
  });
});

describe('formula preview (the user is still typing)', () => {
  it('answers the placeholder without a request when nothing is cached', async () => {
    const server = fakeServer();
    const figures = client(server);
    expect(await figures.evaluate(call('BALANCE', 'C1', null), { preview: true, placeholder: 0 })).toBe(0);
    expect(await figures.evaluate(call('CUSTOMERS', null), { preview: true, placeholder: [['…']] })).toEqual([['…']]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.requests).toHaveLength(0);
  });

  it('answers from the cache, or the last known value, when there is one', async () => {
    const server = fakeServer(() => ({ value: 99 }));
    const figures = client(server);
    const a = figures.evaluate(call('BALANCE', 'C1', null));
    await vi.advanceTimersByTimeAsync(25);
    await a;
    expect(await figures.evaluate(call('BALANCE', 'C1', null), { preview: true })).toBe(99);
    figures.refreshAll();
    expect(await figures.evaluate(call('BALANCE', 'C1', null), { preview: true })).toBe(99);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(server.requests).toHaveLength(1);
  });
});
