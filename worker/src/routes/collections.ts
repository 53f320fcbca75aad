import { OpenAPIHono } from '@hono/zod-openapi';
import { checkTransition } from '../../../shared/collections/disputes';
import { parseMoney, toDecimal } from '../../../shared/money';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { auditStatement, ledgerState } from '../queries/settings';
import { openInvoicesOf, promiseStates, type PromiseView } from '../collections/promises';
import { customerExists, getDispute, insertActivity, insertDispute, listActivities, listDisputes, updateDispute, type Dispute } from '../collections/records';
import { worklist } from '../collections/worklist';
import { resolveAsOf } from './analytics';
import * as routes from './collections.routes';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The invoices a promise or dispute names: open invoices of the customer on the day, one currency, and the amount
 * no more than their open total. Every problem is reported at once.
 */
async function checkInvoices(db: D1Database, customerId: string, invoices: string[], amountText: string | number, on: string): Promise<{ amount: number; currency: string }> {
  const open = await openInvoicesOf(db, customerId, [...new Set(invoices)], on);
  const problems = invoices.flatMap((no, i) => (open.has(no) ? [] : [{ path: `json.invoices.${i}`, message: `${no} is not an open invoice of ${customerId} on ${on}` }]));
  const currencies = [...new Set([...open.values()].map((v) => v.currency))];
  if (currencies.length > 1) problems.push({ path: 'json.invoices', message: `the invoices are in ${currencies.join(' and ')}: one currency at a time` });
  const currency = currencies[0] ?? (await customerExists(db, customerId)).currency;
  const amount = parseMoney(String(amountText), currency);
  const openTotal = [...open.values()].reduce((s, v) => s + v.open, 0);
  if (!amount.ok || amount.value === 0) problems.push({ path: 'json.amount', message: amount.ok ? 'the amount must be more than zero' : amount.message });
  else if (!problems.length && amount.value > openTotal) problems.push({ path: 'json.amount', message: `more than the invoices' open total ${toDecimal(openTotal, currency)} ${currency}` });
  if (problems.length) throw new AppError('validation_failed', 'nothing was recorded', problems);
  return { amount: amount.ok ? amount.value : 0, currency };
}

const promiseJson = (p: PromiseView) => ({ ...p, amount: toDecimal(p.amount, p.currency), paid: toDecimal(p.paid, p.currency) });
const disputeJson = (d: Dispute) => ({ ...d, amount: toDecimal(d.amount, d.currency) });

export const collections = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.logActivity, async (c) => {
    const input = c.req.valid('json');
    await customerExists(c.env.DB, input.customerId);
    const activity = {
      id: crypto.randomUUID(), customerId: input.customerId, kind: input.kind, invoices: input.invoices, outcome: input.outcome, note: input.note,
      nextActionDate: input.nextActionDate ?? null, occurredOn: input.occurredOn ?? today(), createdBy: c.get('principal').userId, createdAt: new Date().toISOString(),
    };
    await insertActivity(c.env.DB, activity);
    return c.json(activity, 201);
  })
  .openapi(routes.listActivities, async (c) => c.json({ items: await listActivities(c.env.DB, c.req.valid('query')) }, 200))
  .openapi(routes.makePromise, async (c) => {
    const input = c.req.valid('json');
    const db = c.env.DB;
    await customerExists(db, input.customerId);
    const madeOn = input.madeOn ?? today();
    if (input.promisedDate < madeOn) throw new AppError('validation_failed', 'nothing was recorded', [{ path: 'json.promisedDate', message: `the promised date is before the day of the promise (${madeOn})` }]);
    const { amount, currency } = await checkInvoices(db, input.customerId, input.invoices, input.amount, madeOn);
    const id = crypto.randomUUID();
    const at = new Date().toISOString();
    const userId = c.get('principal').userId;
    const row = { customerId: input.customerId, invoices: input.invoices, amount, currency, madeOn, promisedDate: input.promisedDate, note: input.note };
    await db.batch([
      db.prepare('INSERT INTO promises (id, customer_id, invoices, amount, currency, made_on, promised_date, note, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)')
        .bind(id, row.customerId, JSON.stringify(row.invoices), amount, currency, madeOn, row.promisedDate, row.note, userId, at),
      auditStatement(db, { at, userId, action: 'promise.record', entity: 'promise', entityId: id, after: row }),
    ]);
    const [stored] = (await promiseStates(db, { customerId: input.customerId, asOf: madeOn > today() ? madeOn : today() })).filter((p) => p.id === id);
    return c.json(promiseJson(stored!), 201);
  })
  .openapi(routes.listPromises, async (c) => {
    const q = c.req.valid('query');
    const asOf = resolveAsOf(q.asOf, await ledgerState(c.env.DB));
    const items = (await promiseStates(c.env.DB, { customerId: q.customer, asOf })).filter((p) => !q.state || p.state === q.state);
    return c.json({ asOf, items: items.map(promiseJson) }, 200);
  })
  .openapi(routes.cancelPromise, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    const p = await db.prepare('SELECT id, cancelled_at FROM promises WHERE id = ?1').bind(id).first<{ id: string; cancelled_at: string | null }>();
    if (!p) throw new AppError('not_found', `no promise ${id}`);
    if (p.cancelled_at) throw new AppError('conflict', `promise ${id} was already withdrawn on ${p.cancelled_at}`);
    const at = new Date().toISOString();
    const userId = c.get('principal').userId;
    const [upd] = await db.batch([
      db.prepare('UPDATE promises SET cancelled_at = ?2 WHERE id = ?1 AND cancelled_at IS NULL').bind(id, at),
      db.prepare(`INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) SELECT ?1, ?2, 'promise.cancel', 'promise', ?3, ?4, ?5 WHERE changes() = 1`)
        .bind(at, userId, id, JSON.stringify({ cancelledAt: null }), JSON.stringify({ cancelledAt: at })),
    ]);
    if (upd!.meta.changes === 0) throw new AppError('conflict', `promise ${id} was withdrawn meanwhile; nothing was changed`);
    return c.json({ id, cancelledAt: at }, 200);
  })
  .openapi(routes.openDispute, async (c) => {
    const input = c.req.valid('json');
    const db = c.env.DB;
    await customerExists(db, input.customerId);
    const openedOn = input.openedOn ?? today();
    const { amount, currency } = await checkInvoices(db, input.customerId, input.invoices, input.amount, openedOn);
    const at = new Date().toISOString();
    const userId = c.get('principal').userId;
    const dispute: Dispute = {
      id: crypto.randomUUID(), customerId: input.customerId, invoices: input.invoices, amount, currency, reason: input.reason, owner: input.owner, status: 'open',
      rootCause: '', note: input.note, openedOn, resolvedOn: null, version: 1, createdBy: userId, updatedBy: userId, updatedAt: at,
    };
    await insertDispute(db, dispute, at);
    return c.json(disputeJson(await getDispute(db, dispute.id)), 201);
  })
  .openapi(routes.listDisputes, async (c) => c.json({ items: (await listDisputes(c.env.DB, c.req.valid('query'))).map(disputeJson) }, 200))
  .openapi(routes.updateDispute, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const db = c.env.DB;
    const before = await getDispute(db, id);
    if (before.version !== input.version) throw new AppError('conflict', `dispute ${id} is at version ${before.version}, not ${input.version}; reload it`);
    const after: Dispute = {
      ...before, status: input.status ?? before.status, owner: input.owner ?? before.owner, rootCause: input.rootCause ?? before.rootCause,
      note: input.note ?? before.note, resolvedOn: input.resolvedOn ?? today(),
    };
    const refused = checkTransition(before.status, after.status, after.rootCause);
    if (refused) throw new AppError('validation_failed', refused, [{ path: 'json.status', message: refused }]);
    if (after.resolvedOn! < before.openedOn) throw new AppError('validation_failed', 'resolved before it was opened', [{ path: 'json.resolvedOn', message: `before ${before.openedOn}` }]);
    return c.json(disputeJson(await updateDispute(db, before, after, c.get('principal').userId, new Date().toISOString())), 200);
  })
  .openapi(routes.worklistRoute, async (c) => {
    const q = c.req.valid('query');
    const state = await ledgerState(c.env.DB);
    const date = resolveAsOf(q.date, state);
    const items = await worklist(c.env.DB, state, date, q.collector ?? null);
    const m = (v: number) => toDecimal(v, state.currency);
    return c.json({
      date, collector: q.collector ?? null, currency: state.currency,
      items: items.map((i) => ({ ...i, overdue: m(i.overdue), disputed: m(i.disputed), promises: i.promises.map((p) => ({ ...p, amount: toDecimal(p.amount, p.currency) })) })),
    }, 200);
  });
