/** Dunning levels and runs, the letterhead, and customer statements (collections, part B). */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isIsoDate } from '../../../shared/dates';
import { unknownFields } from '../../../shared/letters/html';
import { MERGE_FIELDS } from '../../../shared/letters/dunning';
import { toDecimal } from '../../../shared/money';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { dunningLevels, planRun, storeRun } from '../letters/dunning-run';
import { letterhead } from '../letters/ledger-reads';
import { buildStatements, recordStatements } from '../letters/statements';
import { auditStatement, ledgerState } from '../queries/settings';
import { replaceSetting, settingVersion } from '../versions';
import { resolveAsOf } from './analytics';
import { errorResponses } from './common';

const IsoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const ok = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });

const LevelSchema = z.object({
  level: z.number().int().min(1).max(20),
  name: z.string().min(1).max(100),
  minDaysPastDue: z.number().int().min(-365).max(3650).describe('Days past due of the oldest listed item from which this level applies; negative = before the due date'),
  channel: z.enum(['email', 'letter']),
  template: z.string().min(1).max(20_000).describe(`HTML with merge fields: ${MERGE_FIELDS.map((f) => `{{${f}}}`).join(', ')}; every merged value is HTML-escaped`),
});
const LetterheadSchema = z.object({
  name: z.string().max(200), address: z.string().max(1000), contact: z.string().max(500),
  logoUrl: z.union([z.literal(''), z.string().url().max(1000).refine((u) => u.startsWith('https://'), 'an https:// URL')]),
});
const LetterSchema = z.object({
  id: z.string(), customerId: z.string(), customerName: z.string(), level: z.number().int(), levelName: z.string(), channel: z.string(),
  daysPastDue: z.number().int(), total: z.number().describe('Functional currency'), invoices: z.array(z.string()), html: z.string(),
});
const SkipSchema = z.object({ customerId: z.string(), customerName: z.string(), level: z.number().int(), reason: z.string() });

const Version = z.number().int().min(1).describe('The version read; a stale one is 409 and nothing is stored');
const getLevels = createRoute({ method: 'get', path: '/dunning/levels', summary: 'Dunning levels with their channel and letter template', responses: { 200: ok('Levels', z.object({ levels: z.array(LevelSchema), version: z.number().int() })), ...errorResponses(401, 403) } });
const putLevels = createRoute({
  method: 'put', path: '/dunning/levels', summary: 'Replace the dunning levels (admin)',
  request: { body: json(z.object({ levels: z.array(LevelSchema).min(1).max(20), version: Version })) },
  responses: { 200: ok('Stored', z.object({ levels: z.array(LevelSchema), version: z.number().int() })), ...errorResponses(401, 403, 409, 422) },
});
const postRun = createRoute({
  method: 'post', path: '/dunning/runs',
  summary: 'A dunning run as of a date: preview, or produce the letters and record each as an activity',
  description:
    'Each customer (of the collector, if given) with open items at least the lowest level’s days past due gets a letter at the level of its oldest item. ' +
    'Skipped, with the reason: on hold; in dispute for the whole balance; an open promise to pay; a letter at the same or a higher level in the last 14 days.',
  request: { body: json(z.object({ asOf: IsoDate.optional(), collector: z.string().max(200).optional(), preview: z.boolean() })) },
  responses: {
    200: ok('Preview (nothing stored)', z.object({ runId: z.null(), asOf: z.string(), currency: z.string(), letters: z.array(LetterSchema), skipped: z.array(SkipSchema) })),
    201: ok('Produced', z.object({ runId: z.string(), asOf: z.string(), currency: z.string(), letters: z.array(LetterSchema), skipped: z.array(SkipSchema) })),
    ...errorResponses(401, 403, 422),
  },
});
const getRun = createRoute({
  method: 'get', path: '/dunning/runs/{id}', summary: 'A produced dunning run with its letters',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: ok('The run', z.object({ runId: z.string(), asOf: z.string(), collector: z.string().nullable(), createdBy: z.string(), createdAt: z.string(), letters: z.array(LetterSchema.omit({ levelName: true, customerName: true, invoices: true })), skipped: z.array(z.object({ customerId: z.string(), reason: z.string() })) })), ...errorResponses(401, 403, 404) },
});
const LetterheadReply = LetterheadSchema.extend({ version: z.number().int() });
const getLetterhead = createRoute({ method: 'get', path: '/letterhead', summary: 'The letterhead on letters and statements', responses: { 200: ok('Letterhead', LetterheadReply), ...errorResponses(401, 403) } });
const putLetterhead = createRoute({ method: 'put', path: '/letterhead', summary: 'Set the letterhead (admin)', request: { body: json(LetterheadSchema.extend({ version: Version })) }, responses: { 200: ok('Stored', LetterheadReply), ...errorResponses(401, 403, 409, 422) } });
const StatementsBody = z.object({ asOf: IsoDate.optional(), customerId: z.string().max(64).optional(), collector: z.string().max(200).optional(), record: z.boolean() })
  .refine((b) => (b.customerId === undefined) !== (b.collector === undefined), 'give exactly one of customerId or collector');
const postStatements = createRoute({
  method: 'post', path: '/statements',
  summary: 'Monthly statements (open items, ageing, payments this month, unapplied credit) for a customer or a collector’s customers; record: true records each as an activity',
  request: { body: json(StatementsBody) },
  responses: {
    200: ok('Statements', z.object({ asOf: z.string(), recorded: z.boolean(), html: z.string().describe('All statements, one per printed page'), statements: z.array(z.object({ customerId: z.string(), customerName: z.string(), balance: z.record(z.string(), z.number()), html: z.string() })) })),
    ...errorResponses(401, 403, 404, 422),
  },
});
const getStatement = createRoute({
  method: 'get', path: '/statements', summary: 'One customer’s statement as printable HTML (records nothing)',
  request: { query: z.object({ customer: z.string().min(1).max(64), asOf: IsoDate.optional() }) },
  responses: { 200: { description: 'HTML', content: { 'text/html': { schema: z.string() } } }, ...errorResponses(400, 401, 403, 404) },
});

export const dunning = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(getLevels, async (c) => c.json({ levels: await dunningLevels(c.env.DB), version: await settingVersion(c.env.DB, 'dunning_levels') }, 200))
  .openapi(putLevels, async (c) => {
    const { levels, version } = c.req.valid('json');
    const problems = levels.flatMap((l, i) => [
      ...unknownFields(l.template, MERGE_FIELDS).map((f) => ({ path: `json.levels.${i}.template`, message: `unknown merge field {{${f}}}; known: ${MERGE_FIELDS.join(', ')}` })),
      ...(levels.findIndex((m) => m.level === l.level) !== i ? [{ path: `json.levels.${i}.level`, message: `level ${l.level} is given twice` }] : []),
      ...(levels.findIndex((m) => m.minDaysPastDue === l.minDaysPastDue) !== i ? [{ path: `json.levels.${i}.minDaysPastDue`, message: `two levels start at ${l.minDaysPastDue} days` }] : []),
    ]);
    if (problems.length) throw new AppError('validation_failed', 'the levels were not stored', problems);
    const db = c.env.DB;
    const before = await dunningLevels(db);
    const at = new Date().toISOString();
    const userId = c.get('principal').userId;
    const next = await replaceSetting(db, 'dunning_levels', version, [
      db.prepare('DELETE FROM dunning_levels'),
      ...levels.map((l) => db.prepare('INSERT INTO dunning_levels (level, name, min_days_past_due, channel, template, updated_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)').bind(l.level, l.name, l.minDaysPastDue, l.channel, l.template, userId, at)),
      auditStatement(db, { at, userId, action: 'dunning_levels.update', entity: 'dunning_levels', entityId: null, before, after: { levels, version: version + 1 } }),
    ]);
    return c.json({ levels: await dunningLevels(db), version: next }, 200);
  })
  .openapi(postRun, async (c) => {
    const body = c.req.valid('json');
    const db = c.env.DB;
    const state = await ledgerState(db);
    const asOf = resolveAsOf(body.asOf, state);
    const { letters, skipped } = await planRun(db, asOf, body.collector);
    const reply = (runId: string | null) => ({
      runId, asOf, currency: state.currency, skipped,
      letters: letters.map((l) => ({ id: l.id, customerId: l.customerId, customerName: l.customerName, level: l.level, levelName: l.levelName, channel: l.channel, daysPastDue: l.daysPastDue, total: toDecimal(l.totalFunc, state.currency), invoices: l.invoices, html: l.html })),
    });
    if (body.preview) return c.json({ ...reply(null), runId: null }, 200);
    const runId = crypto.randomUUID();
    await db.batch(storeRun(db, { id: runId, asOf, collector: body.collector ?? null, userId: c.get('principal').userId, at: new Date().toISOString() }, letters, skipped.map((s) => ({ customerId: s.customerId, reason: s.reason }))));
    return c.json({ ...reply(runId), runId }, 201);
  })
  .openapi(getRun, async (c) => {
    const { id } = c.req.valid('param');
    const db = c.env.DB;
    const run = await db.prepare('SELECT * FROM dunning_runs WHERE id = ?1').bind(id).first<{ id: string; as_of: string; collector: string | null; skipped: string; created_by: string; created_at: string }>();
    if (!run) throw new AppError('not_found', `no dunning run ${id}`);
    const { currency } = await ledgerState(db);
    const { results } = await db.prepare('SELECT * FROM dunning_letters WHERE run_id = ?1 ORDER BY customer_id').bind(id).all<{ id: string; customer_id: string; level: number; channel: string; days_past_due: number; total_func: number; html: string }>();
    return c.json({
      runId: run.id, asOf: run.as_of, collector: run.collector, createdBy: run.created_by, createdAt: run.created_at, skipped: JSON.parse(run.skipped) as { customerId: string; reason: string }[],
      letters: results.map((l) => ({ id: l.id, customerId: l.customer_id, level: l.level, channel: l.channel, daysPastDue: l.days_past_due, total: toDecimal(l.total_func, currency), html: l.html })),
    }, 200);
  })
  .openapi(getLetterhead, async (c) => c.json({ ...(await letterhead(c.env.DB)), version: await settingVersion(c.env.DB, 'letterhead') }, 200))
  .openapi(putLetterhead, async (c) => {
    const { version, ...after } = c.req.valid('json');
    const db = c.env.DB;
    const before = await letterhead(db);
    const at = new Date().toISOString();
    const next = await replaceSetting(db, 'letterhead', version, [
      db.prepare("INSERT INTO settings (key, value) VALUES ('letterhead', ?1) ON CONFLICT (key) DO UPDATE SET value = excluded.value").bind(JSON.stringify(after)),
      auditStatement(db, { at, userId: c.get('principal').userId, action: 'letterhead.update', entity: 'settings', entityId: 'letterhead', before, after: { ...after, version: version + 1 } }),
    ]);
    return c.json({ ...after, version: next }, 200);
  })
  .openapi(postStatements, async (c) => {
    const body = c.req.valid('json');
    const db = c.env.DB;
    const asOf = resolveAsOf(body.asOf, await ledgerState(db));
    const { statements, html } = await buildStatements(db, { asOf, customerId: body.customerId, collector: body.collector });
    if (body.record && statements.length) await db.batch(recordStatements(db, statements, { asOf, userId: c.get('principal').userId, at: new Date().toISOString() }));
    return c.json({
      asOf, recorded: body.record, html,
      statements: statements.map((s) => ({ customerId: s.customerId, customerName: s.customerName, html: s.html, balance: Object.fromEntries([...s.balance].map(([cur, v]) => [cur, toDecimal(v, cur)])) })),
    }, 200);
  })
  .openapi(getStatement, async (c) => {
    const q = c.req.valid('query');
    const db = c.env.DB;
    const asOf = resolveAsOf(q.asOf, await ledgerState(db));
    const built = await buildStatements(db, { asOf, customerId: q.customer });
    return c.body(built.statements[0]?.html ?? built.html, 200, { 'Content-Type': 'text/html; charset=utf-8' });
  });
