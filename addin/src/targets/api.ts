// The targets and performance endpoints as the Worker answers them (worker/src/routes/targets.routes.ts). Plain fetch with
// the bearer token; errors are the API client's ApiError so the pane shows the server's own message.
import { jsonRequester, type Fetch } from '../api/client';

export type Metric = 'collections' | 'dso' | 'overdue_over_60' | 'promises_kept_rate';

export interface TargetItem {
  period: string;
  collector: string | null;
  vertical: string | null;
  metric: Metric;
  value: number;
  version: number;
  setBy: string;
  setAt: string;
}

export interface GridReply {
  from: string;
  to: string;
  currency: string;
  periods: { period: string; state: 'open' | 'closed' | 'reopened'; reopenedUntil: string | null }[];
  collectors: string[];
  verticals: string[];
  items: TargetItem[];
}

export interface TargetInput {
  period: string;
  collector?: string;
  vertical?: string;
  metric: string;
  value: number | string;
}

export interface TargetResult {
  index: number;
  period: string;
  collector: string | null;
  vertical: string | null;
  metric: string;
  status: 'created' | 'updated' | 'unchanged' | 'rejected';
  version?: number;
  reason?: string;
}

export interface PerformanceRow {
  key: string;
  metric: Metric;
  target: number | null;
  targetVersion: number | null;
  actual: number | null;
  achievedPct: number | null;
  met: boolean | null;
  reason?: string;
  projection?: number | null;
  projectedPct?: number | null;
}

export interface PerformanceReply {
  period: string;
  groupBy: 'collector' | 'vertical';
  currency: string;
  state: 'open' | 'closed' | 'reopened';
  asOf: string | null;
  complete: boolean;
  daysElapsed: number;
  daysInPeriod: number;
  dataVersion: number;
  rows: PerformanceRow[];
  total: Omit<PerformanceRow, 'key'>[];
}

export interface TargetsApi {
  grid(from: string, to: string): Promise<GridReply>;
  submit(targets: TargetInput[], idempotencyKey: string): Promise<{ results: TargetResult[] }>;
  performance(period: string, groupBy: 'collector' | 'vertical'): Promise<PerformanceReply>;
}

export function createTargetsApi(o: { serverUrl: string; token: string; fetch?: Fetch; timeoutMs?: number }): TargetsApi {
  const request = jsonRequester(o);
  return {
    grid: (from, to) => request('GET', `/targets?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`),
    submit: (targets, key) => request('PUT', '/targets', { targets }, { 'Idempotency-Key': key }),
    performance: (period, groupBy) => request('GET', `/performance?period=${encodeURIComponent(period)}&groupBy=${groupBy}`),
  };
}
