// Every custom-function call comes through here (Microsoft's batching pattern, improved): each call
// gets its own promise and joins a queue; one timer, started by the first call of a quiet period,
// sends the queue as POST /api/v1/functions/batch, at most MAX_CALLS_PER_REQUEST calls a request
// (a larger queue goes as several requests at once, calls of one function together); replies come
// back by position.
// - Identical calls (same fn and args) are sent once and answered together, also while in flight.
// - Results are cached per call for the server's dataVersion (result-cache.ts).
// - Every promise settles: a watchdog answers whatever is still open when the timeout passes, and a
//   failure answers each call with its last known value (counted) or an #N/A saying why.
import { FigureError, invalidValue, MESSAGES, notAvailable } from './errors';
import { BATCH_PATH, callKey, isRecord, MAX_CALLS_PER_REQUEST, parseBatchReply, type CallResult, type FigureValue, type FunctionCall } from './protocol';
import { ResultCache } from './result-cache';

export interface Connection {
  serverUrl: string;
  token: string;
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface BatchClientOptions {
  /** The saved connection, read at each send; null when nobody signed in. */
  connection(): Promise<Connection | null>;
  fetch?: Fetch;
  /** How long the first call of a batch waits for others. */
  windowMs?: number;
  /** From send to the last answer. */
  timeoutMs?: number;
  maxCallsPerRequest?: number;
}

export interface FiguresStatus {
  dataVersion: number | null;
  dataDate: string | null;
  /** HTTP requests sent, and calls in them, since the client started. */
  requests: number;
  callsSent: number;
  /** Calls answered with a last known value because the server could not answer, since the last refresh. */
  cachedAnswers: number;
  /** Why the last failed send failed; null after a good reply. */
  problem: string | null;
}

export interface EvaluateOptions {
  /** Excel's formula preview while the user types: answer without a request. */
  preview?: boolean;
  /** What a preview shows when nothing is cached. */
  placeholder?: FigureValue;
}

export interface BatchClient {
  evaluate(call: FunctionCall, options?: EvaluateOptions): Promise<FigureValue>;
  /** Drops every cached result; the next calculation asks the server again. */
  refreshAll(): void;
  status(): FiguresStatus;
  /** Called after each change of status; answers a function that unsubscribes. */
  onStatus(listener: (status: FiguresStatus) => void): () => void;
}

interface Pending {
  call: FunctionCall;
  key: string;
  resolve(value: FigureValue): void;
  reject(error: FigureError): void;
  promise: Promise<FigureValue>;
  sent: boolean;
  settled: boolean;
}

type Failure = { message: string; fallback: boolean };

export function createBatchClient(options: BatchClientOptions): BatchClient {
  const { windowMs = 25, timeoutMs = 15_000, maxCallsPerRequest = MAX_CALLS_PER_REQUEST } = options;
  const fetch: Fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const cache = new ResultCache();
  /** Queued or in flight, by key: a second identical call waits for the first one's answer. */
  const pending = new Map<string, Pending>();
  let queue: Pending[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by refreshAll: replies to requests sent before it do not fill the new cache. */
  let generation = 0;
  const status: FiguresStatus = { dataVersion: null, dataDate: null, requests: 0, callsSent: 0, cachedAnswers: 0, problem: null };
  const listeners = new Set<(status: FiguresStatus) => void>();
  const notify = () => {
    for (const listener of listeners) listener({ ...status });
  };

  function settle(entry: Pending, result: CallResult): void {
    if (entry.settled) return;
    entry.settled = true;
    if (pending.get(entry.key) === entry) pending.delete(entry.key);
    if ('value' in result) entry.resolve(result.value);
    else entry.reject(toFigureError(result.error));
  }

  function fail(entries: readonly Pending[], failure: Failure): void {
    let fellBack = 0;
    for (const entry of entries) {
      if (entry.settled) continue;
      const last = failure.fallback ? cache.lastValue(entry.key) : undefined;
      if (last !== undefined) fellBack++;
      settle(entry, last !== undefined ? { value: last } : { error: { code: 'NA', message: failure.message } });
    }
    status.cachedAnswers += fellBack;
    status.problem = failure.message;
    notify();
  }

  async function send(entries: Pending[], connection: Connection, signal: AbortSignal, sentIn: number): Promise<void> {
    const { serverUrl, token } = connection;
    let response: Response;
    try {
      status.requests++;
      status.callsSent += entries.length;
      response = await fetch(`${serverUrl}${BATCH_PATH}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ calls: entries.map((e) => e.call) }),
        cache: 'no-store',
        signal,
      });
    } catch {
      return fail(entries, { message: MESSAGES.unreachable(serverUrl), fallback: true });
    }
    const body: unknown = await response.json().catch(() => undefined);
    if (response.status === 401 || response.status === 403) return fail(entries, { message: MESSAGES.refused, fallback: false });
    if (!response.ok) {
      const said = isRecord(body) && isRecord(body.error) && typeof body.error.message === 'string' ? body.error.message : `HTTP ${response.status}`;
      // A 4xx is about the request, and would be the same again; a 5xx is the server's trouble.
      return fail(entries, { message: `The AR server could not answer: ${said}`, fallback: response.status >= 500 || response.status === 429 });
    }
    const reply = parseBatchReply(body, entries.length);
    if (!reply) return fail(entries, { message: MESSAGES.badReply(serverUrl), fallback: true });
    if (sentIn === generation) cache.store(reply.dataVersion, entries.map((e, i) => [e.key, reply.results[i]!] as const));
    entries.forEach((entry, i) => settle(entry, reply.results[i]!));
    status.dataVersion = reply.dataVersion;
    status.dataDate = reply.dataDate;
    status.problem = null;
    notify();
  }

  async function flush(): Promise<void> {
    timer = null;
    const entries = queue;
    queue = [];
    const sentIn = generation;
    for (const entry of entries) entry.sent = true;
    const abort = new AbortController();
    let serverUrl = 'the server';
    // The watchdog: whatever is still open when the time is up is answered now.
    const watchdog = setTimeout(() => {
      abort.abort();
      fail(entries, { message: MESSAGES.timedOut(serverUrl, Math.round(timeoutMs / 1000)), fallback: true });
    }, timeoutMs);
    try {
      const connection = await options.connection().catch(() => null);
      if (!connection) return fail(entries, { message: MESSAGES.signIn, fallback: false });
      serverUrl = connection.serverUrl;
      // Calls of one function travel together: they need the same data on the server, and a slow
      // function (credit scores) then holds back only its own cells.
      const byFunction = [...entries].sort((a, b) => (a.call.fn < b.call.fn ? -1 : a.call.fn > b.call.fn ? 1 : 0));
      const requests: Promise<void>[] = [];
      for (let i = 0; i < byFunction.length; i += maxCallsPerRequest) {
        requests.push(send(byFunction.slice(i, i + maxCallsPerRequest), connection, abort.signal, sentIn));
      }
      await Promise.all(requests);
    } catch (err) {
      fail(entries, { message: `The AR functions failed: ${err instanceof Error ? err.message : String(err)}`, fallback: true });
    } finally {
      clearTimeout(watchdog);
    }
  }

  function evaluate(call: FunctionCall, { preview = false, placeholder = 0 }: EvaluateOptions = {}): Promise<FigureValue> {
    const key = callKey(call);
    const cached = cache.get(key);
    if (preview) {
      if (cached && 'value' in cached) return Promise.resolve(cached.value);
      return Promise.resolve(cache.lastValue(key) ?? placeholder);
    }
    if (cached) return 'value' in cached ? Promise.resolve(cached.value) : Promise.reject(toFigureError(cached.error));
    const waiting = pending.get(key);
    if (waiting) return waiting.promise;
    let resolve!: (value: FigureValue) => void;
    let reject!: (error: FigureError) => void;
    const promise = new Promise<FigureValue>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const entry: Pending = { call, key, resolve, reject, promise, sent: false, settled: false };
    pending.set(key, entry);
    queue.push(entry);
    timer ??= setTimeout(() => void flush(), windowMs);
    return promise;
  }

  return {
    evaluate,
    refreshAll() {
      cache.dropFresh();
      generation++;
      // Calls already sent may come back with the old data: later calls ask again.
      for (const [key, entry] of pending) if (entry.sent) pending.delete(key);
      status.cachedAnswers = 0;
      status.problem = null;
      notify();
    },
    status: () => ({ ...status }),
    onStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The server's error codes: VALUE is #VALUE!; NA and anything else is #N/A. */
export function toFigureError(error: { code: string; message: string }): FigureError {
  if (error.code === 'VALUE') return invalidValue(error.message || 'An argument is not valid.');
  return notAvailable(error.message || 'No figure for these arguments.');
}
