// The collections letters and audit endpoints as the Worker answers them (worker/src/routes/dunning.ts, audits.ts).
// Plain fetch with the bearer token; errors are the API client's ApiError so the pane shows the server's message.
import { jsonRequester, type Fetch } from '../api/client';

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
  const request = jsonRequester(o);
  return {
    run: (body, key) => request('POST', '/dunning/runs', body, key ? { 'Idempotency-Key': key } : {}),
    drawSample: (body, key) => request('POST', '/audits/sample', body, { 'Idempotency-Key': key }),
    sample: (id) => request('GET', `/audits/${encodeURIComponent(id)}`),
    recordResults: (id, results, key) => request('POST', `/audits/${encodeURIComponent(id)}/results`, { results }, { 'Idempotency-Key': key }),
  };
}
