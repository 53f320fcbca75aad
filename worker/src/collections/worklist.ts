/** The inputs of today's worklist, read from the ledger and the collections tables; the ranking is shared/collections/worklist.ts. */
import { addDays } from '../../../shared/dates';
import { formatMoney } from '../../../shared/money';
import { prioritise, type WorkInput } from '../../../shared/collections/worklist';
import { ageing } from '../analytics/ageing';
import { metricsForMany } from '../analytics/metrics';
import type { LedgerState } from '../queries/settings';
import { disputedByCustomer } from './disputes';
import { promiseStates, type PromiseView } from './promises';

export interface WorklistItem {
  customerId: string;
  name: string;
  collector: string;
  priority: number;
  reasons: string[];
  overdue: number;
  disputed: number;
  grade: string | null;
  promises: { id: string; promisedDate: string; amount: number; currency: string; state: string }[];
  lastActivity: { occurredOn: string; kind: string; outcome: string } | null;
  nextActionDate: string | null;
  nextStep: string;
}

interface CustomerRow { id: string; name: string; collector: string; credit_limit: number; payment_terms_days: number }

export async function worklist(db: D1Database, state: LedgerState, date: string, collector: string | null): Promise<WorklistItem[]> {
  const scope = collector ? { kind: 'collector' as const, value: collector } : undefined;
  const [aged, disputed, promises, customers, activity] = await Promise.all([
    ageing(db, state, { asOf: date, basis: 'due', boundaries: [30, 60, 90], groupBy: 'customer', scope, check: false }),
    disputedByCustomer(db, date),
    promiseStates(db, { asOf: date }),
    db.prepare('SELECT id, name, collector, credit_limit, payment_terms_days FROM customers WHERE ?1 IS NULL OR collector = ?1').bind(collector).all<CustomerRow>(),
    // Each customer's latest activity up to the date, with its next action date.
    db.prepare(
      `SELECT a.customer_id, a.occurred_on, a.kind, a.outcome, a.next_action_date FROM activities a
       WHERE a.occurred_on <= ?1 AND a.rowid = (SELECT b.rowid FROM activities b WHERE b.customer_id = a.customer_id AND b.occurred_on <= ?1
         ORDER BY b.occurred_on DESC, b.created_at DESC LIMIT 1)`,
    ).bind(date).all<{ customer_id: string; occurred_on: string; kind: string; outcome: string; next_action_date: string | null }>(),
  ]);
  const byId = new Map(customers.results.map((c) => [c.id, c]));
  const lastBy = new Map(activity.results.map((a) => [a.customer_id, a]));
  const promisesBy = new Map<string, PromiseView[]>();
  for (const p of promises) if (byId.has(p.customerId)) promisesBy.set(p.customerId, [...(promisesBy.get(p.customerId) ?? []), p]);
  const agedBy = new Map(aged.rows.map((r) => [r.key, r.amounts]));
  const monthAgo = addDays(date, -30);
  const tomorrow = addDays(date, 1);

  const inputs: WorkInput[] = [];
  for (const c of customers.results) {
    const amounts = agedBy.get(c.id) ?? [0, 0, 0, 0, 0];
    const held = disputed.get(c.id)?.overdueByAge ?? [0, 0, 0, 0];
    const overdueByAge = [1, 2, 3, 4].map((i, k) => Math.max(0, amounts[i]! - held[k]!)) as WorkInput['overdueByAge'];
    const ps = promisesBy.get(c.id) ?? [];
    const last = lastBy.get(c.id);
    inputs.push({
      customerId: c.id,
      overdueByAge,
      brokenPromises: ps.filter((p) => (p.state === 'broken' || p.state === 'partly_kept') && p.promisedDate >= monthAgo).length,
      promisesDueSoon: ps.filter((p) => p.state === 'open' && p.promisedDate >= date && p.promisedDate <= tomorrow).length,
      nextActionDue: Boolean(last?.next_action_date && last.next_action_date <= date),
      grade: null,
    });
  }
  // Grades only for the customers who make the list: metrics read every document of a customer.
  const candidates = inputs.filter((i) => i.overdueByAge.some((v) => v > 0) || i.brokenPromises || i.promisesDueSoon || i.nextActionDue);
  for (let k = 0; k < candidates.length; k += 200) {
    const chunk = candidates.slice(k, k + 200);
    const metrics = await metricsForMany(db, chunk.map((i) => byId.get(i.customerId)!), date);
    for (const i of chunk) i.grade = metrics.get(i.customerId)?.score.grade ?? null;
  }
  const ranked = prioritise(candidates, (m) => `${formatMoney(m, state.currency)} ${state.currency}`);
  const inputBy = new Map(candidates.map((i) => [i.customerId, i]));
  return ranked.map((w) => {
    const c = byId.get(w.customerId)!;
    const input = inputBy.get(w.customerId)!;
    const ps = promisesBy.get(w.customerId) ?? [];
    const last = lastBy.get(w.customerId) ?? null;
    return {
      customerId: c.id, name: c.name, collector: c.collector, priority: w.priority, reasons: w.reasons,
      overdue: input.overdueByAge.reduce((a, b) => a + b, 0), disputed: disputed.get(c.id)?.disputed ?? 0, grade: input.grade,
      promises: ps.filter((p) => p.state !== 'kept').map((p) => ({ id: p.id, promisedDate: p.promisedDate, amount: p.amount, currency: p.currency, state: p.state })),
      lastActivity: last ? { occurredOn: last.occurred_on, kind: last.kind, outcome: last.outcome } : null,
      nextActionDate: last?.next_action_date ?? null,
      nextStep: nextStep(input, ps, date),
    };
  });
}

function nextStep(i: WorkInput, ps: PromiseView[], date: string): string {
  const broken = ps.find((p) => p.state === 'broken' || p.state === 'partly_kept');
  if (broken) return `Call about the promise of ${broken.promisedDate} (${broken.state.replace('_', ' ')})`;
  const due = ps.find((p) => p.state === 'open' && p.promisedDate >= date);
  if (due && i.promisesDueSoon) return `Remind: payment promised for ${due.promisedDate}`;
  if (i.nextActionDue) return 'Do the follow-up planned in the last activity';
  if (i.overdueByAge[3] > 0) return 'Escalate: debt over 90 days past due';
  return 'Chase the overdue invoices';
}
