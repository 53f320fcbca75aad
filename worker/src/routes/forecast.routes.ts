import { createRoute, z } from '@hono/zod-openapi';
import { AsOf, Boundaries, ScopeParam } from './analytics.params';
import { errorResponses } from './common';
import { GradeMoverSchema } from './insights.schemas';

const Money = z.number();
const Delay = z.object({ days: z.number().int(), source: z.enum(['customer', 'vertical', 'company', 'none']) })
  .describe("Days added to each due date: the customer's amount-weighted days beyond terms over 12 months, else its vertical's, else the company's, else 0");
const PaymentRun = z.object({ every: z.enum(['month', 'week']), day: z.number().int().min(1).max(31) }).nullable()
  .describe("The customer pays in runs: more than half of what it paid over 12 months arrived on one day of the month (day 1–31) or, failing that, one weekday (ISO day, 1 = Monday), on at least 3 dates; its expected dates move to the nearest such day after the as-of date. null: it pays whenever")
const Line = z.object({
  amounts: z.array(Money).describe('Expected receipts per week'),
  beyond: Money.describe('Expected after the last week'),
  unscheduled: Money.describe('Past due, its expected date already gone: no expected date'),
  excluded: Money.describe('Disputed, or the customer is in recovery'),
  open: Money.describe('The open item balance as of the date = Σ amounts + beyond + unscheduled + excluded'),
});

export const forecast = createRoute({
  method: 'get',
  path: '/forecast',
  summary: 'Cash-in forecast: expected receipts per week after the as-of date, by customer, vertical, region, collector or all',
  description:
    "Each open item is expected at its due date shifted by the customer's delay (`delay`), moved to the nearest day of its " +
    'payment run after the as-of date when the customer pays in runs (`paymentRun`); undeposited post-dated cheques ' +
    'and open promises to pay replace what they cover at their own dates; disputed amounts and customers in recovery are ' +
    'excluded (listed in `exclusions`); past-due amounts whose expected date has gone are `unscheduled`. Every row reconciles ' +
    'to its open balance. `method=due` is the naive forecast (every item on its due date), for comparison.',
  request: {
    query: z.object({
      asOf: AsOf,
      weeks: z.coerce.number().int().min(1).max(52).default(13),
      groupBy: z.enum(['customer', 'vertical', 'region', 'collector', 'all']).default('customer'),
      scope: ScopeParam,
      method: z.enum(['history', 'due']).default('history'),
    }),
  },
  responses: {
    200: {
      description: 'The forecast',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            currency: z.string(),
            method: z.enum(['history', 'due']),
            weeks: z.array(z.object({ start: z.string(), end: z.string() })),
            rows: z.array(Line.extend({ key: z.string(), name: z.string(), delay: Delay.optional(), paymentRun: PaymentRun.optional() })),
            totals: Line,
            exclusions: z.array(z.object({ customerId: z.string(), name: z.string(), reason: z.enum(['recovery', 'dispute']), amount: Money })),
            check: z.object({ reconciled: z.boolean() }).describe('Every row and the totals satisfy the identity to the cent'),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const MonthParam = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])(-\d{2})?$/, 'a month YYYY-MM (or a date in it)')
  .optional();
const Rates = z.object({ rolledTo: z.array(z.number()), collected: z.number(), writtenOff: z.number(), credited: z.number() });
const RollLineSchema = z.object({
  bucket: z.string(),
  opening: Money.describe("The bucket's balance at the first month-end"),
  rolledTo: z.array(Money).describe('Still open at the next month-end, by the bucket it is in then'),
  collected: Money.describe('Paid in between'),
  writtenOff: Money.describe('Written off in between (adjustments whose reference says WRITE-OFF)'),
  credited: Money.describe('Settled by credit notes and other credits in between'),
  rates: Rates.describe('The same in percent of the opening balance, 2 decimals, adding up to 100'),
});

export const rollRates = createRoute({
  method: 'get',
  path: '/roll-rates',
  summary: 'Roll rates: for consecutive month-ends, where each bucket went (next bucket, collected, written off, credited)',
  description: 'opening = Σ rolledTo + collected + writtenOff + credited, to the cent, for every bucket of every period.',
  request: {
    query: z.object({
      from: MonthParam.describe('First month-end (default: 3 months before `to`)'),
      to: MonthParam.describe('Last month-end (default: the last month-end on or before the data date)'),
      groupBy: z.enum(['customer', 'vertical', 'region', 'collector', 'all']).default('all'),
      buckets: Boundaries,
      scope: ScopeParam,
    }),
  },
  responses: {
    200: {
      description: 'Roll rates per period',
      content: {
        'application/json': {
          schema: z.object({
            from: z.string(),
            to: z.string(),
            currency: z.string(),
            buckets: z.array(z.string()),
            periods: z.array(z.object({
              from: z.string(),
              to: z.string(),
              rows: z.array(z.object({ key: z.string(), lines: z.array(RollLineSchema) })),
              totals: z.array(RollLineSchema),
            })),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const Sentence = z.string().describe('A plain sentence to paste into a report');
export const insights = createRoute({
  method: 'get',
  path: '/insights',
  summary: 'Collection insights: movers since the previous month-end, concentration, over-limit customers, customers without payment history',
  request: {
    query: z.object({ asOf: AsOf, top: z.coerce.number().int().min(1).max(100).default(10), scope: ScopeParam }),
  },
  responses: {
    200: {
      description: 'Insights, each with its sentence',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            since: z.string().describe('The previous month-end, the movers compare with'),
            currency: z.string(),
            movers: z.array(z.object({
              customerId: z.string(), name: z.string(), driver: z.enum(['overdue', 'dso', 'utilisation']),
              overdue: z.object({ before: Money, now: Money }),
              dso: z.object({ before: z.number().nullable(), now: z.number().nullable() }),
              utilisation: z.object({ before: z.number().nullable(), now: z.number().nullable() }).describe('Balance ÷ credit limit, percent'),
              sentence: Sentence,
            })),
            gradeMovers: z.array(GradeMoverSchema),
            concentration: z.object({
              top: z.number().int(), total: Money, topBalance: Money, share: z.number(),
              customers: z.array(z.object({ customerId: z.string(), name: z.string(), balance: Money, share: z.number() })),
              sentence: Sentence,
            }),
            overLimit: z.array(z.object({ customerId: z.string(), name: z.string(), balance: Money, creditLimit: Money, over: Money, sentence: Sentence })),
            withoutHistory: z.array(z.object({ customerId: z.string(), name: z.string(), balance: Money, sentence: Sentence })),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});
