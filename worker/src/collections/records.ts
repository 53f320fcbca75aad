/** Activities, promises and disputes as stored: inserts with their audit rows, reads, the dispute update. */
import { isClosed, type DisputeReason, type DisputeStatus } from '../../../shared/collections/disputes';
import { AppError } from '../errors';
import { auditStatement } from '../queries/settings';

export interface Activity {
  id: string; customerId: string; kind: string; invoices: string[]; outcome: string; note: string; nextActionDate: string | null;
  occurredOn: string; createdBy: string; createdAt: string;
}

export async function customerExists(db: D1Database, id: string): Promise<{ id: string; currency: string }> {
  const c = await db.prepare('SELECT id, currency FROM customers WHERE id = ?1').bind(id).first<{ id: string; currency: string }>();
  if (!c) throw new AppError('not_found', `no customer ${id}`);
  return c;
}

export async function insertActivity(db: D1Database, a: Activity): Promise<void> {
  await db.batch([
    db.prepare('INSERT INTO activities (id, customer_id, kind, invoices, outcome, note, next_action_date, occurred_on, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)')
      .bind(a.id, a.customerId, a.kind, JSON.stringify(a.invoices), a.outcome, a.note, a.nextActionDate, a.occurredOn, a.createdBy, a.createdAt),
    auditStatement(db, { at: a.createdAt, userId: a.createdBy, action: 'activity.log', entity: 'activity', entityId: a.id, after: a }),
  ]);
}

export async function listActivities(db: D1Database, f: { customer?: string; by?: string; from?: string; to?: string; limit: number }): Promise<Activity[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM activities WHERE (?1 IS NULL OR customer_id = ?1) AND (?2 IS NULL OR created_by = ?2) AND (?3 IS NULL OR occurred_on >= ?3) AND (?4 IS NULL OR occurred_on <= ?4)
       ORDER BY occurred_on DESC, created_at DESC LIMIT ?5`,
    )
    .bind(f.customer ?? null, f.by ?? null, f.from ?? null, f.to ?? null, f.limit)
    .all<{ id: string; customer_id: string; kind: string; invoices: string; outcome: string; note: string; next_action_date: string | null; occurred_on: string; created_by: string; created_at: string }>();
  return results.map((r) => ({
    id: r.id, customerId: r.customer_id, kind: r.kind, invoices: JSON.parse(r.invoices), outcome: r.outcome, note: r.note, nextActionDate: r.next_action_date,
    occurredOn: r.occurred_on, createdBy: r.created_by, createdAt: r.created_at,
  }));
}

export interface Dispute {
  id: string; customerId: string; invoices: string[]; amount: number; currency: string; reason: DisputeReason; owner: string; status: DisputeStatus;
  rootCause: string; note: string; openedOn: string; resolvedOn: string | null; version: number; createdBy: string; updatedBy: string; updatedAt: string;
}

interface DisputeRow {
  id: string; customer_id: string; invoices: string; amount: number; currency: string; reason: DisputeReason; owner: string; status: DisputeStatus;
  root_cause: string; note: string; opened_on: string; resolved_on: string | null; version: number; created_by: string; updated_by: string; updated_at: string;
}

const disputeFrom = (r: DisputeRow): Dispute => ({
  id: r.id, customerId: r.customer_id, invoices: JSON.parse(r.invoices), amount: r.amount, currency: r.currency, reason: r.reason, owner: r.owner,
  status: r.status, rootCause: r.root_cause, note: r.note, openedOn: r.opened_on, resolvedOn: r.resolved_on, version: r.version,
  createdBy: r.created_by, updatedBy: r.updated_by, updatedAt: r.updated_at,
});

export async function insertDispute(db: D1Database, d: Dispute, at: string): Promise<void> {
  await db.batch([
    db.prepare(
      `INSERT INTO disputes (id, customer_id, invoices, amount, currency, reason, owner, status, root_cause, note, opened_on, resolved_on, version, created_by, created_at, updated_by, updated_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'open', '', ?8, ?9, NULL, 1, ?10, ?11, ?10, ?11)`,
    ).bind(d.id, d.customerId, JSON.stringify(d.invoices), d.amount, d.currency, d.reason, d.owner, d.note, d.openedOn, d.createdBy, at),
    auditStatement(db, { at, userId: d.createdBy, action: 'dispute.open', entity: 'dispute', entityId: d.id, after: d }),
  ]);
}

export async function getDispute(db: D1Database, id: string): Promise<Dispute> {
  const r = await db.prepare('SELECT * FROM disputes WHERE id = ?1').bind(id).first<DisputeRow>();
  if (!r) throw new AppError('not_found', `no dispute ${id}`);
  return disputeFrom(r);
}

export async function listDisputes(db: D1Database, f: { customer?: string; status?: string }): Promise<Dispute[]> {
  const { results } = await db
    .prepare(
      `SELECT * FROM disputes WHERE (?1 IS NULL OR customer_id = ?1)
         AND (?2 IS NULL OR status = ?2 OR (?2 = 'active' AND status IN ('open', 'in_review')))
       ORDER BY opened_on DESC, id`,
    )
    .bind(f.customer ?? null, f.status ?? null)
    .all<DisputeRow>();
  return results.map(disputeFrom);
}

/** Writes the new state only if the row is still at the version read; the audit row only if it was. */
export async function updateDispute(db: D1Database, before: Dispute, after: Dispute, userId: string, at: string): Promise<Dispute> {
  const [update] = await db.batch([
    db.prepare(
      `UPDATE disputes SET status = ?3, owner = ?4, root_cause = ?5, note = ?6, resolved_on = ?7, version = version + 1, updated_by = ?8, updated_at = ?9
       WHERE id = ?1 AND version = ?2`,
    ).bind(before.id, before.version, after.status, after.owner, after.rootCause, after.note, isClosed(after.status) ? after.resolvedOn : null, userId, at),
    db.prepare(
      `INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after)
       SELECT ?1, ?2, 'dispute.update', 'dispute', id, ?4, ?5 FROM disputes WHERE id = ?3 AND version = ?6 AND updated_at = ?1`,
    ).bind(at, userId, before.id, JSON.stringify(before), JSON.stringify({ ...after, version: before.version + 1 }), before.version + 1),
  ]);
  if (update!.meta.changes === 0) throw new AppError('conflict', `dispute ${before.id} changed since version ${before.version}; reload it`);
  return getDispute(db, before.id);
}
