// The credit review endpoints as the Worker answers them (worker/src/routes/credit.routes.ts). Plain fetch with the
// bearer token; errors are the API client's ApiError so the pane shows the server's own message.
import { jsonRequester, type Fetch } from '../api/client';

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
  const request = jsonRequester(o);
  return {
    reviews: ({ due, asOf }) => request('GET', `/credit-reviews?due=${due}${asOf ? `&asOf=${encodeURIComponent(asOf)}` : ''}`),
    submit: (decisions, key) => request('POST', '/limit-decisions', { decisions }, { 'Idempotency-Key': key }),
    approvals: () => request('GET', '/approvals'),
    decide: (id, action, comment) => request('POST', `/approvals/${encodeURIComponent(id)}`, { action, comment }, { 'Idempotency-Key': `approval-${crypto.randomUUID()}` }),
  };
}
