// The add-in's way to the Worker's API. Plain fetch, so tests drive it with a stand-in.

/** GET /api/v1/me: who the token belongs to, and the date the ledger's data runs to. */
export interface Me {
  id: string;
  name: string;
  role: string;
  /** Delegated authority in the functional currency, as the server formats it. */
  authority: number | string;
  /** ISO date of the latest data loaded, or null before any import. */
  dataDate: string | null;
}

/** The API's error shape `{error:{code,message}}`, plus the client's own `network` and `bad_response`. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number | null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export interface ApiClientOptions {
  serverUrl: string;
  token: string;
  fetch?: Fetch;
  timeoutMs?: number;
}

export interface ApiClient {
  me(): Promise<Me>;
}

export function createApiClient({ serverUrl, token, fetch = globalThis.fetch.bind(globalThis), timeoutMs = 20_000 }: ApiClientOptions): ApiClient {
  async function get<T>(path: string, parse: (body: unknown) => T | null): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${serverUrl}${path}`, {
        method: 'GET',
        headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw new ApiError(
        'network',
        timedOut ? `${serverUrl} did not answer in time.` : `Could not reach ${serverUrl}. Check the server URL and your network.`,
        null,
      );
    }
    const body = await readJson(response);
    if (!response.ok) throw errorFrom(response, body);
    const value = parse(body);
    if (value === null) throw new ApiError('bad_response', `${serverUrl} answered, but not as the AR server does.`, response.status);
    return value;
  }

  return { me: () => get('/api/v1/me', parseMe) };
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function errorFrom(response: Response, body: unknown): ApiError {
  const error = isRecord(body) && isRecord(body.error) ? body.error : null;
  if (error && typeof error.message === 'string' && error.message !== '') {
    return new ApiError(typeof error.code === 'string' ? error.code : 'error', error.message, response.status);
  }
  const status = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  return new ApiError('http_error', `The server answered ${status}.`, response.status);
}

export function parseMe(body: unknown): Me | null {
  if (!isRecord(body)) return null;
  const { id, name, role, authority, dataDate } = body;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof role !== 'string') return null;
  if (typeof authority !== 'number' && typeof authority !== 'string') return null;
  if (dataDate !== null && typeof dataDate !== 'string') return null;
  return { id, name, role, authority, dataDate };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** One item the server refused, as in its error body's `details` (a field path, or an import's row and column). */
export interface ErrorDetail {
  path?: string;
  row?: number;
  column?: string | null;
  message: string;
}

/** An API error with the server's per-item details (422: which row or field); `network` when no answer came. */
export class DetailedApiError extends ApiError {
  constructor(code: string, message: string, status: number | null, readonly details: ErrorDetail[] = []) {
    super(code, message, status);
    this.name = 'DetailedApiError';
  }
}

/** The server's own error body (`{error: {code, message, details}}`) as an error; null when the body is not one. */
export function serverError(response: Response, body: unknown): DetailedApiError | null {
  const error = typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : null;
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string') return null;
  const { code, message, details } = error as { code?: unknown; message: string; details?: unknown };
  const list = Array.isArray(details) ? details.filter((d): d is ErrorDetail => typeof d === 'object' && d !== null && typeof (d as { message?: unknown }).message === 'string') : [];
  return new DetailedApiError(typeof code === 'string' ? code : 'error', message, response.status, list);
}

export type JsonRequest = <T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown, headers?: Record<string, string>) => Promise<T>;

/**
 * JSON calls to `/api/v1` of one server with one token, for the write-back panes' clients: no caching, a time
 * limit, and every failure an ApiError whose message is the server's own (with its details, e.g. which field).
 */
export function jsonRequester(o: { serverUrl: string; token: string; fetch?: Fetch; timeoutMs?: number }): JsonRequest {
  const fetch = o.fetch ?? globalThis.fetch.bind(globalThis);
  return async <T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> => {
    let res: Response;
    try {
      res = await fetch(`${o.serverUrl}/api/v1${path}`, {
        method,
        headers: { Authorization: `Bearer ${o.token}`, Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        cache: 'no-store',
        signal: AbortSignal.timeout(o.timeoutMs ?? 60_000),
      });
    } catch {
      throw new ApiError('network', `Could not reach ${o.serverUrl}. Check the server URL and your network.`, null);
    }
    const json = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; details?: { message: string }[] } } | undefined;
    if (!res.ok) {
      const detail = json?.error?.details?.map((d) => d.message).join('; ');
      throw new ApiError(json?.error?.code ?? 'http_error', `${json?.error?.message ?? `The server answered ${res.status}.`}${detail ? `: ${detail}` : ''}`, res.status);
    }
    if (json === undefined) throw new ApiError('bad_response', `${o.serverUrl} answered, but not as the AR server does.`, res.status);
    return json as T;
  };
}
