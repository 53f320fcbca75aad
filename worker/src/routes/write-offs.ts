/**
 * Write-off proposals: approved within delegated authority (shared/credit/authority.ts: never by the proposer; an
 * approver whose authority covers the functional amount), then exported as ADJ rows the ERP posts.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { approverRoleFor, mayApprove } from '../../../shared/credit/authority';
import { isIsoDate } from '../../../shared/dates';
import { formatMoney, parseMoney, toDecimal, toFunctional } from '../../../shared/money';
import type { AppEnv, Principal } from '../env';
import { AppError, validationHook, type ErrorDetail } from '../errors';
import { deciders } from '../queries/credit';
import { auditStatement, ledgerState } from '../queries/settings';
import { errorResponses } from './common';

const IsoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const ok = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });

const WriteOffSchema = z.object({
  id: z.string(), customerId: z.string(), currency: z.string(), date: z.string(), docNo: z.string(),
  items: z.array(z.object({ invoiceNo: z.string(), amount: z.number() })), amount: z.number(), functionalAmount: z.number(), reason: z.string(),
  state: z.enum(['proposed', 'approved', 'rejected']), posted: z.boolean(), approverRole: z.string(),
  proposedBy: z.string(), proposedAt: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), comment: z.string().nullable(),
});
type Row = { id: string; customer_id: string; currency: string; items: string; amount: number; func_amount: number; reason: string; doc_no: string; state: 'proposed' | 'approved' | 'rejected'; approver_role: string; proposed_by: string; proposed_at: string; decided_by: string | null; decided_at: string | null; comment: string | null; posted: number };
type Item = { invoiceNo: string; amount: number; funcAmount: number; fxRate: string; date: string };

const SELECT = `SELECT w.*, EXISTS (SELECT 1 FROM documents d WHERE d.doc_type = 'ADJ' AND d.doc_no = w.doc_no) AS posted FROM write_offs w`;
const writeOffJson = (r: Row, functional: string) => {
  const items = JSON.parse(r.items) as Item[];
  return {
    id: r.id, customerId: r.customer_id, currency: r.currency, date: items[0]?.date ?? '', docNo: r.doc_no,
    items: items.map((i) => ({ invoiceNo: i.invoiceNo, amount: toDecimal(i.amount, r.currency) })),
    amount: toDecimal(r.amount, r.currency), functionalAmount: toDecimal(r.func_amount, functional), reason: r.reason, state: r.state, posted: r.posted === 1,
    approverRole: r.approver_role, proposedBy: r.proposed_by, proposedAt: r.proposed_at, decidedBy: r.decided_by, decidedAt: r.decided_at, comment: r.comment,
  };
};

const propose = createRoute({
  method: 'post', path: '/write-offs', summary: 'Propose a write-off of open invoices; it waits for an approver whose authority covers the functional amount',
  request: { body: json(z.object({
    customerId: z.string().min(1).max(64),
    items: z.array(z.object({ invoiceNo: z.string().min(1).max(64), amount: z.union([z.string().max(40), z.number()]) })).min(1).max(200),
    reason: z.string().min(1).max(500),
    date: IsoDate.optional().describe('The write-off date (the ADJ’s date); default the ledger’s data date; not before any invoice'),
  })) },
  responses: { 201: ok('Proposed', WriteOffSchema), ...errorResponses(401, 403, 404, 422) },
});
const list = createRoute({
  method: 'get', path: '/write-offs', summary: 'Write-off proposals; posted = the ledger carries the ADJ',
  request: { query: z.object({ state: z.enum(['proposed', 'approved', 'rejected']).optional(), customer: z.string().max(64).optional() }) },
  responses: { 200: ok('Write-offs', z.object({ currency: z.string(), items: z.array(WriteOffSchema) })), ...errorResponses(400, 401, 403) },
});
const decide = (action: 'approve' | 'reject') => createRoute({
  method: 'post', path: `/write-offs/{id}/${action}`,
  summary: action === 'approve' ? 'Approve a write-off (not the proposer; authority must cover its functional amount; the invoices must still be open enough)' : 'Reject a write-off',
  request: { params: z.object({ id: z.string().max(64) }), body: json(z.object({ comment: z.string().max(1000).default('') })) },
  responses: { 200: ok('Decided', WriteOffSchema), ...errorResponses(401, 403, 404, 409, 422) },
});
const csv = createRoute({
  method: 'get', path: '/write-offs.csv', summary: 'Approved write-offs not yet in the ledger as canonical ledger rows: ADJ, negative, applies_to the invoice, reference WRITE-OFF …',
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(401, 403) },
});

// An invoice's open amount now, in its currency, less what other live proposals already take.
const OPEN_SQL = `
  SELECT d.doc_no, d.doc_date, d.currency, d.fx_rate,
    d.amount - COALESCE((SELECT SUM(a.amount) FROM allocations a WHERE a.invoice_id = d.id), 0) AS open
  FROM documents d WHERE d.doc_type = 'INV' AND d.applies_to = '' AND d.customer_id = ?1 AND d.doc_no IN (SELECT value FROM json_each(?2))`;
const TAKEN_SQL = `
  SELECT json_extract(i.value, '$.invoiceNo') AS doc_no, SUM(json_extract(i.value, '$.amount')) AS taken
  FROM write_offs w, json_each(w.items) i
  WHERE w.customer_id = ?1 AND w.id <> ?2 AND (w.state = 'proposed' OR (w.state = 'approved' AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_type = 'ADJ' AND d.doc_no = w.doc_no)))
  GROUP BY 1`;

async function checkItems(db: D1Database, customerId: string, items: { invoiceNo: string; amount: number }[], exceptId: string) {
  const [open, taken] = await db.batch([
    db.prepare(OPEN_SQL).bind(customerId, JSON.stringify(items.map((i) => i.invoiceNo))),
    db.prepare(TAKEN_SQL).bind(customerId, exceptId),
  ]);
  const inv = new Map((open!.results as { doc_no: string; doc_date: string; currency: string; fx_rate: string; open: number }[]).map((r) => [r.doc_no, r]));
  const took = new Map((taken!.results as { doc_no: string; taken: number }[]).map((r) => [r.doc_no, r.taken]));
  return { inv, took };
}

export const writeOffs = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(propose, async (c) => {
    const b = c.req.valid('json');
    const db = c.env.DB;
    const state = await ledgerState(db);
    const customer = await db.prepare('SELECT id FROM customers WHERE id = ?1').bind(b.customerId).first();
    if (!customer) throw new AppError('not_found', `no customer ${b.customerId}`);
    const id = crypto.randomUUID();
    const { inv, took } = await checkItems(db, b.customerId, b.items.map((i) => ({ invoiceNo: i.invoiceNo, amount: 0 })), id);
    const date = b.date ?? state.dataDate ?? new Date().toISOString().slice(0, 10);
    const problems: ErrorDetail[] = [];
    const items: Item[] = [];
    const currencies = new Set<string>();
    b.items.forEach((it, k) => {
      const path = `json.items.${k}`;
      const doc = inv.get(it.invoiceNo);
      if (!doc) return problems.push({ path: `${path}.invoiceNo`, message: `${it.invoiceNo} is not an invoice of ${b.customerId}` });
      currencies.add(doc.currency);
      const amount = parseMoney(String(it.amount), doc.currency);
      if (!amount.ok || amount.value === 0) return problems.push({ path: `${path}.amount`, message: amount.ok ? 'must be more than zero' : amount.message });
      const available = doc.open - (took.get(it.invoiceNo) ?? 0) - items.filter((x) => x.invoiceNo === it.invoiceNo).reduce((s, x) => s + x.amount, 0);
      if (amount.value > available) return problems.push({ path: `${path}.amount`, message: `more than the ${formatMoney(Math.max(0, available), doc.currency)} of ${it.invoiceNo} open and not already proposed for write-off` });
      if (date < doc.doc_date) return problems.push({ path: 'json.date', message: `the write-off date ${date} is before ${it.invoiceNo} (${doc.doc_date})` });
      items.push({ invoiceNo: it.invoiceNo, amount: amount.value, funcAmount: toFunctional(amount.value, doc.currency, doc.fx_rate, state.currency), fxRate: doc.fx_rate, date });
    });
    if (currencies.size > 1) problems.push({ path: 'json.items', message: `the invoices are in several currencies (${[...currencies].join(', ')}): one proposal per currency` });
    if (problems.length) throw new AppError('validation_failed', 'the write-off was not proposed', problems);
    const amount = items.reduce((s, i) => s + i.amount, 0);
    const funcAmount = items.reduce((s, i) => s + i.funcAmount, 0);
    const userId = c.get('principal').userId;
    const approverRole = approverRoleFor({ requestedBy: userId, requiredAuthority: funcAmount, policyException: false }, await deciders(db));
    const at = new Date().toISOString();
    const docNo = `WO-${id.slice(0, 8).toUpperCase()}`;
    const currency = [...currencies][0]!;
    await db.batch([
      db.prepare(`INSERT INTO write_offs (id, customer_id, currency, items, amount, func_amount, reason, doc_no, state, approver_role, proposed_by, proposed_at)
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'proposed', ?9, ?10, ?11)`)
        .bind(id, b.customerId, currency, JSON.stringify(items), amount, funcAmount, b.reason, docNo, approverRole, userId, at),
      auditStatement(db, { at, userId, action: 'write_off.proposed', entity: 'write_off', entityId: id, after: { customerId: b.customerId, items, amount, funcAmount, reason: b.reason, approverRole } }),
    ]);
    const row = await db.prepare(`${SELECT} WHERE w.id = ?1`).bind(id).first<Row>();
    return c.json(writeOffJson(row!, state.currency), 201);
  })
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const db = c.env.DB;
    const { currency } = await ledgerState(db);
    const { results } = await db.prepare(`${SELECT} WHERE (?1 IS NULL OR w.state = ?1) AND (?2 IS NULL OR w.customer_id = ?2) ORDER BY w.proposed_at, w.id`).bind(q.state ?? null, q.customer ?? null).all<Row>();
    return c.json({ currency, items: results.map((r) => writeOffJson(r, currency)) }, 200);
  })
  .openapi(decide('approve'), async (c) => c.json(await decideWriteOff(c.env.DB, c.get('principal'), c.req.valid('param').id, c.req.valid('json').comment, 'approve'), 200))
  .openapi(decide('reject'), async (c) => c.json(await decideWriteOff(c.env.DB, c.get('principal'), c.req.valid('param').id, c.req.valid('json').comment, 'reject'), 200))
  .openapi(csv, async (c) => {
    const db = c.env.DB;
    const { results } = await db.prepare(`${SELECT} WHERE w.state = 'approved' ORDER BY w.decided_at, w.id`).all<Row>();
    const lines = ['doc_type,doc_no,customer_id,doc_date,due_date,amount,currency,fx_rate,applies_to,reference'];
    for (const r of results.filter((x) => x.posted === 0)) {
      for (const i of JSON.parse(r.items) as Item[]) {
        const reference = `WRITE-OFF ${r.doc_no}: ${r.reason}`.replace(/[\r\n]+/g, ' ').slice(0, 200);
        lines.push(['ADJ', r.doc_no, r.customer_id, i.date, '', formatMoney(-i.amount, r.currency), r.currency, i.fxRate, i.invoiceNo, reference].map((v) => csvCell(String(v))).join(','));
      }
    }
    return c.body(`${lines.join('\n')}\n`, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="write-offs.csv"' });
  });

// A leading minus is an amount here, not a formula: only quote text cells that could be read as one.
const csvCell = (v: string) => (/[",\n\r]/.test(v) || /^[=+@\t]/.test(v) ? `"${(/^[=+@\t]/.test(v) ? `'${v}` : v).replaceAll('"', '""')}"` : v);

async function decideWriteOff(db: D1Database, principal: Principal, id: string, comment: string, action: 'approve' | 'reject') {
  const { currency } = await ledgerState(db);
  const r = await db.prepare(`${SELECT} WHERE w.id = ?1`).bind(id).first<Row>();
  if (!r) throw new AppError('not_found', `no write-off ${id}`);
  if (r.state !== 'proposed') throw new AppError('conflict', `write-off ${id} was already ${r.state}; nothing was changed`);
  const may = mayApprove({ requestedBy: r.proposed_by, requiredAuthority: r.func_amount, policyException: false }, principal, (m) => formatMoney(m, currency));
  if (!may.ok) throw new AppError('forbidden', `you may not decide write-off ${id}: ${may.reason}`);
  if (action === 'approve') {
    const items = JSON.parse(r.items) as Item[];
    const { inv } = await checkItems(db, r.customer_id, items, id);
    const short = items.filter((i) => (inv.get(i.invoiceNo)?.open ?? 0) < i.amount);
    if (short.length) throw new AppError('conflict', `${short.map((i) => `${i.invoiceNo} has ${formatMoney(Math.max(0, inv.get(i.invoiceNo)?.open ?? 0), r.currency)} open, less than the ${formatMoney(i.amount, r.currency)} to write off`).join('; ')}; reject it and propose again`);
  }
  const at = new Date().toISOString();
  const to = action === 'approve' ? 'approved' : 'rejected';
  const [upd] = await db.batch([
    db.prepare("UPDATE write_offs SET state = ?2, decided_by = ?3, decided_at = ?4, comment = ?5 WHERE id = ?1 AND state = 'proposed'").bind(id, to, principal.userId, at, comment ?? ''),
    db.prepare(`INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) SELECT ?1, ?2, ?3, 'write_off', ?4, ?5, ?6 WHERE changes() = 1`)
      .bind(at, principal.userId, `write_off.${to}`, id, JSON.stringify({ state: 'proposed' }), JSON.stringify({ state: to, comment: comment ?? '' })),
  ]);
  if (upd!.meta.changes === 0) throw new AppError('conflict', `write-off ${id} was decided meanwhile; nothing was changed`);
  const row = await db.prepare(`${SELECT} WHERE w.id = ?1`).bind(id).first<Row>();
  return writeOffJson(row!, currency);
}
