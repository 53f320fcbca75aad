import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { toDecimal } from '../../../shared/money';
import type { AppEnv } from '../env';
import { AppError, validationHook } from '../errors';
import { ledgerState } from '../queries/settings';
import { confirmationList, quarterDates, saveConfirmation } from '../reconciliation/confirmations';
import { errorResponses } from './common';

const Quarter = z.string().regex(/^\d{4}-Q[1-4]$/, 'quarter like 2026-Q3');
const ItemSchema = z.object({
  customerId: z.string(), name: z.string(), balance: z.number().describe('Net balance at quarter end, functional currency'),
  state: z.enum(['not_sent', 'sent', 'confirmed', 'disputed']), flagged: z.boolean(), selectedBecause: z.enum(['top_balance', 'flagged']),
  reconciliationId: z.string().nullable(), version: z.number().int().nullable().describe('The reconciliation’s version'), signedOff: z.boolean(), note: z.string(),
  confirmationVersion: z.number().int().describe('This confirmation’s own version (0: nothing set yet); send it back with a change'),
});

const listRoute = createRoute({
  method: 'get',
  path: '/confirmations',
  summary: 'Customers selected for a quarter’s balance confirmation, with their state',
  description:
    'Selected: the top N by net balance at quarter end, plus any flagged for the quarter. State: from the latest reconciliation recorded ' +
    'with an as-of date in the quarter (agreed → confirmed, differences → disputed); otherwise as last set (not_sent or sent).',
  request: { query: z.object({ quarter: Quarter, top: z.coerce.number().int().min(0).max(1000).default(20) }) },
  responses: {
    200: { description: 'Selection', content: { 'application/json': { schema: z.object({ quarter: z.string(), asOf: z.string(), currency: z.string(), items: z.array(ItemSchema) }) } } },
    ...errorResponses(400, 401, 403),
  },
});

const updateRoute = createRoute({
  method: 'post',
  path: '/confirmations',
  summary: 'Mark a customer’s confirmation request sent (or not), flag a customer for the quarter, or note something',
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({
            quarter: Quarter, customerId: z.string().min(1).max(64), state: z.enum(['not_sent', 'sent']).optional(), flagged: z.boolean().optional(), note: z.string().max(1000).optional(),
            confirmationVersion: z.number().int().min(0).describe('The confirmationVersion read (0 when nothing was set yet); a stale one is 409 and nothing is changed'),
          }),
        },
      },
    },
  },
  responses: { 200: { description: 'The item as listed', content: { 'application/json': { schema: ItemSchema } } }, ...errorResponses(401, 403, 404, 409, 422) },
});

export const confirmations = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(listRoute, async (c) => {
    const q = c.req.valid('query');
    const state = await ledgerState(c.env.DB);
    const { end } = quarterDates(q.quarter);
    const items = await confirmationList(c.env.DB, state, q.quarter, q.top);
    return c.json({ quarter: q.quarter, asOf: end, currency: state.currency, items: items.map((i) => ({ ...i, balance: toDecimal(i.balance, state.currency) })) }, 200);
  })
  .openapi(updateRoute, async (c) => {
    const input = c.req.valid('json');
    const db = c.env.DB;
    const state = await ledgerState(db);
    await saveConfirmation(db, input, c.get('principal').userId);
    const items = await confirmationList(db, state, input.quarter, 0, input.customerId);
    const item = items[0];
    if (!item) throw new AppError('not_found', `no customer ${input.customerId}`);
    return c.json({ ...item, balance: toDecimal(item.balance, state.currency) }, 200);
  });
