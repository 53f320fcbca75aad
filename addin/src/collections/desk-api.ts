// The collections desk endpoints as the pane calls them (worker/src/routes/collections.routes.ts): GET /worklist,
// POST /activities, POST /promises, GET and POST /disputes. Plain fetch with the bearer token and a time limit, so
// the pane always settles. A refusal keeps the server's per-field details (422) for the form to show.
import { DetailedApiError as DeskApiError, serverError, type Fetch } from '../api/client';
import { has, queryString } from '../reports/api';

/** The API's errors here: with the server's details; `network` when no answer came (the request may or may not have landed). */
export { DetailedApiError as DeskApiError, type ErrorDetail } from '../api/client';

export interface WorklistPromise {
  id: string;
  promisedDate: string;
  amount: number;
  currency: string;
  state: string;
}
export interface WorklistItem {
  customerId: string;
  name: string;
  collector: string;
  priority: number;
  reasons: string[];
  overdue: number;
  disputed: number;
  grade: string | null;
  promises: WorklistPromise[];
  lastActivity: { occurredOn: string; kind: string; outcome: string } | null;
  nextActionDate: string | null;
  nextStep: string;
}
export interface WorklistReply {
  date: string;
  collector: string | null;
  currency: string;
  items: WorklistItem[];
}

export interface Activity {
  id: string;
  customerId: string;
  kind: string;
  invoices: string[];
  outcome: string;
  note: string;
  nextActionDate: string | null;
  occurredOn: string;
  createdBy: string;
}
export interface PromiseToPay {
  id: string;
  customerId: string;
  invoices: string[];
  amount: number;
  currency: string;
  madeOn: string;
  promisedDate: string;
  note: string;
  paid: number;
  state: 'open' | 'kept' | 'partly_kept' | 'broken';
}
export interface Dispute {
  id: string;
  customerId: string;
  invoices: string[];
  amount: number;
  currency: string;
  reason: string;
  owner: string;
  status: string;
  rootCause: string;
  note: string;
  openedOn: string;
  resolvedOn: string | null;
  version: number;
}

export interface ActivityRequest {
  customerId: string;
  kind: string;
  invoices: string[];
  outcome: string;
  note: string;
  nextActionDate?: string;
}
export interface PromiseRequest {
  customerId: string;
  invoices: string[];
  amount: string;
  promisedDate: string;
  note: string;
}
export interface DisputeRequest {
  customerId: string;
  invoices: string[];
  amount: string;
  reason: string;
  owner: string;
  note: string;
}

export interface DeskApi {
  worklist(q: { collector?: string; date?: string }): Promise<WorklistReply>;
  disputes(q: { status?: 'active' }): Promise<{ items: Dispute[] }>;
  logActivity(body: ActivityRequest, key: string): Promise<Activity>;
  recordPromise(body: PromiseRequest, key: string): Promise<PromiseToPay>;
  openDispute(body: DisputeRequest, key: string): Promise<Dispute>;
}

export function createDeskApi({ serverUrl, token, fetch = globalThis.fetch.bind(globalThis), timeoutMs = 60_000 }: { serverUrl: string; token: string; fetch?: Fetch; timeoutMs?: number }): DeskApi {
  async function send<T>(method: 'GET' | 'POST', path: string, body: unknown, key: string | null, shape: Parameters<typeof has>[1]): Promise<T> {
    let response: Response;
    let json: unknown;
    try {
      response = await fetch(`${serverUrl}/api/v1${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
          ...(key ? { 'Idempotency-Key': key } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
      json = await response.json().catch(() => undefined);
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw new DeskApiError('network', timedOut ? `${serverUrl} did not answer within ${timeoutMs / 1000} s` : `Could not reach ${serverUrl}`, null);
    }
    if (!response.ok) throw errorFrom(response, json);
    if (!has(json, shape)) throw new DeskApiError('bad_response', `${serverUrl}${path.split('?')[0]} answered in an unexpected shape`, response.status);
    return json as T;
  }
  return {
    worklist: (q) => send('GET', `/worklist${queryString(q)}`, undefined, null, { date: 'string', items: 'array' }),
    disputes: (q) => send('GET', `/disputes${queryString(q)}`, undefined, null, { items: 'array' }),
    logActivity: (body, key) => send('POST', '/activities', body, key, { id: 'string', occurredOn: 'string' }),
    recordPromise: (body, key) => send('POST', '/promises', body, key, { id: 'string', state: 'string' }),
    openDispute: (body, key) => send('POST', '/disputes', body, key, { id: 'string', version: 'number' }),
  };
}

function errorFrom(response: Response, body: unknown): DeskApiError {
  return serverError(response, body) ?? new DeskApiError('http_error', `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, response.status);
}
