import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from './common';
import { AsOf, Boundaries, GroupByParam, ScopeParam } from './analytics.params';

const BucketSchema = z.object({ label: z.string(), from: z.number().nullable(), to: z.number().nullable() });
const AgeingLine = z.object({
  amounts: z.array(z.number()),
  unapplied: z.number(),
  total: z.number(),
  disputed: z.number().describe('Held back by disputes open on the date (part of the buckets, not on top)'),
  collectibleOverdue: z.number().nullable().describe('Due basis: past due − its disputed part; null on the document basis'),
});

export const ageing = createRoute({
  method: 'get',
  path: '/ageing',
  summary: 'Aged receivables as of any date, by customer, vertical, region, collector or all',
  description:
    'Each open item goes whole into one bucket; unapplied cash and credit is a separate negative column; ' +
    'total = Σ buckets + unapplied = the net balance as of the date, checked against the ledger by another path.',
  request: {
    query: z.object({
      asOf: AsOf,
      basis: z.enum(['due', 'document']).default('due'),
      buckets: Boundaries,
      groupBy: GroupByParam,
      scope: ScopeParam,
    }),
  },
  responses: {
    200: {
      description: 'The aged balance',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            basis: z.enum(['due', 'document']),
            currency: z.string(),
            dataVersion: z.number(),
            buckets: z.array(BucketSchema),
            rows: z.array(AgeingLine.extend({ key: z.string(), name: z.string() })),
            totals: AgeingLine,
            check: z.object({ ledgerBalance: z.number(), difference: z.number(), balanced: z.boolean() }),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

export const openItems = createRoute({
  method: 'get',
  path: '/open-items',
  summary: 'The open items behind the ageing figures (drill-down), as of any date',
  request: {
    query: z.object({
      asOf: AsOf,
      customer: z.string().max(100).optional(),
      scope: ScopeParam,
      basis: z.enum(['due', 'document']).default('due'),
      limit: z.coerce.number().int().min(1).max(10000).default(1000),
      offset: z.coerce.number().int().min(0).default(0),
    }),
  },
  responses: {
    200: {
      description: 'Open items, oldest due first within each customer',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            currency: z.string(),
            items: z.array(
              z.object({
                customer_id: z.string(),
                doc_type: z.string(),
                doc_no: z.string(),
                doc_date: z.string(),
                due_date: z.string(),
                days: z.number().int(),
                amount: z.number().describe('Document currency'),
                currency: z.string(),
                functional_amount: z.number(),
                outstanding: z.number().describe('Functional currency, as of the date'),
                reference: z.string(),
              }),
            ),
            next: z.number().nullable(),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const FigureSchema = z.number().nullable();

const DsoLineSchema = z.object({
  key: z.string(),
  name: z.string(),
  ar: z.number(),
  currentAr: z.number().describe('Receivables not yet due'),
  sales: z.number().describe('Net credit sales behind the figure'),
  dso: FigureSchema,
  bpdso: FigureSchema,
  add: FigureSchema,
  reason: z.string().optional().describe('Why a figure is null'),
});

export const dso = createRoute({
  method: 'get',
  path: '/dso',
  summary: 'DSO (countback or standard), best possible DSO and average days delinquent, from group totals',
  request: {
    query: z.object({
      asOf: AsOf,
      method: z.enum(['countback', 'standard']).default('countback'),
      days: z.coerce.number().int().min(1).max(730).default(90).describe('Standard method: the sales window in days'),
      groupBy: GroupByParam,
      scope: ScopeParam,
    }),
  },
  responses: {
    200: {
      description: 'Days, to 2 decimals',
      content: {
        'application/json': {
          schema: z.object({ asOf: z.string(), method: z.string(), days: z.number().nullable(), currency: z.string(), dataVersion: z.number(), rows: z.array(DsoLineSchema), totals: DsoLineSchema }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const CeiLineSchema = z.object({
  key: z.string(),
  name: z.string(),
  openingAr: z.number(),
  sales: z.number(),
  closingAr: z.number(),
  closingCurrentAr: z.number(),
  cei: FigureSchema.describe('Percent, to 2 decimals'),
  reason: z.string().optional(),
});

export const ceiRoute = createRoute({
  method: 'get',
  path: '/cei',
  summary: 'Collection effectiveness index (Credit Research Foundation) over N months ending on the as-of date',
  request: {
    query: z.object({ asOf: AsOf, months: z.coerce.number().int().min(1).max(24).default(3), groupBy: GroupByParam, scope: ScopeParam }),
  },
  responses: {
    200: {
      description: 'CEI per group',
      content: {
        'application/json': {
          schema: z.object({ asOf: z.string(), months: z.number(), periodStart: z.string(), openingDate: z.string(), currency: z.string(), rows: z.array(CeiLineSchema), totals: CeiLineSchema }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const DriverSchema = z.object({
  driver: z.string(),
  value: z.number().nullable(),
  points: z.number().nullable(),
  weight: z.number().describe('Share of the score, %, after re-normalising over available drivers'),
  reason: z.string().optional(),
});

export const metrics = createRoute({
  method: 'get',
  path: '/customers/{id}/metrics',
  summary: 'One customer, everything: balance, ageing totals, DSO family, payment behaviour, credit score and recommended limit',
  request: { params: z.object({ id: z.string().min(1).max(100) }), query: z.object({ asOf: AsOf }) },
  responses: {
    200: {
      description: 'Money in the functional currency; days to 2 decimals; null figures carry a reason in `reasons`',
      content: {
        'application/json': {
          schema: z.object({
            customerId: z.string(),
            asOf: z.string(),
            currency: z.string(),
            balance: z.number(),
            overdue: z.number(),
            unapplied: z.number(),
            creditLimit: z.number(),
            exposure: z.number(),
            headroom: z.number(),
            dso: FigureSchema,
            bpdso: FigureSchema,
            add: FigureSchema,
            dsoStandard90: FigureSchema,
            avgDaysToPay: FigureSchema,
            avgDaysBeyondTerms: FigureSchema,
            paymentIndex: FigureSchema,
            score: z.number(),
            grade: z.enum(['A', 'B', 'C', 'D', 'E']),
            recommendedLimit: z.number(),
            recommendedLimitFormula: z.string(),
            drivers: z.array(DriverSchema),
            modelVersion: z.string(),
            notes: z.array(z.string()),
            reasons: z.record(z.string(), z.string()),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});
