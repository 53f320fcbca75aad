/** The cheques register (post-dated cheques are expected cash; a returned one re-opens the balance) and letters of credit. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isIsoDate } from '../../../shared/dates';
import { CHEQUE_ACTIONS, chequeMove } from '../../../shared/letters/cheques';
import { formatMoney, parseMoney, toDecimal, toFunctional } from '../../../shared/money';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { cheque, listCheques, paymentDoc, reversalStatements, updateCheque, type ChequeRow } from '../letters/cheques-sql';
import { isFailedAssertion } from '../queries/credit';
import { auditStatement, ledgerState } from '../queries/settings';
import { errorResponses } from './common';

const IsoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const Amount = z.union([z.string().max(40), z.number()]);
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const ok = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });
const IdParam = z.object({ id: z.string().max(64) });

const ChequeSchema = z.object({
  id: z.string(), customerId: z.string(), chequeNo: z.string(), bank: z.string(), amount: z.number(), currency: z.string(), chequeDate: z.string(), receivedOn: z.string(),
  state: z.enum(['received', 'deposited', 'cleared', 'returned', 'cancelled']), depositedOn: z.string().nullable(), clearedOn: z.string().nullable(),
  returnedOn: z.string().nullable(), returnReason: z.string().nullable(), paymentDocNo: z.string().nullable(), reversalDocNo: z.string().nullable(),
  note: z.string(), version: z.number().int(),
});
const chequeJson = (r: ChequeRow) => ({
  id: r.id, customerId: r.customer_id, chequeNo: r.cheque_no, bank: r.bank, amount: toDecimal(r.amount, r.currency), currency: r.currency, chequeDate: r.cheque_date,
  receivedOn: r.received_on, state: r.state, depositedOn: r.deposited_on, clearedOn: r.cleared_on, returnedOn: r.returned_on, returnReason: r.return_reason,
  paymentDocNo: r.payment_doc_no, reversalDocNo: r.reversal_doc_no, note: r.note, version: r.version,
});

const createCheque = createRoute({
  method: 'post', path: '/cheques', summary: 'Register a cheque received (post-dated when its date is later): expected cash, not a payment',
  request: { body: json(z.object({ customerId: z.string().min(1).max(64), chequeNo: z.string().min(1).max(64), bank: z.string().max(200).optional(), amount: Amount, currency: z.string().regex(/^[A-Z]{3}$/).optional(), chequeDate: IsoDate, receivedOn: IsoDate, note: z.string().max(1000).optional() })) },
  responses: { 201: ok('Registered', ChequeSchema), ...errorResponses(401, 403, 404, 409, 422) },
});
const listRoute = createRoute({
  method: 'get', path: '/cheques', summary: 'The cheques register; state=received lists the expected cash (post-dated cheques by date)',
  request: { query: z.object({ state: z.enum(['received', 'deposited', 'cleared', 'returned', 'cancelled']).optional(), customer: z.string().max(64).optional() }) },
  responses: { 200: ok('Cheques', z.object({ items: z.array(ChequeSchema), expectedCash: z.array(z.object({ date: z.string(), currency: z.string(), amount: z.number() })) })), ...errorResponses(400, 401, 403) },
});
const moveRoute = createRoute({
  method: 'post', path: '/cheques/{id}',
  summary: 'Deposit, clear, return or cancel a cheque',
  description:
    'deposit (not before the cheque date; paymentDocNo links the PMT the ERP booked), clear, return (from deposited or cleared: writes a debit ADJ RET-<cheque no> dated the return date ' +
    'for the cheque amount, so the balance re-opens as of that date; flags the customer), cancel (a received cheque). version: the cheque version read.',
  request: { params: IdParam, body: json(z.object({ action: z.enum(CHEQUE_ACTIONS), date: IsoDate, version: z.number().int().min(1), paymentDocNo: z.string().min(1).max(64).optional(), reason: z.string().max(500).optional() })) },
  responses: { 200: ok('The cheque', ChequeSchema), ...errorResponses(401, 403, 404, 409, 422) },
});
const reversalsCsv = createRoute({
  method: 'get', path: '/cheques/reversals.csv', summary: 'Returned-cheque reversals as canonical ledger rows for the ERP to post (same doc_no, so its next export matches ours)',
  responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses(401, 403) },
});

const LcSchema = z.object({
  id: z.string(), customerId: z.string(), lcNo: z.string(), issuingBank: z.string(), amount: z.number(), currency: z.string(), expiryDate: z.string(), documentsDue: z.string(),
  state: z.enum(['issued', 'documents_presented', 'paid', 'expired', 'cancelled']), note: z.string(), version: z.number().int(),
});
type LcRow = { id: string; customer_id: string; lc_no: string; issuing_bank: string; amount: number; currency: string; expiry_date: string; documents_due: string; state: z.infer<typeof LcSchema>['state']; note: string; version: number };
const lcJson = (r: LcRow) => ({ id: r.id, customerId: r.customer_id, lcNo: r.lc_no, issuingBank: r.issuing_bank, amount: toDecimal(r.amount, r.currency), currency: r.currency, expiryDate: r.expiry_date, documentsDue: r.documents_due, state: r.state, note: r.note, version: r.version });
const LC_NEXT: Record<LcRow['state'], LcRow['state'][]> = { issued: ['documents_presented', 'expired', 'cancelled'], documents_presented: ['paid', 'expired'], paid: [], expired: [], cancelled: [] };

const createLc = createRoute({
  method: 'post', path: '/letters-of-credit', summary: 'Record a letter of credit',
  request: { body: json(z.object({ customerId: z.string().min(1).max(64), lcNo: z.string().min(1).max(64), issuingBank: z.string().max(200).optional(), amount: Amount, currency: z.string().regex(/^[A-Z]{3}$/).optional(), expiryDate: IsoDate, documentsDue: IsoDate, note: z.string().max(1000).optional() })) },
  responses: { 201: ok('Recorded', LcSchema), ...errorResponses(401, 403, 404, 409, 422) },
});
const listLc = createRoute({
  method: 'get', path: '/letters-of-credit', summary: 'Letters of credit',
  request: { query: z.object({ state: LcSchema.shape.state.optional(), customer: z.string().max(64).optional() }) },
  responses: { 200: ok('Letters of credit', z.object({ items: z.array(LcSchema) })), ...errorResponses(400, 401, 403) },
});
const moveLc = createRoute({
  method: 'post', path: '/letters-of-credit/{id}', summary: 'Move a letter of credit: issued → documents_presented → paid; issued or presented → expired; issued → cancelled',
  request: { params: IdParam, body: json(z.object({ state: LcSchema.shape.state, version: z.number().int().min(1), note: z.string().max(1000).optional() })) },
  responses: { 200: ok('The letter of credit', LcSchema), ...errorResponses(401, 403, 404, 409, 422) },
});

const csvCell = (v: string) => (/[",\n\r]/.test(v) || /^[=+\-@\t]/.test(v) ? `"${(/^[=+\-@\t]/.test(v) ? `'${v}` : v).replaceAll('"', '""')}"` : v);

async function customerCurrency(db: D1Database, id: string): Promise<string> {
  const cu = await db.prepare('SELECT currency FROM customers WHERE id = ?1').bind(id).first<{ currency: string }>();
  if (!cu) throw new AppError('not_found', `no customer ${id}`);
  return cu.currency;
}

export const cheques = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(createCheque, async (c) => {
    const b = c.req.valid('json');
    const db = c.env.DB;
    const currency = b.currency ?? (await customerCurrency(db, b.customerId));
    await customerCurrency(db, b.customerId);
    const amount = parseMoney(String(b.amount), currency);
    if (!amount.ok || amount.value === 0) throw new AppError('validation_failed', 'the cheque was not registered', [{ path: 'json.amount', message: amount.ok ? 'must be more than zero' : amount.message }]);
    const exists = await db.prepare('SELECT id FROM cheques WHERE customer_id = ?1 AND cheque_no = ?2').bind(b.customerId, b.chequeNo).first();
    if (exists) throw new AppError('conflict', `cheque ${b.chequeNo} of ${b.customerId} is already registered; nothing was changed`);
    const userId = c.get('principal').userId;
    const at = new Date().toISOString();
    const id = crypto.randomUUID();
    await db.batch([
      db.prepare(`INSERT INTO cheques (id, customer_id, cheque_no, bank, amount, currency, cheque_date, received_on, state, note, created_by, created_at, updated_by, updated_at)
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'received', ?9, ?10, ?11, ?10, ?11)`)
        .bind(id, b.customerId, b.chequeNo, b.bank ?? '', amount.value, currency, b.chequeDate, b.receivedOn, b.note ?? '', userId, at),
      auditStatement(db, { at, userId, action: 'cheque.receive', entity: 'cheque', entityId: id, after: { customerId: b.customerId, chequeNo: b.chequeNo, amount: amount.value, currency, chequeDate: b.chequeDate } }),
    ]);
    return c.json(chequeJson((await cheque(db, id))!), 201);
  })
  .openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const items = await listCheques(c.env.DB, q);
    const expected = new Map<string, { date: string; currency: string; amount: number }>();
    for (const r of items.filter((x) => x.state === 'received')) {
      const k = `${r.cheque_date}\u0000${r.currency}`;
      const e = expected.get(k) ?? { date: r.cheque_date, currency: r.currency, amount: 0 };
      e.amount += r.amount;
      expected.set(k, e);
    }
    return c.json({ items: items.map(chequeJson), expectedCash: [...expected.values()].map((e) => ({ ...e, amount: toDecimal(e.amount, e.currency) })) }, 200);
  })
  .openapi(reversalsCsv, async (c) => {
    const { results } = await c.env.DB
      .prepare("SELECT d.doc_no, d.customer_id, d.doc_date, d.due_date, d.amount, d.currency, d.fx_rate, d.reference FROM cheques q JOIN documents d ON d.doc_type = 'ADJ' AND d.doc_no = q.reversal_doc_no AND d.applies_to = '' ORDER BY d.doc_date, d.doc_no")
      .all<{ doc_no: string; customer_id: string; doc_date: string; due_date: string; amount: number; currency: string; fx_rate: string; reference: string }>();
    const lines = ['doc_type,doc_no,customer_id,doc_date,due_date,amount,currency,fx_rate,applies_to,reference',
      ...results.map((r) => ['ADJ', r.doc_no, r.customer_id, r.doc_date, r.due_date, formatMoney(r.amount, r.currency), r.currency, r.fx_rate, '', r.reference].map((v) => csvCell(String(v))).join(','))];
    return c.body(`${lines.join('\n')}\n`, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="cheque-reversals.csv"' });
  })
  .openapi(moveRoute, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const db = c.env.DB;
    const before = await cheque(db, id);
    if (!before) throw new AppError('not_found', `no cheque ${id}`);
    if (before.version !== b.version) throw new AppError('conflict', `cheque ${id} is at version ${before.version}, not ${b.version}; nothing was changed`);
    const move = chequeMove({ state: before.state, chequeDate: before.cheque_date, receivedOn: before.received_on, depositedOn: before.deposited_on }, b.action, b.date);
    if (!move.ok) throw new AppError('conflict', `${move.reason}; nothing was changed`);
    const userId = c.get('principal').userId;
    const at = new Date().toISOString();
    const after: ChequeRow = { ...before, state: move.to, payment_doc_no: b.paymentDocNo ?? before.payment_doc_no };
    const extra: D1PreparedStatement[] = [];
    if (b.action === 'deposit') after.deposited_on = b.date;
    if (b.action === 'clear') after.cleared_on = b.date;
    if (b.action === 'cancel') after.note = [before.note, b.reason ?? ''].filter(Boolean).join('; ');
    if (b.action === 'return') {
      if (!after.payment_doc_no) throw new AppError('validation_failed', 'the cheque is not linked to a payment', [{ path: 'json.paymentDocNo', message: 'name the PMT the ERP booked for this cheque, so its reversal can be written' }]);
      const pmt = await paymentDoc(db, before.customer_id, after.payment_doc_no);
      if (!pmt) throw new AppError('validation_failed', 'no such payment', [{ path: 'json.paymentDocNo', message: `PMT ${after.payment_doc_no} of ${before.customer_id} is not in the ledger` }]);
      if (pmt.currency !== before.currency) throw new AppError('validation_failed', 'currency differs', [{ path: 'json.paymentDocNo', message: `PMT ${after.payment_doc_no} is in ${pmt.currency}, the cheque in ${before.currency}` }]);
      if (b.date < pmt.doc_date) throw new AppError('validation_failed', 'return before the payment', [{ path: 'json.date', message: `the return date is before PMT ${after.payment_doc_no} (${pmt.doc_date})` }]);
      const docNo = `RET-${before.cheque_no}`;
      if (await db.prepare("SELECT 1 FROM documents WHERE doc_type = 'ADJ' AND doc_no = ?1").bind(docNo).first()) throw new AppError('conflict', `the ledger already has ADJ ${docNo}; nothing was changed`);
      const { currency: functional } = await ledgerState(db);
      after.returned_on = b.date;
      after.return_reason = b.reason ?? '';
      after.reversal_doc_no = docNo;
      extra.push(...reversalStatements(db, {
        customerId: before.customer_id, docNo, date: b.date, amount: before.amount, currency: before.currency, fxRate: pmt.fx_rate,
        funcAmount: toFunctional(before.amount, before.currency, pmt.fx_rate, functional),
        reference: `returned cheque ${before.cheque_no} (PMT ${after.payment_doc_no})${b.reason ? `: ${b.reason}` : ''}`.slice(0, 200), userId, at,
      }));
    }
    try {
      await db.batch(updateCheque(db, before, after, { userId, at, action: b.action }, extra));
    } catch (err) {
      if (!isFailedAssertion(err)) throw err;
      throw new AppError('conflict', `cheque ${id} changed meanwhile; nothing was changed`);
    }
    return c.json(chequeJson((await cheque(db, id))!), 200);
  })
  .openapi(createLc, async (c) => {
    const b = c.req.valid('json');
    const db = c.env.DB;
    const currency = b.currency ?? (await customerCurrency(db, b.customerId));
    await customerCurrency(db, b.customerId);
    const amount = parseMoney(String(b.amount), currency);
    if (!amount.ok || amount.value === 0) throw new AppError('validation_failed', 'the letter of credit was not recorded', [{ path: 'json.amount', message: amount.ok ? 'must be more than zero' : amount.message }]);
    if (await db.prepare('SELECT 1 FROM letters_of_credit WHERE customer_id = ?1 AND lc_no = ?2').bind(b.customerId, b.lcNo).first()) throw new AppError('conflict', `letter of credit ${b.lcNo} of ${b.customerId} is already recorded`);
    const userId = c.get('principal').userId;
    const at = new Date().toISOString();
    const id = crypto.randomUUID();
    await db.batch([
      db.prepare(`INSERT INTO letters_of_credit (id, customer_id, lc_no, issuing_bank, amount, currency, expiry_date, documents_due, state, note, created_by, created_at, updated_by, updated_at)
                  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'issued', ?9, ?10, ?11, ?10, ?11)`)
        .bind(id, b.customerId, b.lcNo, b.issuingBank ?? '', amount.value, currency, b.expiryDate, b.documentsDue, b.note ?? '', userId, at),
      auditStatement(db, { at, userId, action: 'letter_of_credit.create', entity: 'letter_of_credit', entityId: id, after: { ...b, amount: amount.value, currency } }),
    ]);
    return c.json(lcJson((await db.prepare('SELECT * FROM letters_of_credit WHERE id = ?1').bind(id).first<LcRow>())!), 201);
  })
  .openapi(listLc, async (c) => {
    const q = c.req.valid('query');
    const { results } = await c.env.DB.prepare('SELECT * FROM letters_of_credit WHERE (?1 IS NULL OR state = ?1) AND (?2 IS NULL OR customer_id = ?2) ORDER BY expiry_date, lc_no').bind(q.state ?? null, q.customer ?? null).all<LcRow>();
    return c.json({ items: results.map(lcJson) }, 200);
  })
  .openapi(moveLc, async (c) => {
    const { id } = c.req.valid('param');
    const b = c.req.valid('json');
    const db = c.env.DB;
    const before = await db.prepare('SELECT * FROM letters_of_credit WHERE id = ?1').bind(id).first<LcRow>();
    if (!before) throw new AppError('not_found', `no letter of credit ${id}`);
    if (before.version !== b.version) throw new AppError('conflict', `letter of credit ${id} is at version ${before.version}, not ${b.version}`);
    if (!LC_NEXT[before.state].includes(b.state)) throw new AppError('conflict', `a ${before.state} letter of credit cannot become ${b.state}`);
    const userId = c.get('principal').userId;
    const at = new Date().toISOString();
    const note = b.note ?? before.note;
    const res = await db.batch([
      db.prepare('UPDATE letters_of_credit SET state = ?3, note = ?4, version = version + 1, updated_by = ?5, updated_at = ?6 WHERE id = ?1 AND version = ?2').bind(id, before.version, b.state, note, userId, at),
      db.prepare(`INSERT INTO audit_log (at, user_id, action, entity, entity_id, before, after) SELECT ?1, ?2, 'letter_of_credit.update', 'letter_of_credit', ?3, ?4, ?5 WHERE changes() = 1`)
        .bind(at, userId, id, JSON.stringify({ state: before.state, note: before.note }), JSON.stringify({ state: b.state, note })),
    ]);
    if (res[0]!.meta.changes === 0) throw new AppError('conflict', `letter of credit ${id} changed meanwhile`);
    return c.json(lcJson((await db.prepare('SELECT * FROM letters_of_credit WHERE id = ?1').bind(id).first<LcRow>())!), 200);
  });
