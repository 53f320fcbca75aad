/** Random audits: a reproducible sample of an executive's activities and decisions in a period, and its review. */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { drawSample } from '../../../shared/audits/sample';
import { isIsoDate } from '../../../shared/dates';
import { assertion, guardedBatch } from '../batch-guard';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { auditStatement } from '../queries/settings';
import { errorResponses } from './common';

const IsoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const ok = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });

const ItemSchema = z.object({ position: z.number().int(), itemType: z.string(), itemId: z.string(), summary: z.string(), result: z.enum(['ok', 'finding']).nullable(), comment: z.string().nullable(), reviewedBy: z.string().nullable(), reviewedAt: z.string().nullable() });
const SampleSchema = z.object({ id: z.string(), userId: z.string(), from: z.string(), to: z.string(), seed: z.string(), size: z.number().int(), population: z.number().int(), createdBy: z.string(), createdAt: z.string(), items: z.array(ItemSchema) });

const draw = createRoute({
  method: 'post', path: '/audits/sample',
  summary: 'Draw a reproducible random sample of a user’s activities, promises, disputes, credit decisions and write-off proposals in a period',
  description: 'The population is ordered by type then id and drawn with a seeded PRNG (mulberry32); the seed (given, or generated) and the drawn ids are stored, so the same seed over the same population draws the same items.',
  request: { body: json(z.object({ userId: z.string().min(1).max(64), from: IsoDate, to: IsoDate, size: z.number().int().min(1).max(500), seed: z.string().min(1).max(100).optional() })) },
  responses: { 201: ok('The sample', SampleSchema), ...errorResponses(401, 403, 404, 422) },
});
const getOne = createRoute({ method: 'get', path: '/audits/{id}', summary: 'A sample with its review results', request: { params: z.object({ id: z.string().max(64) }) }, responses: { 200: ok('The sample', SampleSchema), ...errorResponses(401, 403, 404) } });
const list = createRoute({ method: 'get', path: '/audits', summary: 'Audit samples, newest first (without items)', request: { query: z.object({ userId: z.string().max(64).optional() }) }, responses: { 200: ok('Samples', z.object({ items: z.array(SampleSchema.omit({ items: true }).extend({ reviewed: z.number().int() })) })), ...errorResponses(400, 401, 403) } });
const review = createRoute({
  method: 'post', path: '/audits/{id}/results', summary: 'Record the review result of sampled items (once each; not by the audited user)',
  request: { params: z.object({ id: z.string().max(64) }), body: json(z.object({ results: z.array(z.object({ position: z.number().int().min(1), result: z.enum(['ok', 'finding']), comment: z.string().max(2000).default('') })).min(1).max(500) })) },
  responses: { 200: ok('The sample', SampleSchema), ...errorResponses(401, 403, 404, 409, 422) },
});

// Everything a user did in the period that a manager may want to check, with a one-line summary.
const POPULATION_SQL = `
  SELECT 'activity' AS type, id, kind || ' ' || customer_id || ' on ' || occurred_on || CASE WHEN outcome <> '' THEN ': ' || outcome ELSE '' END AS summary
    FROM activities WHERE created_by = ?1 AND occurred_on BETWEEN ?2 AND ?3
  UNION ALL SELECT 'promise', id, 'promise ' || customer_id || ' by ' || promised_date FROM promises WHERE created_by = ?1 AND made_on BETWEEN ?2 AND ?3
  UNION ALL SELECT 'dispute', id, 'dispute ' || customer_id || ' (' || reason || ', ' || status || ')' FROM disputes WHERE created_by = ?1 AND opened_on BETWEEN ?2 AND ?3
  UNION ALL SELECT 'limit_decision', id, 'credit decision ' || customer_id || ' (' || status || '): ' || reason FROM limit_decisions WHERE requested_by = ?1 AND substr(requested_at, 1, 10) BETWEEN ?2 AND ?3
  UNION ALL SELECT 'write_off', id, 'write-off ' || customer_id || ' (' || state || '): ' || reason FROM write_offs WHERE proposed_by = ?1 AND substr(proposed_at, 1, 10) BETWEEN ?2 AND ?3`;

type SampleRow = { id: string; user_id: string; from_date: string; to_date: string; seed: string; size: number; population: number; created_by: string; created_at: string };
type ItemRow = { position: number; item_type: string; item_id: string; summary: string; result: 'ok' | 'finding' | null; comment: string | null; reviewed_by: string | null; reviewed_at: string | null };
const head = (s: SampleRow) => ({ id: s.id, userId: s.user_id, from: s.from_date, to: s.to_date, seed: s.seed, size: s.size, population: s.population, createdBy: s.created_by, createdAt: s.created_at });

async function loadSample(db: D1Database, id: string) {
  const s = await db.prepare('SELECT * FROM audit_samples WHERE id = ?1').bind(id).first<SampleRow>();
  if (!s) throw new AppError('not_found', `no audit sample ${id}`);
  const { results } = await db.prepare('SELECT * FROM audit_sample_items WHERE sample_id = ?1 ORDER BY position').bind(id).all<ItemRow>();
  return {
    ...head(s),
    items: results.map((i) => ({ position: i.position, itemType: i.item_type, itemId: i.item_id, summary: i.summary, result: i.result, comment: i.comment, reviewedBy: i.reviewed_by, reviewedAt: i.reviewed_at })),
  };
}

export const audits = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(draw, async (c) => {
    const b = c.req.valid('json');
    if (b.to < b.from) throw new AppError('validation_failed', 'the period is empty', [{ path: 'json.to', message: 'to is before from' }]);
    const db = c.env.DB;
    if (!(await db.prepare('SELECT 1 FROM users WHERE id = ?1').bind(b.userId).first())) throw new AppError('not_found', `no user ${b.userId}`);
    const { results: population } = await db.prepare(POPULATION_SQL).bind(b.userId, b.from, b.to).all<{ type: string; id: string; summary: string }>();
    const seed = b.seed ?? crypto.randomUUID();
    const drawn = drawSample(population, b.size, seed);
    const id = crypto.randomUUID();
    const at = new Date().toISOString();
    const me = c.get('principal').userId;
    await db.batch([
      db.prepare('INSERT INTO audit_samples (id, user_id, from_date, to_date, seed, size, population, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)').bind(id, b.userId, b.from, b.to, seed, b.size, population.length, me, at),
      ...drawn.map((d, k) => db.prepare('INSERT INTO audit_sample_items (sample_id, position, item_type, item_id, summary) VALUES (?1, ?2, ?3, ?4, ?5)').bind(id, k + 1, d.type, d.id, d.summary)),
      auditStatement(db, { at, userId: me, action: 'audit_sample.draw', entity: 'audit_sample', entityId: id, after: { userId: b.userId, from: b.from, to: b.to, seed, size: b.size, population: population.length, items: drawn.map((d) => `${d.type}:${d.id}`) } }),
    ]);
    return c.json(await loadSample(db, id), 201);
  })
  .openapi(list, async (c) => {
    const q = c.req.valid('query');
    const { results } = await c.env.DB
      .prepare('SELECT s.*, (SELECT COUNT(*) FROM audit_sample_items i WHERE i.sample_id = s.id AND i.result IS NOT NULL) AS reviewed FROM audit_samples s WHERE (?1 IS NULL OR s.user_id = ?1) ORDER BY s.created_at DESC, s.id')
      .bind(q.userId ?? null)
      .all<SampleRow & { reviewed: number }>();
    return c.json({ items: results.map((s) => ({ ...head(s), reviewed: s.reviewed })) }, 200);
  })
  .openapi(getOne, async (c) => c.json(await loadSample(c.env.DB, c.req.valid('param').id), 200))
  .openapi(review, async (c) => {
    const { id } = c.req.valid('param');
    const { results } = c.req.valid('json');
    const db = c.env.DB;
    const sample = await loadSample(db, id);
    const me = c.get('principal').userId;
    if (sample.userId === me) throw new AppError('forbidden', 'no one reviews a sample of their own work');
    const problems = results.flatMap((r, k) => {
      const item = sample.items.find((i) => i.position === r.position);
      if (!item) return [{ path: `json.results.${k}.position`, message: `the sample has no item ${r.position}` }];
      if (results.findIndex((x) => x.position === r.position) !== k) return [{ path: `json.results.${k}.position`, message: `item ${r.position} is given twice` }];
      if (r.result === 'finding' && !r.comment.trim()) return [{ path: `json.results.${k}.comment`, message: 'a finding needs a comment' }];
      return [];
    });
    if (problems.length) throw new AppError('validation_failed', 'no result was recorded', problems);
    const done = results.filter((r) => sample.items.find((i) => i.position === r.position)!.result !== null);
    if (done.length) throw new AppError('conflict', `item(s) ${done.map((r) => r.position).join(', ')} already reviewed; nothing was changed`);
    const at = new Date().toISOString();
    // Each item is reviewed once: the batch re-checks that none of them was reviewed meanwhile (a racing submission).
    const positions = JSON.stringify(results.map((r) => r.position));
    const unreviewed = assertion(db, 'items not yet reviewed', 'NOT EXISTS (SELECT 1 FROM audit_sample_items WHERE sample_id = ?2 AND position IN (SELECT value FROM json_each(?3)) AND result IS NOT NULL)', id, positions);
    const written = await guardedBatch(db, unreviewed, [
      ...results.map((r) => db.prepare('UPDATE audit_sample_items SET result = ?3, comment = ?4, reviewed_by = ?5, reviewed_at = ?6 WHERE sample_id = ?1 AND position = ?2 AND result IS NULL').bind(id, r.position, r.result, r.comment, me, at)),
      auditStatement(db, { at, userId: me, action: 'audit_sample.review', entity: 'audit_sample', entityId: id, after: results }),
    ]);
    if (!written) throw new AppError('conflict', `item(s) ${results.map((r) => r.position).join(', ')} were reviewed meanwhile, at least in part; nothing was changed: reload the sample`);
    return c.json(await loadSample(db, id), 200);
  });
