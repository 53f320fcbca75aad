import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { AnalyticsInputError } from '../../../shared/analytics/errors';
import { shareLoads } from '../cache';
import type { AppEnv } from '../env';
import { validationHook } from '../errors';
import { ArgumentError, parseCall, type Arg, type FunctionCall } from '../functions/calls';
import { ArgumentFault, BatchEvaluator, NotAvailable, type CellValue } from '../functions/evaluate';
import { ledgerState } from '../queries/settings';
import { errorResponses } from './common';

export const MAX_CALLS = 2000;

const CallSchema = z.object({
  fn: z.string().min(1).max(40),
  args: z.array(z.union([z.string().max(200), z.number(), z.boolean(), z.null()])).max(10).default([]),
});

const ResultSchema = z.union([
  z.object({ value: z.union([z.number(), z.string(), z.array(z.array(z.union([z.number(), z.string()])))]) }),
  z.object({ error: z.object({ code: z.enum(['NA', 'VALUE']), message: z.string() }) }),
]);

const batch = createRoute({
  method: 'post',
  path: '/functions/batch',
  summary: 'Evaluate many custom-function calls at once (the add-in coalesces cells into one request)',
  description: `At most ${MAX_CALLS} calls. Results come back in the same order; a failed call is an error result (NA: no such figure or customer, VALUE: a bad argument) and never fails the batch.`,
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ calls: z.array(CallSchema).max(MAX_CALLS) }) } } } },
  responses: {
    200: {
      description: 'One result per call, in order',
      content: { 'application/json': { schema: z.object({ dataVersion: z.number(), dataDate: z.string().nullable(), results: z.array(ResultSchema) }) } },
    },
    ...errorResponses(401, 403, 422),
  },
});

type Result = { value: CellValue } | { error: { code: 'NA' | 'VALUE'; message: string } };

function toResult(err: unknown): Result {
  if (err instanceof NotAvailable) return { error: { code: 'NA', message: err.message } };
  if (err instanceof ArgumentError || err instanceof ArgumentFault || err instanceof AnalyticsInputError) return { error: { code: 'VALUE', message: err.message } };
  throw err;
}

export const functions = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(batch, async (c) => {
  const { calls } = c.req.valid('json');
  const state = await ledgerState(c.env.DB);
  const evaluator = new BatchEvaluator(c.env.DB, state, shareLoads(c));
  // Identical calls are evaluated once.
  const distinct = new Map<string, { fn: string; args: Arg[] }>();
  for (const call of calls) distinct.set(JSON.stringify([call.fn.toUpperCase(), call.args]), call);
  const parsed = new Map<string, FunctionCall | Result>();
  for (const [key, call] of distinct) {
    try {
      const p = parseCall(call.fn, call.args);
      evaluator.plan(p);
      parsed.set(key, p);
    } catch (err) {
      parsed.set(key, toResult(err));
    }
  }
  const results = new Map<string, Result>();
  await Promise.all(
    [...parsed].map(async ([key, p]) => {
      if ('fn' in p) {
        try {
          results.set(key, { value: await evaluator.evaluate(p) });
        } catch (err) {
          results.set(key, toResult(err));
        }
      } else results.set(key, p);
    }),
  );
  return c.json(
    { dataVersion: state.dataVersion, dataDate: state.dataDate, results: calls.map((call) => results.get(JSON.stringify([call.fn.toUpperCase(), call.args]))!) },
    200,
  );
});
