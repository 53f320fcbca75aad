/** Reconciliation routes: schemas and OpenAPI descriptions; the handlers are in reconciliations.ts. */
import { createRoute, z } from '@hono/zod-openapi';
import { isIsoDate } from '../../../shared/dates';
import { errorResponses } from './common';

const IsoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const Amount = z.union([z.string().max(40), z.number()]).describe('Signed decimal in the account currency: what the customer owes goes up (+) or down (−)');
const Money = z.number().describe('Decimal, account currency');

export const StatementLineSchema = z.object({
  ref: z.string().max(200),
  date: IsoDate,
  amount: Amount,
  type: z.enum(['invoice', 'payment', 'credit_note', 'other']).optional(),
});

export const MatchOptionsSchema = z
  .object({
    dateToleranceDays: z.number().int().min(0).max(90).optional(),
    amountTolerance: Amount.optional().describe('Decimal, ≥ 0: amounts this close match (e.g. bank charges)'),
    subsetWindowDays: z.number().int().min(0).max(366).optional(),
  })
  .optional();

export const MatchRequestSchema = z.object({
  customerId: z.string().min(1).max(64),
  asOf: IsoDate,
  currency: z.string().regex(/^[A-Z]{3}$/).optional().describe("Default: the customer's currency"),
  lines: z.array(StatementLineSchema).max(20_000),
  options: MatchOptionsSchema,
});

export const SubmitRequestSchema = MatchRequestSchema.extend({
  lines: z.array(StatementLineSchema.extend({ explanation: z.string().max(1000).optional() })).max(20_000),
  unmatchedExplanations: z.array(z.object({ docNo: z.string().max(64), explanation: z.string().max(1000) })).max(20_000).optional(),
  notes: z.string().max(4000).optional(),
});

const LineResultSchema = z.object({
  index: z.number().int(),
  ref: z.string(),
  date: z.string(),
  amount: Money,
  status: z.enum(['matched', 'amount_difference', 'missing_in_ledger']),
  rule: z.enum(['reference', 'normalised_reference', 'amount_date', 'subset_sum']).nullable(),
  matches: z.array(z.string()),
  group: z.number().int().nullable(),
  difference: Money,
  explanation: z.string().optional(),
});
const UnmatchedSchema = z.object({ docNo: z.string(), docType: z.string(), date: z.string(), amount: Money, status: z.literal('missing_in_statement'), explanation: z.string().optional() });
const BreakdownSchema = z.object({ category: z.string(), label: z.string(), amount: Money });

export const MatchResultSchema = z.object({
  customerId: z.string(),
  asOf: z.string(),
  currency: z.string(),
  ourBalance: Money,
  theirBalance: Money,
  difference: Money.describe('ourBalance − theirBalance'),
  unexplained: Money.describe('difference − Σ breakdown'),
  lines: z.array(LineResultSchema),
  unmatched: z.array(UnmatchedSchema),
  breakdown: z.array(BreakdownSchema),
  otherCurrencyDocuments: z.number().int(),
});

export const RecordSchema = MatchResultSchema.omit({ otherCurrencyDocuments: true }).extend({
  id: z.string(),
  version: z.number().int(),
  status: z.enum(['agreed', 'differences']),
  notes: z.string(),
  dataVersion: z.number().int(),
  preparedBy: z.string(),
  preparedAt: z.string(),
  signedOffBy: z.string().nullable(),
  signedOffAt: z.string().nullable(),
  signoffComment: z.string().nullable(),
  signOff: z.object({ roles: z.array(z.string()), notBy: z.string() }),
});

const SummarySchema = RecordSchema.pick({ id: true, customerId: true, asOf: true, version: true, status: true, currency: true, ourBalance: true, theirBalance: true, difference: true, unexplained: true, preparedBy: true, preparedAt: true, signedOffBy: true, signedOffAt: true });

const MATCH_RULES =
  'Rules in order: (1) the line’s reference is our document number or recorded reference; (2) the same after normalising ' +
  '(case, spaces, punctuation, leading zeros, prefixes such as INV-); (3) one document of the same sign within the amount ' +
  'tolerance and the date window (closest wins); (4) subset sums: one line against several of our documents, then one open ' +
  'document against several lines, within the subset window and a bounded search. A matched group compares the customer’s ' +
  'amount with our full or our open amount, whichever is closer. breakdown + unexplained = difference = ourBalance − theirBalance, exactly.';

export const accountRoute = createRoute({
  method: 'get',
  path: '/reconciliations/account',
  summary: "Our side of a customer's account on a date: the open items, in the account currency",
  request: { query: z.object({ customer: z.string().min(1).max(64), asOf: IsoDate, currency: z.string().regex(/^[A-Z]{3}$/).optional() }) },
  responses: {
    200: {
      description: 'Open items (signed) and the balance',
      content: {
        'application/json': {
          schema: z.object({
            customerId: z.string(), name: z.string(), currency: z.string(), asOf: z.string(), balance: Money, otherCurrencyDocuments: z.number().int(),
            items: z.array(z.object({ docType: z.string(), docNo: z.string(), date: z.string(), dueDate: z.string(), amount: Money, open: Money, reference: z.string() })),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const matchRoute = createRoute({
  method: 'post',
  path: '/reconciliations/match',
  summary: "Match a customer's statement against our ledger as of a date (changes nothing)",
  description: MATCH_RULES,
  request: { body: { required: true, content: { 'application/json': { schema: MatchRequestSchema } } } },
  responses: { 200: { description: 'Per line, our unmatched open items, the difference explained', content: { 'application/json': { schema: MatchResultSchema } } }, ...errorResponses(401, 403, 404, 422) },
});

export const submitRoute = createRoute({
  method: 'post',
  path: '/reconciliations',
  summary: 'Record a reconciliation: the server re-runs the match; a re-submission for the same customer and date is a new version',
  description: `${MATCH_RULES} Status is agreed when the difference is zero, otherwise differences. Records are never overwritten.`,
  request: { body: { required: true, content: { 'application/json': { schema: SubmitRequestSchema } } } },
  responses: { 201: { description: 'Stored version', content: { 'application/json': { schema: RecordSchema } } }, ...errorResponses(401, 403, 404, 409, 422) },
});

export const listRoute = createRoute({
  method: 'get',
  path: '/reconciliations',
  summary: 'Recorded reconciliations, every version, newest first',
  request: { query: z.object({ customer: z.string().max(64).optional(), asOf: IsoDate.optional(), from: IsoDate.optional(), to: IsoDate.optional() }) },
  responses: { 200: { description: 'Summaries', content: { 'application/json': { schema: z.object({ items: z.array(SummarySchema) }) } } }, ...errorResponses(400, 401, 403) },
});

export const getRoute = createRoute({
  method: 'get',
  path: '/reconciliations/{id}',
  summary: 'One recorded reconciliation, whole',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: { description: 'The record', content: { 'application/json': { schema: RecordSchema } } }, ...errorResponses(401, 403, 404) },
});

export const signoffRoute = createRoute({
  method: 'post',
  path: '/reconciliations/{id}/signoff',
  summary: 'Sign off a reconciliation (a controller or manager who did not prepare it; the latest version only; once)',
  request: { params: z.object({ id: z.string().max(64) }), body: { required: false, content: { 'application/json': { schema: z.object({ comment: z.string().max(1000).optional() }) } } } },
  responses: { 200: { description: 'Signed off', content: { 'application/json': { schema: RecordSchema } } }, ...errorResponses(401, 403, 404, 409, 422) },
});
