// The report endpoints, as the Worker answers them (worker/src/routes/analytics.routes.ts and the
// customers, MIS and functions routes). Plain fetch with the bearer token; every request can be
// cancelled, and errors are the API client's ApiError so the pane shows the server's own message.
import { ApiError, type Fetch } from '../api/client';
import { mapLimited } from './concurrency';
import type { ForecastReply, InsightsReply } from './forecast-report';

export interface Connection {
  serverUrl: string;
  token: string;
}

export class ReportCancelled extends Error {
  constructor() {
    super('Cancelled.');
    this.name = 'ReportCancelled';
  }
}

export interface AgeingLine {
  key: string;
  name: string;
  amounts: number[];
  unapplied: number;
  total: number;
}
export interface AgeingReply {
  asOf: string;
  basis: 'due' | 'document';
  currency: string;
  dataVersion: number;
  buckets: { label: string; from: number | null; to: number | null }[];
  rows: AgeingLine[];
  totals: Omit<AgeingLine, 'key' | 'name'>;
  check: { ledgerBalance: number; difference: number; balanced: boolean };
}

export interface OpenItem {
  customer_id: string;
  doc_type: string;
  doc_no: string;
  doc_date: string;
  due_date: string;
  days: number;
  amount: number;
  currency: string;
  functional_amount: number;
  outstanding: number;
  reference: string;
}
export interface OpenItemsPage {
  asOf: string;
  currency: string;
  items: OpenItem[];
  next: number | null;
}

export interface DsoLine {
  key: string;
  name: string;
  ar: number;
  currentAr: number;
  sales: number;
  dso: number | null;
  bpdso: number | null;
  add: number | null;
  reason?: string;
}
export interface DsoReply {
  asOf: string;
  method: string;
  currency: string;
  dataVersion: number;
  rows: DsoLine[];
  totals: DsoLine;
}

export interface CeiLine {
  key: string;
  name: string;
  openingAr: number;
  sales: number;
  closingAr: number;
  closingCurrentAr: number;
  cei: number | null;
  reason?: string;
}
export interface CeiReply {
  asOf: string;
  months: number;
  periodStart: string;
  currency: string;
  rows: CeiLine[];
  totals: CeiLine;
}

export interface CustomerInfo {
  customer_id: string;
  name: string;
  vertical: string;
  region: string;
  collector: string;
  currency: string;
  credit_limit: number;
  payment_terms_days: number;
}

export interface MisMonth {
  month: string;
  end: string;
  billed: number;
  creditNotes: number;
  unbilled: number;
  debtors: number;
  provision: number;
}
export interface MisReply {
  asOf: string;
  currency: string;
  /** The provision matrix behind `provision`. */
  matrix?: string;
  months: MisMonth[];
  /** Roll rates of the last whole month (absent from older servers). */
  rollRates?: MisRollRates;
}

export interface MisRollRates {
  from: string;
  to: string;
  buckets: { bucket: string; opening: number; percent: { stayed: number; rolledForward: number; collected: number; writtenOff: number; credited: number } }[];
}

export type BatchValue = number | string | (number | string)[][];
export type BatchResult = { value: BatchValue } | { error: { code: string; message: string } };
export interface BatchCall {
  fn: string;
  args: (string | number | boolean | null)[];
}
export interface BatchReply {
  dataVersion: number;
  dataDate: string | null;
  results: BatchResult[];
}

export interface ServerState {
  dataVersion: number;
  dataDate: string | null;
}

/** The functions batch route's cap. */
export const MAX_BATCH_CALLS = 2000;
/** The open-items route's largest page. */
export const OPEN_ITEMS_PAGE = 10_000;

export interface ReportsApi {
  /** The ledger's data version and date: GET /me when it carries `dataVersion`, else an empty functions batch. */
  serverState(signal?: AbortSignal): Promise<ServerState>;
  ageing(query: { asOf: string; basis: string; buckets: string; groupBy: string; scope?: string }, signal?: AbortSignal): Promise<AgeingReply>;
  openItemsPage(query: { asOf: string; basis: string; customer?: string; limit: number; offset: number }, signal?: AbortSignal): Promise<OpenItemsPage>;
  dso(query: { asOf: string; method: string; groupBy: string }, signal?: AbortSignal): Promise<DsoReply>;
  cei(query: { asOf: string; months: number; groupBy: string }, signal?: AbortSignal): Promise<CeiReply>;
  /** GET /customers: every customer's master data (the list does not depend on a date). */
  customers(signal?: AbortSignal): Promise<CustomerInfo[]>;
  mis(query: { asOf: string; months: number }, signal?: AbortSignal): Promise<MisReply>;
  /** Any number of calls, sent MAX_BATCH_CALLS at a time; results in call order. */
  batch(calls: BatchCall[], signal?: AbortSignal): Promise<BatchReply>;
  // Cash-in forecast and insights (issue 12).
  forecast(query: { asOf: string; weeks: number; groupBy: string }, signal?: AbortSignal): Promise<ForecastReply>;
  insights(query: { asOf: string; top: number }, signal?: AbortSignal): Promise<InsightsReply>;
}

export interface ReportsApiOptions extends Connection {
  fetch?: Fetch;
  /** Per request; a big ageing or a 10,000-item page takes a while on a large ledger. */
  timeoutMs?: number;
}

export function createReportsApi({ serverUrl, token, fetch = globalThis.fetch.bind(globalThis), timeoutMs = 120_000 }: ReportsApiOptions): ReportsApi {
  async function send<T>(method: 'GET' | 'POST', path: string, body: unknown, parse: (b: unknown) => T | null, signal?: AbortSignal): Promise<T> {
    if (signal?.aborted) throw new ReportCancelled();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const onAbort = () => controller.abort();
    signal?.addEventListener('abort', onAbort, { once: true });
    let response: Response;
    let json: unknown;
    try {
      response = await fetch(`${serverUrl}${path}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: controller.signal,
      });
      json = await response.json().catch(() => undefined);
    } catch {
      if (signal?.aborted) throw new ReportCancelled();
      const timedOut = controller.signal.aborted;
      throw new ApiError('network', timedOut ? `${serverUrl} did not answer ${path.split('?')[0]} in time.` : `Could not reach ${serverUrl}.`, null);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
    if (!response.ok) throw errorFrom(response, json);
    const value = parse(json);
    if (value === null) throw new ApiError('bad_response', `${serverUrl}${path.split('?')[0]} answered in an unexpected shape.`, response.status);
    return value;
  }
  const get = <T>(path: string, query: Record<string, string | number | undefined>, parse: (b: unknown) => T | null, signal?: AbortSignal) =>
    send('GET', `${path}${queryString(query)}`, undefined, parse, signal);

  async function batch(calls: BatchCall[], signal?: AbortSignal): Promise<BatchReply> {
    if (calls.length === 0) return send('POST', '/api/v1/functions/batch', { calls: [] }, parseBatch, signal);
    const parts = Array.from({ length: Math.ceil(calls.length / MAX_BATCH_CALLS) }, (_, i) => calls.slice(i * MAX_BATCH_CALLS, (i + 1) * MAX_BATCH_CALLS));
    // A few requests at a time: 20,000 customers are 20 requests of 2,000 calls for each figure.
    const replies = await mapLimited(parts, 3, async (part) => {
      const reply = await send('POST', '/api/v1/functions/batch', { calls: part }, parseBatch, signal);
      if (reply.results.length !== part.length) throw new ApiError('bad_response', 'The functions batch answered a different number of results.', 200);
      return reply;
    });
    const versions = new Set(replies.map((r) => r.dataVersion));
    if (versions.size > 1) throw new ApiError('data_changed', 'The ledger changed while the report was being fetched. Run it again.', null);
    const last = replies.at(-1)!;
    return { dataVersion: last.dataVersion, dataDate: last.dataDate, results: replies.flatMap((r) => r.results) };
  }

  return {
    async serverState(signal) {
      const me = await get('/api/v1/me', {}, (b) => (has(b, { id: 'string' }) ? (b as { dataVersion?: unknown; dataDate?: unknown }) : null), signal);
      if (typeof me.dataVersion === 'number') return { dataVersion: me.dataVersion, dataDate: typeof me.dataDate === 'string' ? me.dataDate : null };
      const { dataVersion, dataDate } = await batch([], signal);
      return { dataVersion, dataDate };
    },
    ageing: (q, signal) => get('/api/v1/ageing', q, (b) => (has(b, { asOf: 'string', currency: 'string', dataVersion: 'number', buckets: 'array', rows: 'array', totals: 'object', check: 'object' }) ? (b as AgeingReply) : null), signal),
    openItemsPage: (q, signal) => get('/api/v1/open-items', q, (b) => (has(b, { asOf: 'string', currency: 'string', items: 'array' }) ? (b as OpenItemsPage) : null), signal),
    dso: (q, signal) => get('/api/v1/dso', q, (b) => (has(b, { asOf: 'string', dataVersion: 'number', rows: 'array', totals: 'object' }) ? (b as DsoReply) : null), signal),
    cei: (q, signal) => get('/api/v1/cei', q, (b) => (has(b, { asOf: 'string', rows: 'array', totals: 'object' }) ? (b as CeiReply) : null), signal),
    customers: (signal) => get('/api/v1/customers', {}, (b) => (has(b, { items: 'array' }) ? (b as { items: CustomerInfo[] }).items : null), signal),
    mis: (q, signal) => get('/api/v1/mis', q, (b) => (has(b, { asOf: 'string', currency: 'string', months: 'array' }) ? (b as MisReply) : null), signal),
    batch,
    // Cash-in forecast and insights (issue 12).
    forecast: (q, signal) => get('/api/v1/forecast', q, (b) => (has(b, { asOf: 'string', currency: 'string', weeks: 'array', rows: 'array', totals: 'object', check: 'object' }) ? (b as ForecastReply) : null), signal),
    insights: (q, signal) => get('/api/v1/insights', q, (b) => (has(b, { asOf: 'string', currency: 'string', movers: 'array', concentration: 'object' }) ? (b as InsightsReply) : null), signal),
  };
}

function parseBatch(b: unknown): BatchReply | null {
  return has(b, { dataVersion: 'number', results: 'array' }) ? (b as BatchReply) : null;
}

export function queryString(query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

type Kind = 'string' | 'number' | 'array' | 'object';
/** A light check of a reply's top level: enough to tell the AR server's answer from anything else. */
export function has(body: unknown, shape: Record<string, Kind>): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const record = body as Record<string, unknown>;
  return Object.entries(shape).every(([key, kind]) => {
    const v = record[key];
    if (kind === 'array') return Array.isArray(v);
    if (kind === 'object') return typeof v === 'object' && v !== null && !Array.isArray(v);
    return typeof v === kind;
  });
}

function errorFrom(response: Response, body: unknown): ApiError {
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : null;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    const { code, message } = error as { code?: unknown; message: string };
    return new ApiError(typeof code === 'string' ? code : 'error', message, response.status);
  }
  if (response.status === 404) return new ApiError('not_found', `This server has no ${new URL(response.url || 'http://x/').pathname} yet: update the server.`, 404);
  return new ApiError('http_error', `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`, response.status);
}
