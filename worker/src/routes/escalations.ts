/** Escalation rules and flags, holds with their history, and transfers to a recovery agent or legal. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { DECIDERS, HOLDS, releasesHold } from '../../../shared/credit/authority';
import { daysBetween, isIsoDate } from '../../../shared/dates';
import { escalations, type EscalationRule } from '../../../shared/letters/escalation';
import { formatMoney, parseMoney, toDecimal } from '../../../shared/money';
import { promiseStates } from '../collections/promises';
import type { AppEnv } from '../env';
import { AppError, validationHook, type ErrorDetail } from '../errors';
import { metricsForMany } from '../analytics/metrics';
import { balanceFunc, openItemsOf } from '../letters/ledger-reads';
import { buildStatements } from '../letters/statements';
import { auditStatement, ledgerState } from '../queries/settings';
import { replaceSetting, settingVersion } from '../versions';
import { resolveAsOf } from './analytics';
import { errorResponses } from './common';

const IsoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const ok = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().max(64) });

const RuleIn = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('overdue_over_days'), days: z.number().int().min(0).max(3650), amount: z.union([z.string().max(40), z.number()]), level: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('broken_promises'), count: z.number().int().min(1).max(100), level: z.string().min(1).max(100) }),
  z.object({ kind: z.literal('grade'), grade: z.enum(['A', 'B', 'C', 'D', 'E']), level: z.string().min(1).max(100) }),
]);
const RuleOut = z.object({ id: z.string(), kind: z.string(), days: z.number().nullable(), amount: z.number().nullable(), count: z.number().nullable(), grade: z.string().nullable(), level: z.string() });
const FlagSchema = z.object({ id: z.string(), customerId: z.string(), source: z.string(), level: z.string(), reason: z.string(), flaggedOn: z.string(), flaggedBy: z.string(), clearedOn: z.string().nullable(), clearedBy: z.string().nullable(), clearNote: z.string().nullable() });
type RuleRow = { id: string; kind: EscalationRule['kind']; days: number | null; amount: number | null; count: number | null; grade: string | null; level: string };
type FlagRow = { id: string; customer_id: string; source: string; level: string; reason: string; flagged_on: string; flagged_by: string; cleared_on: string | null; cleared_by: string | null; clear_note: string | null };
const flagJson = (f: FlagRow) => ({ id: f.id, customerId: f.customer_id, source: f.source, level: f.level, reason: f.reason, flaggedOn: f.flagged_on, flaggedBy: f.flagged_by, clearedOn: f.cleared_on, clearedBy: f.cleared_by, clearNote: f.clear_note });
const ruleJson = (r: RuleRow, cur: string) => ({ ...r, amount: r.amount === null ? null : toDecimal(r.amount, cur) });
const asRule = (r: RuleRow): EscalationRule =>
  r.kind === 'overdue_over_days' ? { id: r.id, kind: r.kind, days: r.days!, amount: r.amount!, level: r.level }
  : r.kind === 'broken_promises' ? { id: r.id, kind: r.kind, count: r.count!, level: r.level }
  : { id: r.id, kind: r.kind, grade: r.grade!, level: r.level };
const rulesOf = async (db: D1Database) => (await db.prepare('SELECT id, kind, days, amount, count, grade, level FROM escalation_rules ORDER BY id').all<RuleRow>()).results;

const RulesOut = z.object({ rules: z.array(RuleOut), version: z.number().int() });
const getRules = createRoute({ method: 'get', path: '/escalation-rules', summary: 'Escalation rules', responses: { 200: ok('Rules', RulesOut), ...errorResponses(401, 403) } });
const putRules = createRoute({
  method: 'put', path: '/escalation-rules', summary: 'Replace the escalation rules (admin): overdue_over_days {days, amount}, broken_promises {count}, grade {grade}, each to a named level',
  request: { body: json(z.object({ rules: z.array(RuleIn).max(50), version: z.number().int().min(1).describe('The version read; a stale one is 409') })) },
  responses: { 200: ok('Stored', RulesOut), ...errorResponses(401, 403, 409, 422) },
});
const evaluate = createRoute({
  method: 'post', path: '/escalations/evaluate', summary: 'Evaluate the rules as of a date and flag the customers that meet one (an open flag per customer and rule is not repeated)',
  request: { body: json(z.object({ asOf: IsoDate.optional() })) }, responses: { 200: ok('New flags', z.object({ asOf: z.string(), flagged: z.array(FlagSchema) })), ...errorResponses(401, 403, 422) },
});
const listFlags = createRoute({
  method: 'get', path: '/escalations', summary: 'Escalation flags (open by default)',
  request: { query: z.object({ state: z.enum(['open', 'cleared', 'all']).default('open'), customer: z.string().max(64).optional() }) },
  responses: { 200: ok('Flags', z.object({ items: z.array(FlagSchema) })), ...errorResponses(400, 401, 403) },
});
const clearFlag = createRoute({
  method: 'post', path: '/escalations/{id}/clear', summary: 'Clear a flag with a note',
  request: { params: IdParam, body: json(z.object({ note: z.string().min(1).max(1000) })) }, responses: { 200: ok('Cleared', FlagSchema), ...errorResponses(401, 403, 404, 409, 422) },
});
const HoldSchema = z.object({ customerId: z.string(), hold: z.enum(HOLDS), version: z.number().int(), history: z.array(z.object({ oldHold: z.string(), newHold: z.string(), reason: z.string(), changedBy: z.string(), changedAt: z.string() })) });
const putHold = createRoute({
  method: 'put', path: '/customers/{id}/hold',
  summary: 'Set a customer’s hold (none, new_orders, invoicing, all) with a reason; placing or tightening is open to collectors, a release needs a decider whose authority covers the credit limit',
  request: { params: IdParam, body: json(z.object({ hold: z.enum(HOLDS), reason: z.string().min(1).max(500), version: z.number().int().min(1) })) },
  responses: { 200: ok('The hold and its history', HoldSchema), ...errorResponses(401, 403, 404, 409, 422) },
});
const getHolds = createRoute({ method: 'get', path: '/customers/{id}/holds', summary: 'A customer’s hold and its history', request: { params: IdParam }, responses: { 200: ok('Hold', HoldSchema), ...errorResponses(401, 403, 404) } });

const TransferSchema = z.object({ id: z.string(), customerId: z.string(), kind: z.enum(['agency', 'legal']), agent: z.string(), state: z.enum(['transferred', 'in_progress', 'recovered', 'partly_recovered', 'unrecoverable', 'withdrawn']), amount: z.number(), transferredOn: z.string(), closedOn: z.string().nullable(), note: z.string(), history: z.array(z.object({ state: z.string(), on: z.string(), by: z.string(), note: z.string() })), version: z.number().int() });
type TransferRow = { id: string; customer_id: string; kind: 'agency' | 'legal'; agent: string; state: z.infer<typeof TransferSchema>['state']; amount_func: number; transferred_on: string; closed_on: string | null; note: string; history: string; version: number };
const transferJson = (t: TransferRow, cur: string) => ({ id: t.id, customerId: t.customer_id, kind: t.kind, agent: t.agent, state: t.state, amount: toDecimal(t.amount_func, cur), transferredOn: t.transferred_on, closedOn: t.closed_on, note: t.note, history: JSON.parse(t.history), version: t.version });
const TRANSFER_NEXT: Record<TransferRow['state'], TransferRow['state'][]> = {
  transferred: ['in_progress', 'recovered', 'partly_recovered', 'unrecoverable', 'withdrawn'], in_progress: ['recovered', 'partly_recovered', 'unrecoverable', 'withdrawn'],
  recovered: [], partly_recovered: [], unrecoverable: [], withdrawn: [],
};
const createTransfer = createRoute({
  method: 'post', path: '/recovery-transfers', summary: 'Transfer a customer to a collection agency or legal; the balance handed over is the net balance on the date',
  request: { body: json(z.object({ customerId: z.string().min(1).max(64), kind: z.enum(['agency', 'legal']), agent: z.string().min(1).max(200), transferredOn: IsoDate, note: z.string().max(1000).optional() })) },
  responses: { 201: ok('Transferred', TransferSchema), ...errorResponses(401, 403, 404, 409, 422) },
});
const listTransfers = createRoute({ method: 'get', path: '/recovery-transfers', summary: 'Recovery transfers', request: { query: z.object({ state: TransferSchema.shape.state.optional(), customer: z.string().max(64).optional() }) }, responses: { 200: ok('Transfers', z.object({ items: z.array(TransferSchema) })), ...errorResponses(400, 401, 403) } });
const moveTransfer = createRoute({
  method: 'post', path: '/recovery-transfers/{id}', summary: 'Move a transfer: transferred → in_progress → recovered, partly_recovered, unrecoverable or withdrawn',
  request: { params: IdParam, body: json(z.object({ state: TransferSchema.shape.state, on: IsoDate, version: z.number().int().min(1), note: z.string().max(1000).default('') })) },
  responses: { 200: ok('The transfer', TransferSchema), ...errorResponses(401, 403, 404, 409, 422) },
});
const pack = createRoute({
  method: 'get', path: '/recovery-transfers/{id}/pack', summary: 'The transfer pack for the agent: statement (HTML), open invoices, activity history, promises and disputes',
  request: { params: IdParam },
  responses: { 200: ok('The pack', z.object({ transfer: TransferSchema, customer: z.object({ id: z.string(), name: z.string(), currency: z.string() }), statementHtml: z.string(), invoices: z.array(z.object({ docNo: z.string(), docDate: z.string(), dueDate: z.string(), currency: z.string(), open: z.number(), daysPastDue: z.number().int(), reference: z.string() })), activities: z.array(z.record(z.string(), z.unknown())), promises: z.array(z.record(z.string(), z.unknown())), disputes: z.array(z.record(z.string(), z.unknown())) })), ...errorResponses(401, 403, 404) },
});

async function holdOf(db: D1Database, id: string) {
  const cu = await db.prepare('SELECT id, hold, version, credit_limit FROM customers WHERE id = ?1').bind(id).first<{ id: string; hold: (typeof HOLDS)[number]; version: number; credit_limit: number }>();
  if (!cu) throw new AppError('not_found', `no customer ${id}`);
  const { results } = await db.prepare('SELECT old_hold, new_hold, reason, changed_by, changed_at FROM hold_history WHERE customer_id = ?1 ORDER BY changed_at DESC, rowid DESC').bind(id).all<{ old_hold: string; new_hold: string; reason: string; changed_by: string; changed_at: string }>();
  return { cu, reply: { customerId: cu.id, hold: cu.hold, version: cu.version, history: results.map((h) => ({ oldHold: h.old_hold, newHold: h.new_hold, reason: h.reason, changedBy: h.changed_by, changedAt: h.changed_at })) } };
}

export const escalationRoutes = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(getRules, async (c) => {
    const { currency } = await ledgerState(c.env.DB);
    return c.json({ rules: (await rulesOf(c.env.DB)).map((r) => ruleJson(r, currency)), version: await settingVersion(c.env.DB, 'escalation_rules') }, 200);
  })
  .openapi(putRules, async (c) => {
    const { rules, version } = c.req.valid('json');
    const db = c.env.DB;
    const { currency } = await ledgerState(db);
    const problems: ErrorDetail[] = [];
    const rows: RuleRow[] = rules.map((r, k) => {
      let amount: number | null = null;
      if (r.kind === 'overdue_over_days') {
        const p = parseMoney(String(r.amount), currency);
        if (p.ok) amount = p.value;
        else problems.push({ path: `json.rules.${k}.amount`, message: p.message });
      }
      return { id: `R${k + 1}`, kind: r.kind, days: r.kind === 'overdue_over_days' ? r.days : null, amount, count: r.kind === 'broken_promises' ? r.count : null, grade: r.kind === 'grade' ? r.grade : null, level: r.level };
    });
    if (problems.length) throw new AppError('validation_failed', 'the rules were not stored', problems);
    const before = await rulesOf(db);
    const at = new Date().toISOString();
    const userId = c.get('principal').userId;
    const next = await replaceSetting(db, 'escalation_rules', version, [
      db.prepare('DELETE FROM escalation_rules'),
      ...rows.map((r) => db.prepare('INSERT INTO escalation_rules (id, kind, days, amount, count, grade, level, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)').bind(r.id, r.kind, r.days, r.amount, r.count, r.grade, r.level, userId, at)),
      auditStatement(db, { at, userId, action: 'escalation_rules.update', entity: 'escalation_rules', entityId: null, before, after: rows }),
    ]);
    return c.json({ rules: rows.map((r) => ruleJson(r, currency)), version: next }, 200);
  })
  .openapi(evaluate, async (c) => {
    const db = c.env.DB;
    const state = await ledgerState(db);
    const asOf = resolveAsOf(c.req.valid('json').asOf, state);
    const rules = (await rulesOf(db)).map(asRule);
    const { results: customers } = await db.prepare('SELECT id, credit_limit, payment_terms_days FROM customers ORDER BY id').all<{ id: string; credit_limit: number; payment_terms_days: number }>();
    const ids = customers.map((x) => x.id);
    const [items, promises] = await Promise.all([openItemsOf(db, ids, asOf), promiseStates(db, { asOf })]);
    const grades = new Map<string, string>();
    if (rules.some((r) => r.kind === 'grade')) {
      for (let i = 0; i < customers.length; i += 200) {
        for (const [id, m] of await metricsForMany(db, customers.slice(i, i + 200), asOf)) grades.set(id, m.score.grade);
      }
    }
    const userId = c.get('principal').userId;
    const at = new Date().toISOString();
    const ids2: string[] = [];
    const statements: D1PreparedStatement[] = [];
    for (const id of ids) {
      const hits = escalations(rules, {
        items: (items.get(id) ?? []).map((i) => ({ daysPastDue: daysBetween(i.dueDate, asOf), openFunc: i.openFunc })),
        brokenPromises: promises.filter((p) => p.customerId === id && (p.state === 'broken' || p.state === 'partly_kept')).length,
        grade: grades.get(id) ?? null,
      }, state.currency);
      for (const h of hits) {
        const flagId = crypto.randomUUID();
        ids2.push(flagId);
        statements.push(
          db.prepare('INSERT OR IGNORE INTO escalation_flags (id, customer_id, source, level, reason, flagged_on, flagged_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)').bind(flagId, id, h.rule.id, h.rule.level, h.reason, asOf, userId),
          db.prepare(`INSERT INTO audit_log (at, user_id, action, entity, entity_id, after) SELECT ?1, ?2, 'escalation.flag', 'customer', ?3, ?4 WHERE EXISTS (SELECT 1 FROM escalation_flags WHERE id = ?5)`)
            .bind(at, userId, id, JSON.stringify({ source: h.rule.id, level: h.rule.level, reason: h.reason, flag_id: flagId }), flagId),
        );
      }
    }
    if (statements.length) await db.batch(statements);
    const { results } = await db.prepare('SELECT * FROM escalation_flags WHERE id IN (SELECT value FROM json_each(?1)) ORDER BY customer_id, source').bind(JSON.stringify(ids2)).all<FlagRow>();
    return c.json({ asOf, flagged: results.map(flagJson) }, 200);
  })
  .openapi(listFlags, async (c) => {
    const q = c.req.valid('query');
    const { results } = await c.env.DB
      .prepare(`SELECT * FROM escalation_flags WHERE (?1 = 'all' OR (?1 = 'open') = (cleared_on IS NULL)) AND (?2 IS NULL OR customer_id = ?2) ORDER BY flagged_on DESC, customer_id`)
      .bind(q.state, q.customer ?? null)
      .all<FlagRow>();
    return c.json({ items: results.map(flagJson) }, 200);
  })
  .openapi(clearFlag, async (c) => {
    const { id } = c.req.valid('param');
    const { note } = c.req.valid('json');
    const db = c.env.DB;
    const f = await db.prepare('SELECT * FROM escalation_flags WHERE id = ?1').bind(id).first<FlagRow>();
    if (!f) throw new AppError('not_found', `no escalation flag ${id}`);
    if (f.cleared_on) throw new AppError('conflict', `flag ${id} was already cleared on ${f.cleared_on}`);
    const userId = c.get('principal').userId;
    const at = new Date().toISOString();
    // A flag is cleared once: the UPDATE re-checks it is open, and the audit row follows only a real change.
    const [upd] = await db.batch([
      db.prepare('UPDATE escalation_flags SET cleared_on = ?2, cleared_by = ?3, clear_note = ?4 WHERE id = ?1 AND cleared_on IS NULL').bind(id, at.slice(0, 10), userId, note),
      db.prepare(`INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) SELECT ?1, ?2, 'escalation.clear', 'customer', ?3, ?4, ?5 WHERE changes() = 1`)
        .bind(at, userId, f.customer_id, JSON.stringify({ flag_id: id, cleared_on: null }), JSON.stringify({ flag_id: id, cleared_on: at.slice(0, 10), note })),
    ]);
    if (upd!.meta.changes === 0) throw new AppError('conflict', `flag ${id} was cleared meanwhile; nothing was changed`);
    return c.json(flagJson((await db.prepare('SELECT * FROM escalation_flags WHERE id = ?1').bind(id).first<FlagRow>())!), 200);
  })
  .openapi(getHolds, async (c) => c.json((await holdOf(c.env.DB, c.req.valid('param').id)).reply, 200))
  .openapi(putHold, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const db = c.env.DB;
    const p = c.get('principal');
    const { cu } = await holdOf(db, id);
    if (cu.version !== b.version) throw new AppError('conflict', `customer ${id} is at version ${cu.version}, not ${b.version}; nothing was changed`);
    if (cu.hold === b.hold) throw new AppError('validation_failed', 'nothing to change', [{ path: 'json.hold', message: `the hold is already ${b.hold}` }]);
    if (releasesHold(cu.hold, b.hold)) {
      const { currency } = await ledgerState(db);
      if (!DECIDERS.includes(p.role)) throw new AppError('forbidden', `releasing a hold (${cu.hold} → ${b.hold}) is a credit decision: the ${p.role} role may not; ask a controller, manager or admin`);
      if (p.authority < cu.credit_limit) throw new AppError('forbidden', `releasing a hold needs authority covering the credit limit ${formatMoney(cu.credit_limit, currency)}; yours is ${formatMoney(p.authority, currency)}: use POST /limit-decisions to send it for approval`);
    }
    const at = new Date().toISOString();
    const res = await db.batch([
      db.prepare('UPDATE customers SET hold = ?3, version = version + 1, updated_at = ?4 WHERE id = ?1 AND version = ?2').bind(id, b.version, b.hold, at),
      db.prepare('INSERT INTO hold_history (id, customer_id, old_hold, new_hold, reason, changed_by, changed_at) SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7 WHERE changes() = 1').bind(crypto.randomUUID(), id, cu.hold, b.hold, b.reason, p.userId, at),
      db.prepare(`INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) SELECT ?1, ?2, 'customer.hold', 'customer', ?3, ?4, ?5 WHERE changes() = 1`)
        .bind(at, p.userId, id, JSON.stringify({ hold: cu.hold, version: cu.version }), JSON.stringify({ hold: b.hold, version: cu.version + 1, reason: b.reason })),
    ]);
    if (res[0]!.meta.changes === 0) throw new AppError('conflict', `customer ${id} changed meanwhile; nothing was changed`);
    return c.json((await holdOf(db, id)).reply, 200);
  })
  .openapi(createTransfer, async (c) => {
    const b = c.req.valid('json');
    const db = c.env.DB;
    const { currency } = await ledgerState(db);
    if (!(await db.prepare('SELECT 1 FROM customers WHERE id = ?1').bind(b.customerId).first())) throw new AppError('not_found', `no customer ${b.customerId}`);
    const open = await db.prepare("SELECT id FROM recovery_transfers WHERE customer_id = ?1 AND state IN ('transferred', 'in_progress')").bind(b.customerId).first();
    if (open) throw new AppError('conflict', `${b.customerId} is already with a recovery agent (transfer ${(open as { id: string }).id})`);
    const amount = await balanceFunc(db, b.customerId, b.transferredOn);
    const userId = c.get('principal').userId;
    const at = new Date().toISOString();
    const id = crypto.randomUUID();
    const history = [{ state: 'transferred', on: b.transferredOn, by: userId, note: b.note ?? '' }];
    await db.batch([
      db.prepare(`INSERT INTO recovery_transfers (id, customer_id, kind, agent, state, amount_func, transferred_on, note, history, created_by, created_at) VALUES (?1, ?2, ?3, ?4, 'transferred', ?5, ?6, ?7, ?8, ?9, ?10)`)
        .bind(id, b.customerId, b.kind, b.agent, amount, b.transferredOn, b.note ?? '', JSON.stringify(history), userId, at),
      auditStatement(db, { at, userId, action: 'recovery.transfer', entity: 'recovery_transfer', entityId: id, after: { ...b, amount } }),
    ]);
    return c.json(transferJson((await db.prepare('SELECT * FROM recovery_transfers WHERE id = ?1').bind(id).first<TransferRow>())!, currency), 201);
  })
  .openapi(listTransfers, async (c) => {
    const q = c.req.valid('query');
    const { currency } = await ledgerState(c.env.DB);
    const { results } = await c.env.DB.prepare('SELECT * FROM recovery_transfers WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR customer_id = ?2) ORDER BY transferred_on DESC, id').bind(q.state ?? null, q.customer ?? null).all<TransferRow>();
    return c.json({ items: results.map((t) => transferJson(t, currency)) }, 200);
  })
  .openapi(moveTransfer, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const db = c.env.DB;
    const { currency } = await ledgerState(db);
    const t = await db.prepare('SELECT * FROM recovery_transfers WHERE id = ?1').bind(id).first<TransferRow>();
    if (!t) throw new AppError('not_found', `no recovery transfer ${id}`);
    if (t.version !== b.version) throw new AppError('conflict', `transfer ${id} is at version ${t.version}, not ${b.version}`);
    if (!TRANSFER_NEXT[t.state].includes(b.state)) throw new AppError('conflict', `a ${t.state} transfer cannot become ${b.state}`);
    if (b.on < t.transferred_on) throw new AppError('validation_failed', 'date before the transfer', [{ path: 'json.on', message: `before the transfer date ${t.transferred_on}` }]);
    const userId = c.get('principal').userId;
    const at = new Date().toISOString();
    const history = [...(JSON.parse(t.history) as unknown[]), { state: b.state, on: b.on, by: userId, note: b.note }];
    const closed = TRANSFER_NEXT[b.state].length === 0 ? b.on : null;
    const res = await db.batch([
      db.prepare('UPDATE recovery_transfers SET state = ?3, closed_on = ?4, history = ?5, version = version + 1 WHERE id = ?1 AND version = ?2').bind(id, t.version, b.state, closed, JSON.stringify(history)),
      db.prepare(`INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) SELECT ?1, ?2, 'recovery.update', 'recovery_transfer', ?3, ?4, ?5 WHERE changes() = 1`)
        .bind(at, userId, id, JSON.stringify({ state: t.state }), JSON.stringify({ state: b.state, on: b.on, note: b.note })),
    ]);
    if (res[0]!.meta.changes === 0) throw new AppError('conflict', `transfer ${id} changed meanwhile`);
    return c.json(transferJson((await db.prepare('SELECT * FROM recovery_transfers WHERE id = ?1').bind(id).first<TransferRow>())!, currency), 200);
  })
  .openapi(pack, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    const state = await ledgerState(db);
    const t = await db.prepare('SELECT * FROM recovery_transfers WHERE id = ?1').bind(id).first<TransferRow>();
    if (!t) throw new AppError('not_found', `no recovery transfer ${id}`);
    const asOf = resolveAsOf(undefined, state);
    const cu = (await db.prepare('SELECT id, name, currency FROM customers WHERE id = ?1').bind(t.customer_id).first<{ id: string; name: string; currency: string }>())!;
    const [built, items, promises, acts, disputes] = await Promise.all([
      buildStatements(db, { asOf, customerId: cu.id }),
      openItemsOf(db, [cu.id], asOf),
      promiseStates(db, { customerId: cu.id, asOf }),
      db.prepare('SELECT id, kind, invoices, outcome, note, next_action_date, occurred_on, created_by FROM activities WHERE customer_id = ?1 ORDER BY occurred_on, created_at').bind(cu.id).all<Record<string, unknown>>(),
      db.prepare('SELECT id, invoices, amount, currency, reason, status, root_cause, note, opened_on, resolved_on FROM disputes WHERE customer_id = ?1 ORDER BY opened_on').bind(cu.id).all<Record<string, unknown> & { amount: number; currency: string }>(),
    ]);
    return c.json({
      transfer: transferJson(t, state.currency), customer: cu,
      statementHtml: built.statements[0]?.html ?? built.html,
      invoices: (items.get(cu.id) ?? []).map((i) => ({ docNo: i.docNo, docDate: i.docDate, dueDate: i.dueDate, currency: i.currency, open: toDecimal(i.open, i.currency), daysPastDue: daysBetween(i.dueDate, asOf), reference: i.reference })),
      activities: acts.results,
      promises: promises.map((p) => ({ ...p, amount: toDecimal(p.amount, cu.currency), paid: toDecimal(p.paid, cu.currency) })),
      disputes: disputes.results.map((d) => ({ ...d, amount: toDecimal(d.amount, d.currency) })),
    }, 200);
  });
