/** The cash-in forecast as of a date: reads the inputs, runs the pure allocation, rolls up by group. */
import {
  delayFor, forecastRows, forecastWeeks, itemOutlooks, sumRows,
  type Delay, type DelayHistory, type ForecastRow, type Week,
} from '../../../shared/forecast/forecast';
import { paymentRunOf, type BusiestDay, type PaymentRun } from '../../../shared/forecast/payment-runs';
import type { Scope } from '../../../shared/scope';
import { isCurrent } from '../analytics/ageing';
import type { LedgerState } from '../queries/settings';
import {
  busiestPaymentDays, customersInRecovery, forecastCustomers, forecastItems, openDisputeClaims, openPromiseClaims, paymentHistory, undepositedCheques,
  type ForecastCustomer, type HistoryRow,
} from './forecast-sql';

export type ForecastGroupBy = 'customer' | 'vertical' | 'region' | 'collector' | 'all';
/** `history`: our forecast; `due`: the naive one (every item on its due date, no promises or cheques), for comparison. */
export type ForecastMethod = 'history' | 'due';

export interface ForecastRequest {
  asOf: string;
  weeks: number;
  groupBy: ForecastGroupBy;
  scope?: Scope;
  method: ForecastMethod;
}

export interface Exclusion {
  customerId: string;
  name: string;
  reason: 'recovery' | 'dispute';
  amount: number;
}

export interface ForecastResult {
  weeks: Week[];
  rows: (ForecastRow & { name: string; delay?: Delay; paymentRun?: PaymentRun | null })[];
  totals: ForecastRow;
  exclusions: Exclusion[];
}

function add(into: Map<string, DelayHistory>, key: string, h: DelayHistory) {
  const t = into.get(key) ?? { weightedDays: 0, amount: 0 };
  into.set(key, { weightedDays: t.weightedDays + h.weightedDays, amount: t.amount + h.amount });
}

/** Each customer's delay: its own 12-month history, else its vertical's, else the company's (see delayFor). */
export function delaysOf(customers: ForecastCustomer[], history: HistoryRow[]): Map<string, Delay> {
  const own = new Map<string, DelayHistory>();
  const byVertical = new Map<string, DelayHistory>();
  const company = new Map<string, DelayHistory>();
  for (const h of history) {
    own.set(h.customerId, h);
    add(byVertical, h.vertical, h);
    add(company, '', h);
  }
  return new Map(customers.map((c) => [c.id, delayFor(own.get(c.id), byVertical.get(c.vertical), company.get(''))]));
}

/** Customers that pay in runs, from their own payments only (no fallback: a run is a customer's habit). */
export function runsOf(history: HistoryRow[], busiest: Map<string, BusiestDay[]>): Map<string, PaymentRun> {
  const runs = new Map<string, PaymentRun>();
  for (const h of history) {
    const run = paymentRunOf(h.amount, busiest.get(h.customerId) ?? []);
    if (run) runs.set(h.customerId, run);
  }
  return runs;
}

export async function cashInForecast(db: D1Database, state: LedgerState, r: ForecastRequest): Promise<ForecastResult> {
  const naive = r.method === 'due';
  const [items, customers, history, busiest, disputes, cheques, promises, inRecovery] = await Promise.all([
    forecastItems(db, r.asOf, isCurrent(r.asOf, state), r.scope),
    forecastCustomers(db, r.scope),
    naive ? Promise.resolve([]) : paymentHistory(db, r.asOf),
    naive ? Promise.resolve(new Map<string, BusiestDay[]>()) : busiestPaymentDays(db, r.asOf),
    openDisputeClaims(db, r.asOf),
    naive ? Promise.resolve([]) : undepositedCheques(db, r.asOf),
    naive ? Promise.resolve([]) : openPromiseClaims(db, r.asOf),
    customersInRecovery(db, r.asOf),
  ]);
  const byId = new Map(customers.map((c) => [c.id, c]));
  const delays = naive ? new Map<string, Delay>() : delaysOf(customers, history);
  const runs = naive ? new Map<string, PaymentRun>() : runsOf(history, busiest);
  const outlooks = itemOutlooks({ asOf: r.asOf, items, delays, runs, inRecovery, disputes, cheques, promises });
  const keyOf = (id: string) => {
    const c = byId.get(id);
    return r.groupBy === 'all' ? 'all' : r.groupBy === 'customer' ? id : (c?.[r.groupBy] ?? '');
  };
  const rows = forecastRows(r.asOf, r.weeks, outlooks, keyOf);
  const exclusions = new Map<string, Exclusion>();
  for (const o of outlooks) {
    if (o.excluded <= 0 || !o.excludedReason) continue;
    const id = o.item.customerId;
    const key = `${id}\u0000${o.excludedReason}`;
    const e = exclusions.get(key) ?? { customerId: id, name: byId.get(id)?.name ?? id, reason: o.excludedReason, amount: 0 };
    e.amount += o.excluded;
    exclusions.set(key, e);
  }
  return {
    weeks: forecastWeeks(r.asOf, r.weeks),
    rows: rows.map((row) => ({
      ...row,
      name: r.groupBy === 'customer' ? (byId.get(row.key)?.name ?? row.key) : row.key,
      ...(r.groupBy === 'customer' && !naive ? { delay: delays.get(row.key), paymentRun: runs.get(row.key) ?? null } : {}),
    })),
    totals: sumRows(rows, r.weeks),
    exclusions: [...exclusions.values()].sort((a, b) => a.customerId.localeCompare(b.customerId) || a.reason.localeCompare(b.reason)),
  };
}
