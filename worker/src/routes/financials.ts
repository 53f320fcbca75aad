import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isIsoDate } from '../../../shared/dates';
import { CURRENCY_CODE, parseMoney, toDecimal } from '../../../shared/money';
import { guardedBatch } from '../batch-guard';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { financialsOf, LINES, periodAt, recordStatements, statementsOf, type Statements, type StatementsRow } from '../queries/financials';
import { getCustomer } from '../queries/ledger';
import { errorResponses } from './common';

const Amount = z.union([z.string(), z.number()]);
const IdParam = z.object({ id: z.string().min(1).max(100) });
const Version = z.number().int().min(0).describe('The version of the period’s statements you read; 0 or absent: the period has none yet. Required to replace them.');

const StatementsSchema = z.object({
  period_end: z.string(), currency: z.string(),
  total_assets: z.number(), current_assets: z.number(), current_liabilities: z.number(), total_liabilities: z.number(),
  retained_earnings: z.number(), ebit: z.number(), book_equity: z.number(), sales: z.number().nullable(),
  version: z.number().int(), created_by: z.string(), created_at: z.string(),
});

const route = createRoute({
  method: 'post',
  path: '/customers/{id}/financials',
  summary: "Record a customer's financial statements for a period (used by the credit score's Altman Z″ driver)",
  description:
    'Amounts are decimals in the statement currency (negative allowed for retained earnings, EBIT, equity and working-capital lines). The same ' +
    'period again replaces it: send the `version` you read (GET, or this reply); an older one, or none when the period exists, is 409 and nothing is written.',
  request: {
    params: IdParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            period_end: z.string().refine(isIsoDate, 'period_end must be a date YYYY-MM-DD'),
            currency: z.string().regex(CURRENCY_CODE, 'currency must be an ISO 4217 code'),
            total_assets: Amount, current_assets: Amount, current_liabilities: Amount, total_liabilities: Amount,
            retained_earnings: Amount, ebit: Amount, book_equity: Amount, sales: Amount.optional(),
            version: Version.optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Recorded', content: { 'application/json': { schema: z.object({ customer_id: z.string(), period_end: z.string(), version: z.number().int() }) } } },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/customers/{id}/financials',
  summary: "A customer's financial statements, one entry per period, each with its version",
  request: { params: IdParam },
  responses: {
    200: { description: 'Statements, oldest period first', content: { 'application/json': { schema: z.object({ customer_id: z.string(), items: z.array(StatementsSchema) }) } } },
    ...errorResponses(401, 403, 404),
  },
});

function rowJson(r: StatementsRow): z.infer<typeof StatementsSchema> {
  const amounts = Object.fromEntries(LINES.map((l) => [l, r[l] === null ? null : toDecimal(r[l], r.currency)]));
  return { period_end: r.period_end, currency: r.currency, ...amounts, version: r.version, created_by: r.created_by, created_at: r.created_at } as z.infer<typeof StatementsSchema>;
}

async function customerOrThrow(db: D1Database, id: string) {
  if (!(await getCustomer(db, id))) throw new AppError('not_found', `unknown customer ${id}`);
}

const stale = (id: string, period: string, sent: number, now: number) =>
  new AppError('conflict', `the statements of ${id} for ${period} are at version ${now}, not ${sent}${sent ? '' : ' (you sent none)'}; nothing was written: reload them and send version ${now} to replace them`);

export const financials = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const { id } = c.req.valid('param');
    await customerOrThrow(c.env.DB, id);
    return c.json({ customer_id: id, items: (await financialsOf(c.env.DB, id)).map(rowJson) }, 200);
  })
  .openapi(route, async (c) => {
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const db = c.env.DB;
    await customerOrThrow(db, id);
    const after: Statements = { period_end: input.period_end, currency: input.currency, ...(Object.fromEntries(LINES.map((l) => [l, null])) as Record<(typeof LINES)[number], null>) };
    const problems: { path: string; message: string }[] = [];
    for (const line of LINES) {
      const raw = input[line];
      if (raw === undefined) continue;
      const parsed = parseMoney(String(raw), input.currency, { allowNegative: true });
      if (!parsed.ok) problems.push({ path: `json.${line}`, message: parsed.message });
      else after[line] = parsed.value;
    }
    if (!problems.length && (after.total_assets ?? 0) <= 0) problems.push({ path: 'json.total_assets', message: 'total assets must be greater than 0' });
    if (problems.length) throw new AppError('validation_failed', 'the statements are not valid', problems);
    const version = input.version ?? 0;
    const before = await statementsOf(db, id, input.period_end);
    if ((before?.version ?? 0) !== version) throw stale(id, input.period_end, version, before?.version ?? 0);
    const at = new Date().toISOString();
    const written = await guardedBatch(db, periodAt(db, id, input.period_end, version), recordStatements(db, { customerId: id, before, after, userId: c.get('principal').userId, at }));
    if (!written) throw stale(id, input.period_end, version, (await statementsOf(db, id, input.period_end))?.version ?? 0);
    return c.json({ customer_id: id, period_end: input.period_end, version: version + 1 }, 201);
  });
