/** Quarterly balance confirmations: who is selected, what was sent, what their reconciliation says. */
import { addDays, addMonths } from '../../../shared/dates';
import { ageing } from '../analytics/ageing';
import { AppError } from '../errors';
import type { LedgerState } from '../queries/settings';

export function quarterDates(quarter: string): { start: string; end: string } {
  const [year, q] = quarter.split('-Q');
  const start = `${year}-${String((Number(q) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return { start, end: addDays(addMonths(start, 3), -1) };
}

export interface ConfirmationItem {
  customerId: string;
  name: string;
  balance: number;
  state: 'not_sent' | 'sent' | 'confirmed' | 'disputed';
  flagged: boolean;
  selectedBecause: 'top_balance' | 'flagged';
  reconciliationId: string | null;
  version: number | null;
  signedOff: boolean;
  note: string;
  /** This confirmation row's own version (0: nothing set yet for the quarter); `version` is the reconciliation's. */
  confirmationVersion: number;
}

/** The top `top` customers by net balance at quarter end, plus the flagged ones (or just `only`). */
export async function confirmationList(db: D1Database, state: LedgerState, quarter: string, top: number, only?: string): Promise<ConfirmationItem[]> {
  const { start, end } = quarterDates(quarter);
  const aged = await ageing(db, state, { asOf: end, basis: 'due', boundaries: [30, 60, 90], groupBy: 'customer', scope: only ? { kind: 'customer', value: only } : undefined, check: false });
  const balances = new Map(aged.rows.map((r) => [r.key, { name: r.name, balance: r.total }]));
  const [stored, recs, names] = await db.batch([
    db.prepare('SELECT customer_id, state, flagged, note, version FROM confirmations WHERE quarter = ?1 AND (?2 IS NULL OR customer_id = ?2)').bind(quarter, only ?? null),
    db.prepare(
      `SELECT r.customer_id, r.id, r.version, r.status, r.signed_off_by FROM reconciliations r
       WHERE r.as_of BETWEEN ?1 AND ?2 AND (?3 IS NULL OR r.customer_id = ?3)
       ORDER BY r.customer_id, r.as_of DESC, r.version DESC`,
    ).bind(start, end, only ?? null),
    db.prepare('SELECT id, name FROM customers WHERE ?1 IS NOT NULL AND id = ?1').bind(only ?? null),
  ]);
  const sent = new Map((stored!.results as { customer_id: string; state: 'not_sent' | 'sent'; flagged: number; note: string; version: number }[]).map((r) => [r.customer_id, r]));
  const latest = new Map<string, { id: string; version: number; status: string; signed_off_by: string | null }>();
  for (const r of recs!.results as { customer_id: string; id: string; version: number; status: string; signed_off_by: string | null }[]) {
    if (!latest.has(r.customer_id)) latest.set(r.customer_id, r);
  }

  const chosen = new Map<string, 'top_balance' | 'flagged'>();
  if (only) {
    if (!names!.results.length) return [];
    chosen.set(only, sent.get(only)?.flagged ? 'flagged' : 'top_balance');
  } else {
    [...balances.entries()].filter(([, b]) => b.balance > 0).sort((a, b) => b[1].balance - a[1].balance || (a[0] < b[0] ? -1 : 1)).slice(0, top)
      .forEach(([id]) => chosen.set(id, 'top_balance'));
    for (const [id, s] of sent) if (s.flagged && !chosen.has(id)) chosen.set(id, 'flagged');
  }
  const customerNames = new Map((names!.results as { id: string; name: string }[]).map((r) => [r.id, r.name]));
  const missing = [...chosen.keys()].filter((id) => !balances.has(id) && !customerNames.has(id));
  if (missing.length) {
    const { results } = await db.prepare('SELECT id, name FROM customers WHERE id IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(missing)).all<{ id: string; name: string }>();
    for (const r of results) customerNames.set(r.id, r.name);
  }
  return [...chosen.entries()].map(([id, why]) => {
    const rec = latest.get(id);
    const s = sent.get(id);
    return {
      customerId: id,
      name: balances.get(id)?.name ?? customerNames.get(id) ?? id,
      balance: balances.get(id)?.balance ?? 0,
      state: rec ? (rec.status === 'agreed' ? 'confirmed' : 'disputed') : (s?.state ?? 'not_sent'),
      flagged: Boolean(s?.flagged),
      selectedBecause: why,
      reconciliationId: rec?.id ?? null,
      version: rec?.version ?? null,
      signedOff: Boolean(rec?.signed_off_by),
      note: s?.note ?? '',
      confirmationVersion: s?.version ?? 0,
    };
  });
}

/** Stores the change only if the row is still at `confirmationVersion` (0: no row yet); otherwise 409 and nothing is written. */
export async function saveConfirmation(db: D1Database, input: { quarter: string; customerId: string; confirmationVersion: number; state?: 'not_sent' | 'sent'; flagged?: boolean; note?: string }, userId: string): Promise<void> {
  const customer = await db.prepare('SELECT id FROM customers WHERE id = ?1').bind(input.customerId).first();
  if (!customer) throw new AppError('not_found', `no customer ${input.customerId}`);
  const row = await db.prepare('SELECT state, flagged, note, version FROM confirmations WHERE quarter = ?1 AND customer_id = ?2').bind(input.quarter, input.customerId).first<{ state: string; flagged: number; note: string; version: number }>();
  const now = row?.version ?? 0;
  if (now !== input.confirmationVersion) throw new AppError('conflict', `the ${input.quarter} confirmation of ${input.customerId} is at version ${now}, not ${input.confirmationVersion}; nothing was changed: reload it`);
  const before = row && { state: row.state, flagged: row.flagged, note: row.note };
  const after = { state: input.state ?? before?.state ?? 'not_sent', flagged: input.flagged === undefined ? (before?.flagged ?? 0) : input.flagged ? 1 : 0, note: input.note ?? before?.note ?? '' };
  const at = new Date().toISOString();
  // A row that appeared or moved since the read fails the DO UPDATE's WHERE: no change, no audit row.
  const [upsert] = await db.batch([
    db.prepare(
      `INSERT INTO confirmations (quarter, customer_id, state, flagged, note, updated_by, updated_at, version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1)
       ON CONFLICT (quarter, customer_id) DO UPDATE SET state = excluded.state, flagged = excluded.flagged, note = excluded.note, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at, version = version + 1 WHERE version = ?8`,
    ).bind(input.quarter, input.customerId, after.state, after.flagged, after.note, userId, at, input.confirmationVersion),
    db.prepare("INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) SELECT ?1, ?2, 'confirmation.update', 'confirmation', ?3, ?4, ?5 WHERE changes() = 1")
      .bind(at, userId, `${input.quarter}/${input.customerId}`, before ? JSON.stringify(before) : null, JSON.stringify({ ...after, version: input.confirmationVersion + 1 })),
  ]);
  if (upsert!.meta.changes === 0) throw new AppError('conflict', `the ${input.quarter} confirmation of ${input.customerId} changed meanwhile; nothing was changed: reload it`);
}
