/** A dunning run: reads the facts per customer, plans each letter (shared/letters/dunning.ts), renders and stores. */
import { addDays } from '../../../shared/dates';
import { letterBody, planDunning, REPEAT_AFTER_DAYS, type Channel, type DunningLevel } from '../../../shared/letters/dunning';
import { page, printable } from '../../../shared/letters/html';
import { disputedByCustomer } from '../collections/disputes';
import { promiseStates } from '../collections/promises';
import { auditStatement } from '../queries/settings';
import { activityStatement, customersFor, letterhead, openItemsOf } from './ledger-reads';

export async function dunningLevels(db: D1Database): Promise<DunningLevel[]> {
  const { results } = await db
    .prepare('SELECT level, name, min_days_past_due, channel, template FROM dunning_levels ORDER BY level')
    .all<{ level: number; name: string; min_days_past_due: number; channel: Channel; template: string }>();
  return results.map((r) => ({ level: r.level, name: r.name, minDaysPastDue: r.min_days_past_due, channel: r.channel, template: r.template }));
}

export interface PlannedLetter {
  id: string;
  customerId: string;
  customerName: string;
  level: number;
  levelName: string;
  channel: Channel;
  daysPastDue: number;
  totalFunc: number;
  invoices: string[];
  html: string;
}

export async function planRun(db: D1Database, asOf: string, collector: string | undefined) {
  const levels = await dunningLevels(db);
  const customers = await customersFor(db, { collector });
  const ids = customers.map((c) => c.id);
  const [items, disputed, promises, head, recent] = await Promise.all([
    openItemsOf(db, ids, asOf),
    disputedByCustomer(db, asOf),
    promiseStates(db, { asOf }),
    letterhead(db),
    db
      .prepare('SELECT customer_id, MAX(level) AS level, MAX(as_of) AS as_of FROM dunning_letters WHERE as_of > ?1 AND as_of <= ?2 GROUP BY customer_id')
      .bind(addDays(asOf, -REPEAT_AFTER_DAYS), asOf)
      .all<{ customer_id: string; level: number; as_of: string }>(),
  ]);
  const recentBy = new Map(recent.results.map((r) => [r.customer_id, { level: r.level, asOf: r.as_of }]));
  const letters: PlannedLetter[] = [];
  const skipped: { customerId: string; customerName: string; level: number; reason: string }[] = [];
  for (const cu of customers) {
    const open = promises.filter((p) => p.customerId === cu.id && p.state === 'open').sort((a, b) => a.promisedDate.localeCompare(b.promisedDate))[0];
    const facts = {
      customer: { id: cu.id, name: cu.name, collector: cu.collector, hold: cu.hold },
      items: items.get(cu.id) ?? [],
      disputedFunc: disputed.get(cu.id)?.disputed ?? 0,
      openPromise: open ? { amount: open.amount, currency: open.currency, promisedDate: open.promisedDate } : null,
      recentLetter: recentBy.get(cu.id) ?? null,
    };
    const plan = planDunning(levels, facts, asOf);
    if (plan.kind === 'skip') skipped.push({ customerId: cu.id, customerName: cu.name, level: plan.level, reason: plan.reason });
    if (plan.kind !== 'letter') continue;
    const body = page(head, asOf, letterBody(plan, facts.customer, asOf));
    letters.push({
      id: crypto.randomUUID(), customerId: cu.id, customerName: cu.name, level: plan.level.level, levelName: plan.level.name, channel: plan.level.channel,
      daysPastDue: plan.daysPastDue, totalFunc: plan.totalFunc, invoices: plan.items.map((i) => i.docNo),
      html: printable(`${plan.level.name}: ${cu.name}`, [body]),
    });
  }
  return { letters, skipped };
}

/** Stores a produced run: the run, each letter, its activity, and the audit row, in one batch. */
export function storeRun(
  db: D1Database,
  run: { id: string; asOf: string; collector: string | null; userId: string; at: string },
  letters: readonly PlannedLetter[],
  skipped: readonly { customerId: string; reason: string }[],
): D1PreparedStatement[] {
  return [
    db
      .prepare('INSERT INTO dunning_runs (id, as_of, collector, letters, skipped, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)')
      .bind(run.id, run.asOf, run.collector, letters.length, JSON.stringify(skipped), run.userId, run.at),
    ...letters.flatMap((l) => {
      const activityId = crypto.randomUUID();
      return [
        activityStatement(db, {
          id: activityId, customerId: l.customerId, kind: 'dunning', invoices: l.invoices, outcome: `level ${l.level} ${l.channel}`,
          note: `${l.levelName} (dunning run ${run.id})`, occurredOn: run.asOf, userId: run.userId, at: run.at,
        }),
        db
          .prepare('INSERT INTO dunning_letters (id, run_id, customer_id, level, channel, as_of, days_past_due, total_func, html, activity_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)')
          .bind(l.id, run.id, l.customerId, l.level, l.channel, run.asOf, l.daysPastDue, l.totalFunc, l.html, activityId),
      ];
    }),
    auditStatement(db, {
      at: run.at, userId: run.userId, action: 'dunning_run.create', entity: 'dunning_run', entityId: run.id,
      after: { asOf: run.asOf, collector: run.collector, letters: letters.map((l) => ({ customerId: l.customerId, level: l.level })), skipped },
    }),
  ];
}
