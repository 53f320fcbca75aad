import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { isIsoDate } from '../../../shared/dates';
import { CURRENCY_CODE, parseMoney } from '../../../shared/money';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { getCustomer } from '../queries/ledger';
import { auditStatement, bumpDataVersion } from '../queries/settings';
import { errorResponses } from './common';

const LINES = ['total_assets', 'current_assets', 'current_liabilities', 'total_liabilities', 'retained_earnings', 'ebit', 'book_equity', 'sales'] as const;
const Amount = z.union([z.string(), z.number()]);

const route = createRoute({
  method: 'post',
  path: '/customers/{id}/financials',
  summary: "Record a customer's financial statements for a period (used by the credit score's Altman Z″ driver)",
  description: 'Amounts are decimals in the statement currency (negative allowed for retained earnings, EBIT, equity and working-capital lines). The same period again replaces it.',
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            period_end: z.string().refine(isIsoDate, 'period_end must be a date YYYY-MM-DD'),
            currency: z.string().regex(CURRENCY_CODE, 'currency must be an ISO 4217 code'),
            total_assets: Amount, current_assets: Amount, current_liabilities: Amount, total_liabilities: Amount,
            retained_earnings: Amount, ebit: Amount, book_equity: Amount, sales: Amount.optional(),
          }),
        },
      },
    },
  },
  responses: {
    201: { description: 'Recorded', content: { 'application/json': { schema: z.object({ customer_id: z.string(), period_end: z.string() }) } } },
    ...errorResponses(401, 403, 404, 422),
  },
});

export const financials = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(route, async (c) => {
  const { id } = c.req.valid('param');
  const input = c.req.valid('json');
  const db = c.env.DB;
  if (!(await getCustomer(db, id))) throw new AppError('not_found', `unknown customer ${id}`);
  const values: Record<string, number | null> = {};
  const problems: { path: string; message: string }[] = [];
  for (const line of LINES) {
    const raw = input[line];
    if (raw === undefined) {
      values[line] = null;
      continue;
    }
    const parsed = parseMoney(String(raw), input.currency, { allowNegative: true });
    if (!parsed.ok) problems.push({ path: `json.${line}`, message: parsed.message });
    else values[line] = parsed.value;
  }
  if (!problems.length && (values.total_assets ?? 0) <= 0) problems.push({ path: 'json.total_assets', message: 'total assets must be greater than 0' });
  if (problems.length) throw new AppError('validation_failed', 'the statements are not valid', problems);
  const at = new Date().toISOString();
  const userId = c.get('principal').userId;
  await db.batch([
    db.prepare(
      `INSERT OR REPLACE INTO customer_financials (customer_id, period_end, currency, ${LINES.join(', ')}, created_by, created_at)
       VALUES (?1, ?2, ?3, ${LINES.map((_, i) => `?${i + 4}`).join(', ')}, ?12, ?13)`,
    ).bind(id, input.period_end, input.currency, ...LINES.map((l) => values[l]), userId, at),
    auditStatement(db, { at, userId, action: 'financials.record', entity: 'customer', entityId: id, after: { period_end: input.period_end, currency: input.currency, ...values } }),
    bumpDataVersion(db),
  ]);
  return c.json({ customer_id: id, period_end: input.period_end }, 201);
});
