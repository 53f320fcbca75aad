// The reconciliation endpoints as the pane calls them: GET /reconciliations/account, POST
// /reconciliations/match and /reconciliations, GET and POST /confirmations, GET /unapplied and POST
// /unapplied/proposals. Every request has a time limit, so the pane always settles. Each POST
// carries the Idempotency-Key of the user's action; a retry of that action (no answer, or 409 while
// the first attempt is still running) reuses it, so the server stores the action at most once.
import { DetailedApiError as RecApiError, serverError, type Fetch } from '../api/client';
import { has, queryString } from '../reports/api';
import type { LineType, StatementLine } from './statement';

export { DetailedApiError as RecApiError, type ErrorDetail } from '../api/client';

export interface Me {
  id: string;
  name: string;
  role: string;
  dataDate: string | null;
}

export interface OpenItem {
  docType: string;
  docNo: string;
  date: string;
  dueDate: string;
  amount: number;
  open: number;
  reference: string;
}
export interface Account {
  customerId: string;
  name: string;
  currency: string;
  asOf: string;
  balance: number;
  items: OpenItem[];
}

export type LineStatus = 'matched' | 'amount_difference' | 'missing_in_ledger';
export interface LineResult {
  index: number;
  status: LineStatus;
  rule: 'reference' | 'normalised_reference' | 'amount_date' | 'subset_sum' | null;
  matches: string[];
  group: number | null;
  difference: number;
}
export interface UnmatchedDoc {
  docNo: string;
  docType: string;
  date: string;
  amount: number;
  status: 'missing_in_statement';
}
export interface MatchResult {
  customerId: string;
  asOf: string;
  currency: string;
  ourBalance: number;
  theirBalance: number;
  difference: number;
  unexplained: number;
  lines: LineResult[];
  unmatched: UnmatchedDoc[];
  breakdown: { category: string; label: string; amount: number }[];
}
export interface MatchRequest {
  customerId: string;
  asOf: string;
  lines: (StatementLine & { type?: LineType })[];
}
export interface SubmitRequest extends MatchRequest {
  lines: (StatementLine & { explanation?: string })[];
  unmatchedExplanations?: { docNo: string; explanation: string }[];
  notes?: string;
}
export interface RecRecord extends MatchResult {
  id: string;
  version: number;
  status: 'agreed' | 'differences';
  notes: string;
  preparedBy: string;
  preparedAt: string;
  signedOffBy: string | null;
  signedOffAt: string | null;
  signOff: { roles: string[]; notBy: string };
}

export type ConfirmationState = 'not_sent' | 'sent' | 'confirmed' | 'disputed';
export interface Confirmation {
  customerId: string;
  name: string;
  balance: number;
  state: ConfirmationState;
  flagged: boolean;
  selectedBecause: 'top_balance' | 'flagged';
  reconciliationId: string | null;
  version: number | null;
  signedOff: boolean;
  note: string;
  confirmationVersion: number;
}
export interface Confirmations {
  quarter: string;
  asOf: string;
  currency: string;
  items: Confirmation[];
}

export interface Allocation {
  invoiceNo: string;
  amount: number | string;
}
export interface UnappliedItem {
  customerId: string;
  customerName: string;
  docType: string;
  docNo: string;
  date: string;
  currency: string;
  unapplied: number;
  reference: string;
  suggestions: { rule: 'reference' | 'exact_amount' | 'subset_sum'; confidence: number; allocations: Allocation[] }[];
}
export interface ProposalRequest {
  items: { docType: string; docNo: string; allocations: { invoiceNo: string; amount: string }[]; note?: string }[];
}
export interface Proposal {
  id: string;
  docType: string;
  docNo: string;
  customerId: string;
  allocations: Allocation[];
  state: 'open' | 'posted';
  createdBy: string;
  createdAt: string;
}

export interface RecApi {
  me(): Promise<Me>;
  account(q: { customer: string; asOf: string }): Promise<Account>;
  match(body: MatchRequest, key: string): Promise<MatchResult>;
  submit(body: SubmitRequest, key: string): Promise<RecRecord>;
  confirmations(q: { quarter: string; top?: number }): Promise<Confirmations>;
  setConfirmation(body: { quarter: string; customerId: string; confirmationVersion: number; state?: 'not_sent' | 'sent'; flagged?: boolean; note?: string }, key: string): Promise<Confirmation>;
  unapplied(q: { asOf: string; customer?: string }): Promise<{ asOf: string; items: UnappliedItem[] }>;
  propose(body: ProposalRequest, key: string): Promise<{ items: Proposal[] }>;
}

export interface RecApiOptions {
  serverUrl: string;
  token: string;
  fetch?: Fetch;
  timeoutMs?: number;
  /** Waits before each retry of a POST that got no answer or a 409 "in flight". */
  retryDelaysMs?: number[];
}

/** A fresh key for one user action (the server accepts 8 to 128 of [A-Za-z0-9._:-]). */
export function newIdempotencyKey(): string {
  return `rec-${crypto.randomUUID()}`;
}

export function createRecApi({ serverUrl, token, fetch = globalThis.fetch.bind(globalThis), timeoutMs = 30_000, retryDelaysMs = [500, 1500] }: RecApiOptions): RecApi {
  async function once<T>(method: 'GET' | 'POST', path: string, body: unknown, key: string | null, parse: (b: unknown) => T | null): Promise<T> {
    let response: Response;
    let json: unknown;
    try {
      response = await fetch(`${serverUrl}${path}`, {
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
      throw new RecApiError('network', timedOut ? `${serverUrl} did not answer ${path.split('?')[0]} within ${timeoutMs / 1000} s.` : `Could not reach ${serverUrl}.`, null);
    }
    if (!response.ok) throw errorFrom(response, json);
    const value = parse(json);
    if (value === null) throw new RecApiError('bad_response', `${serverUrl}${path.split('?')[0]} answered in an unexpected shape.`, response.status);
    return value;
  }

  async function post<T>(path: string, body: unknown, key: string, parse: (b: unknown) => T | null): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await once('POST', path, body, key, parse);
      } catch (err) {
        const retryable = err instanceof RecApiError && (err.code === 'network' || err.status === 409);
        // A 409 other than the key's "still being processed" (e.g. a conflict of the data) is an answer, not a reason to retry.
        const inFlight = err instanceof RecApiError && err.status === 409 && /Idempotency-Key.*(still being processed|being released)/i.test(err.message);
        if (!retryable || (err.status === 409 && !inFlight) || attempt >= retryDelaysMs.length) throw err;
        await new Promise((resolve) => setTimeout(resolve, retryDelaysMs[attempt]));
      }
    }
  }
  const get = <T>(path: string, q: Record<string, string | number | undefined>, parse: (b: unknown) => T | null) => once('GET', `${path}${queryString(q)}`, undefined, null, parse);
  const shaped =
    <T>(shape: Parameters<typeof has>[1]) =>
    (b: unknown): T | null =>
      has(b, shape) ? (b as T) : null;

  return {
    me: () => get('/api/v1/me', {}, shaped<Me>({ id: 'string', name: 'string', role: 'string' })),
    account: (q) => get('/api/v1/reconciliations/account', q, shaped<Account>({ customerId: 'string', currency: 'string', asOf: 'string', balance: 'number', items: 'array' })),
    match: (body, key) => post('/api/v1/reconciliations/match', body, key, shaped<MatchResult>({ ourBalance: 'number', theirBalance: 'number', difference: 'number', lines: 'array', unmatched: 'array', breakdown: 'array' })),
    submit: (body, key) => post('/api/v1/reconciliations', body, key, shaped<RecRecord>({ id: 'string', version: 'number', lines: 'array', unmatched: 'array', signOff: 'object' })),
    confirmations: (q) => get('/api/v1/confirmations', q, shaped<Confirmations>({ quarter: 'string', asOf: 'string', items: 'array' })),
    setConfirmation: (body, key) => post('/api/v1/confirmations', body, key, shaped<Confirmation>({ customerId: 'string', state: 'string' })),
    unapplied: (q) => get('/api/v1/unapplied', q, shaped<{ asOf: string; items: UnappliedItem[] }>({ asOf: 'string', items: 'array' })),
    propose: (body, key) => post('/api/v1/unapplied/proposals', body, key, shaped<{ items: Proposal[] }>({ items: 'array' })),
  };
}

function errorFrom(response: Response, body: unknown): RecApiError {
  const fromServer = serverError(response, body);
  if (fromServer) return fromServer;
  if (response.status === 404) return new RecApiError('not_found', `This server has no ${new URL(response.url || 'http://x/').pathname} yet: update the server.`, 404);
  return new RecApiError('http_error', `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, response.status);
}
