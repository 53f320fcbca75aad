/** Targets and team performance routes: schemas and OpenAPI descriptions; the handlers are in targets.ts. */
import { createRoute, z } from '@hono/zod-openapi';
import { isIsoDate } from '../../../shared/dates';
import { TARGET_METRICS } from '../../../shared/targets/metrics';
import { isPeriod } from '../../../shared/targets/periods';
import { errorResponses } from './common';

const Period = z.string().refine(isPeriod, 'a month as YYYY-MM');
const Metric = z.enum(TARGET_METRICS);
const StatusSchema = z.enum(['created', 'updated', 'unchanged', 'rejected']);

const TargetInputSchema = z.object({
  period: z.string().max(20).describe('YYYY-MM'),
  collector: z.string().max(100).optional().describe('A collector customers are assigned to'),
  vertical: z.string().max(100).optional().describe('A vertical customers are in; neither collector nor vertical (or "*"): the whole portfolio'),
  metric: z.string().max(40).describe(TARGET_METRICS.join(' | ')),
  value: z.union([z.string().max(40), z.number()]).describe('collections and overdue_over_60: an amount in the functional currency; dso: days (≤ 730); promises_kept_rate: percent (≤ 100); at most 2 decimals'),
  version: z.number().int().min(0).optional().describe('The version you read (0: none yet); when given, a row whose target moved on since is rejected as stale and not written'),
});

const TargetSchema = z.object({
  period: z.string(),
  collector: z.string().nullable(),
  vertical: z.string().nullable(),
  metric: Metric,
  value: z.number(),
  version: z.number().int(),
  setBy: z.string(),
  setAt: z.string(),
});

const PeriodSchema = z.object({ period: z.string(), state: z.enum(['open', 'closed', 'reopened']), reopenedUntil: z.string().nullable() });

const ACHIEVED =
  '% achieved: collections and promises_kept_rate (more is better) actual ÷ target × 100; dso and overdue_over_60 (less is better) ' +
  'target ÷ actual × 100, so 100 is on target and more is better for every metric; null (with met = true) when a less-is-better actual is 0.';

export const putTargets = createRoute({
  method: 'put',
  path: '/targets',
  summary: 'Set collection targets (managers and admins): each changed target becomes a new version; closed periods refuse changes',
  description:
    'Each row is judged on its own and answered in order: created, updated (a new version), unchanged (the same value is already the ' +
    'latest version: re-sending is harmless) or rejected with the reason (period format, unknown collector or vertical, a value that is not ' +
    'sensible for the metric, a duplicate of an earlier row, a closed period). The accepted rows are written in one batch with their audit rows.',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ targets: z.array(TargetInputSchema).min(1).max(5000) }) } } } },
  responses: {
    200: {
      description: 'One result per row, in order',
      content: {
        'application/json': {
          schema: z.object({
            results: z.array(z.object({
              index: z.number().int(), period: z.string(), collector: z.string().nullable(), vertical: z.string().nullable(), metric: z.string(),
              status: StatusSchema, version: z.number().int().optional(), reason: z.string().optional(),
            })),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 409, 422),
  },
});

export const getTargets = createRoute({
  method: 'get',
  path: '/targets',
  summary: 'Targets of a range of months (the latest version of each, or every version), with the collectors, verticals and period states',
  request: {
    query: z.object({
      from: Period.optional().describe('Default: this month'),
      to: Period.optional().describe('Default: from; at most 36 months'),
      history: z.enum(['true', 'false']).default('false').describe('true: every version, oldest first'),
    }),
  },
  responses: {
    200: {
      description: 'The grid',
      content: {
        'application/json': {
          schema: z.object({
            from: z.string(), to: z.string(), currency: z.string(), periods: z.array(PeriodSchema),
            collectors: z.array(z.string()), verticals: z.array(z.string()), items: z.array(TargetSchema),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

export const reopenPeriodRoute = createRoute({
  method: 'post',
  path: '/targets/periods/{period}/reopen',
  summary: 'Reopen a closed period for target changes until a date (admins), with the reason in the audit log',
  request: {
    params: z.object({ period: Period }),
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ reason: z.string().trim().min(1).max(500), until: z.string().refine(isIsoDate, 'a date YYYY-MM-DD').optional().describe('Inclusive; default: 7 days from today; at most 90 days ahead') }) } },
    },
  },
  responses: {
    200: { description: 'Reopened', content: { 'application/json': { schema: PeriodSchema.extend({ reason: z.string(), reopenedBy: z.string(), reopenedAt: z.string() }) } } },
    ...errorResponses(400, 401, 403, 409, 422),
  },
});

const PerformanceRowSchema = z.object({
  key: z.string(),
  metric: Metric,
  target: z.number().nullable(),
  targetVersion: z.number().int().nullable(),
  actual: z.number().nullable(),
  achievedPct: z.number().nullable(),
  met: z.boolean().nullable(),
  reason: z.string().optional().describe('Why there is no actual or no % achieved'),
  projection: z.number().nullable().optional().describe('Open period only: collections at the month-to-date run rate; other metrics their current figure'),
  projectedPct: z.number().nullable().optional(),
});

export const performance = createRoute({
  method: 'get',
  path: '/performance',
  summary: 'Target, actual and % achieved per collector or vertical and metric for a month; actuals for every group and metric even without a target',
  description:
    `Actuals from the ledger: collections = payments (PMT) dated in the period, applied or not, functional currency at each payment's own rate; ` +
    `dso = countback DSO at the period end; overdue_over_60 = balance more than 60 days past due at the period end; promises_kept_rate = kept ÷ ` +
    `promises that fell due in the period. While the period runs, actuals are month to date (as of today) with projections. ${ACHIEVED}`,
  request: {
    query: z.object({
      period: Period.optional().describe('Default: this month'),
      groupBy: z.enum(['collector', 'vertical']).default('collector'),
    }),
  },
  responses: {
    200: {
      description: 'Rows by group and metric, and the whole portfolio',
      content: {
        'application/json': {
          schema: z.object({
            period: z.string(), groupBy: z.string(), currency: z.string(), state: z.enum(['open', 'closed', 'reopened']),
            asOf: z.string().nullable(), complete: z.boolean(), daysElapsed: z.number().int(), daysInPeriod: z.number().int(), dataVersion: z.number().int(),
            rows: z.array(PerformanceRowSchema), total: z.array(PerformanceRowSchema.omit({ key: true })),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});
