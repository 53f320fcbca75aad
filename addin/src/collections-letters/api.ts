// The collections letters and audit endpoints as the Worker answers them (worker/src/routes/dunning.ts, audits.ts).
// Plain fetch with the bearer token; errors are the API client's ApiError so the pane shows the server's message.
import { ApiError, type Fetch } from '../api/client';

export interface Letter {
  id: string;
  customerId: string;
  customerName: string;
  level: number;
  levelName: string;
  channel: string;
  daysPastDue: number;
  total: number;
  invoices: string[];
  html: string;
}

export interface DunningRun {
  runId: string | null;
  asOf: string;
  currency: string;
  letters: Letter[];
  skipped: { customerId: string; customerName: string; level: number; reason: string }[];
}

export interface AuditItem {
  position: number;
  itemType: string;
  itemId: string;
  summary: string;
  result: 'ok' | 'finding' | null;
  comment: string | null;
}

export interface AuditSample {
  id: string;
  userId: string;
  from: string;
  to: string;
  seed: string;
  size: number;
  population: number;
  items: AuditItem[];
}

export interface LettersApi {
  run(body: { asOf?: string; collector?: string; preview: boolean }, idempotencyKey?: string): Promise<DunningRun>;
  drawSample(body: { userId: string; from: string; to: string; size: number; seed?: string }, idempotencyKey: string): Promise<AuditSample>;
  sample(id: string): Promise<AuditSample>;
  recordResults(id: string, results: { position: number; result: 'ok' | 'finding'; comment: string }[], idempotencyKey: string): Promise<AuditSample>;
}

export function createLettersApi(o: { serverUrl: string; token: string; fetch?: Fetch; timeoutMs?: number }): LettersApi {
  const fetch = o.fetch ?? globalThis.fetch.bind(globalThis);
  async function request<T>(method: 'GET' | 'POST', path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
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
  }
  return {
    run: (body, key) => request('POST', '/dunning/runs', body, key ? { 'Idempotency-Key': key } : {}),
    drawSample: (body, key) => request('POST', '/audits/sample', body, { 'Idempotency-Key': key }),
    sample: (id) => request('GET', `/audits/${encodeURIComponent(id)}`),
    recordResults: (id, results, key) => request('POST', `/audits/${encodeURIComponent(id)}/results`, { results }, { 'Idempotency-Key': key }),
  };
}
