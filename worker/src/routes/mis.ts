import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { eclAllowance } from '../../../shared/analytics/ecl';
import { bucketSet } from '../../../shared/analytics/ageing';
import { addMonths, endOfMonth } from '../../../shared/dates';
import { rollSummary, rollWindow } from '../../../shared/forecast/roll-rates';
import { toDecimal } from '../../../shared/money';
import { ageing } from '../analytics/ageing';
import { findMatrix } from '../analytics/ecl';
import { rollTotals } from '../forecast/roll-rates-sql';
import type { AppEnv } from '../env';
import { validationHook } from '../errors';
import { ledgerState } from '../queries/settings';
import { resolveAsOf } from './analytics';
import { AsOf } from './analytics.params';
import { errorResponses } from './common';

const misRoute = createRoute({
  method: 'get',
  path: '/mis',
  summary: 'MIS summary by month: billed, credit notes, unbilled, debtors and ECL provision at each month end; the last month\'s roll rates',
  description:
    'The last `months` calendar months up to the as-of date (the month of D ends on D). billed = invoices dated in the month; ' +
    'unbilled = UNB documents dated in the month; debtors = net receivable balance at the month end; provision = ECL allowance ' +
    'at the month end with the default (or given) provision matrix. rollRates: the roll rates of the last whole month up to the ' +
    'as-of date (as GET /roll-rates, on the matrix\'s buckets): per bucket, the share of its balance at the first month-end still in ' +
    'it, rolled forward to a later bucket, collected, written off or credited by the next, in percent adding up to 100.',
  request: { query: z.object({ asOf: AsOf, months: z.coerce.number().int().min(1).max(24).default(12), matrix: z.string().max(80).optional() }) },
  responses: {
    200: {
      description: 'Oldest month first',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            currency: z.string(),
            matrix: z.string(),
            months: z.array(z.object({ month: z.string(), end: z.string(), billed: z.number(), creditNotes: z.number(), unbilled: z.number(), debtors: z.number(), provision: z.number() })),
            rollRates: z.object({
              from: z.string(),
              to: z.string(),
              buckets: z.array(z.object({
                bucket: z.string(),
                opening: z.number(),
                percent: z.object({ stayed: z.number(), rolledForward: z.number(), collected: z.number(), writtenOff: z.number(), credited: z.number() }),
              })),
            }),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const mis = new OpenAPIHono<AppEnv>({ defaultHook: validationHook }).openapi(misRoute, async (c) => {
  const q = c.req.valid('query');
  const db = c.env.DB;
  const state = await ledgerState(db);
  const asOf = resolveAsOf(q.asOf, state);
  const matrix = await findMatrix(db, q.matrix);
  const first = addMonths(asOf, -(q.months - 1));
  const { results } = await db
    .prepare(
      `SELECT substr(doc_date, 1, 7) AS month,
         SUM(CASE WHEN doc_type = 'INV' THEN func_amount ELSE 0 END) AS billed,
         SUM(CASE WHEN doc_type = 'CRN' THEN func_amount ELSE 0 END) AS credit_notes,
         SUM(CASE WHEN doc_type = 'UNB' THEN func_amount ELSE 0 END) AS unbilled
       FROM documents WHERE doc_type IN ('INV', 'CRN', 'UNB') AND doc_date >= ?1 AND doc_date <= ?2 GROUP BY 1`,
    )
    .bind(first, asOf)
    .all<{ month: string; billed: number; credit_notes: number; unbilled: number }>();
  const flows = new Map(results.map((r) => [r.month, r]));
  const ends = Array.from({ length: q.months }, (_, i) => {
    const start = addMonths(first, i);
    const end = endOfMonth(start);
    return end > asOf ? asOf : end;
  });
  // One aged balance per month end, on the matrix's buckets: debtors and provision from the same figures.
  const buckets = bucketSet(matrix.boundaries, 'due');
  const window = rollWindow(asOf, 1);
  const [aged, [roll]] = await Promise.all([
    Promise.all(ends.map((end) => ageing(db, state, { asOf: end, basis: 'due', boundaries: matrix.boundaries, groupBy: 'all', check: false }))),
    rollTotals(db, buckets, undefined, window),
  ]);
  const money = (v: number) => toDecimal(v, state.currency);
  const months = ends.map((end, i) => {
    const f = flows.get(end.slice(0, 7));
    const totals = aged[i]!.totals;
    return {
      month: end.slice(0, 7),
      end,
      billed: money(f?.billed ?? 0),
      creditNotes: money(f?.credit_notes ?? 0),
      unbilled: money(f?.unbilled ?? 0),
      debtors: money(totals.total),
      provision: money(eclAllowance(totals.amounts, matrix).totalAllowance),
    };
  });
  const rollRates = {
    from: window[0]!,
    to: window[1]!,
    buckets: roll!.map((l, i) => ({ bucket: buckets[i]!.label, opening: money(l.opening), percent: rollSummary(l, i).percent })),
  };
  return c.json({ asOf, currency: state.currency, matrix: matrix.id, months, rollRates }, 200);
});

