// The credit review endpoints as the Worker answers them (worker/src/routes/credit.routes.ts). Plain fetch with the
// bearer token; errors are the API client's ApiError so the pane shows the server's own message.
import { ApiError, type Fetch } from '../api/client';

export interface Driver {
  driver: string;
  value: number | null;
  points: number | null;
  weight: number;
  reason?: string;
}

export interface ReviewItem {
  customerId: string;
  name: string;
  version: number;
  dueReasons: string[];
  creditLimit: number;
  termsDays: number;
  hold: string;
  nextReviewDate: string | null;
  exposure: number;
  headroom: number;
  utilisation: number | null;
  score: number;
  grade: string;
  recommendedLimit: number;
  drivers: Driver[];
  insurance: { insurer: string; insuredAmount: number; expiresOn: string } | null;
  insuredCover: number;
  uninsuredExposure: number;
  pendingDecisionId: string | null;
}

export interface ReviewReply {
  asOf: string;
  currency: string;
  dataVersion: number;
  items: ReviewItem[];
}

export interface DecisionInput {
  customerId: string;
  version: number;
  newLimit?: number | string;
  newTermsDays?: number;
  hold?: 'none' | 'new_orders' | 'invoicing' | 'all';
  nextReviewDate?: string;
  reason: string;
}

export interface DecisionResult {
  customerId: string;
  decisionId: string | null;
  status: 'applied' | 'pending_approval' | 'rejected';
  reason?: string;
  approverRole?: string;
}

export interface Evidence {
  asOf: string;
  score: number;
  grade: string;
  drivers: Driver[];
  creditLimit: number;
  exposure: number;
  headroom: number;
  recommendedLimit: number;
  uninsuredExposure: number;
}

export interface ApprovalItem {
  id: string;
  decisionId: string;
  customerId: string;
  customerName: string;
  currentLimit: number;
  newLimit: number;
  currentTermsDays: number;
  newTermsDays: number;
  currentHold: string;
  newHold: string;
  reason: string;
  whyApproval: string | null;
  requestedBy: string;
  requestedByName: string | null;
  requestedAt: string;
  stale: boolean;
  evidence: Evidence;
}

export interface CreditApi {
  reviews(options: { due: boolean; asOf?: string }): Promise<ReviewReply>;
  submit(decisions: DecisionInput[], idempotencyKey: string): Promise<{ results: DecisionResult[] }>;
  approvals(): Promise<{ currency: string; items: ApprovalItem[] }>;
  decide(id: string, action: 'approve' | 'reject', comment: string): Promise<{ status: 'applied' | 'rejected' }>;
}

export function createCreditApi(o: { serverUrl: string; token: string; fetch?: Fetch; timeoutMs?: number }): CreditApi {
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
    const json = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string } } | undefined;
    if (!res.ok) throw new ApiError(json?.error?.code ?? 'http_error', json?.error?.message ?? `The server answered ${res.status}.`, res.status);
    if (json === undefined) throw new ApiError('bad_response', `${o.serverUrl} answered, but not as the AR server does.`, res.status);
    return json as T;
  }
  return {
    reviews: ({ due, asOf }) => request('GET', `/credit-reviews?due=${due}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`),
    submit: (decisions, key) => request('POST', '/limit-decisions', { decisions }, { 'Idempotency-Key': key }),
    approvals: () => request('GET', '/approvals'),
    decide: (id, action, comment) => request('POST', `/approvals/${encodeURIComponent(id)}`, { action, comment }, { 'Idempotency-Key': `approval-${crypto.randomUUID()}` }),
  };
}
