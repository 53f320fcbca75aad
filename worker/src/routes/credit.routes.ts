/** Credit review routes: the review list, decisions, approvals, history, insurance cover and the grade policy. */
import { createRoute, z } from '@hono/zod-openapi';
import { HOLDS } from '../../../shared/credit/authority';
import { isIsoDate } from '../../../shared/dates';
import { AsOf } from './analytics.params';
import { errorResponses } from './common';

const Money = z.union([z.number(), z.string()]).describe('Functional currency, a decimal (e.g. 50000 or "50000.00")');
const IsoDay = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const Hold = z.enum(HOLDS);
const Grade = z.enum(['A', 'B', 'C', 'D', 'E']);
const CustomerParam = z.object({ id: z.string().min(1).max(100) });

const DriverSchema = z.object({ driver: z.string(), value: z.number().nullable(), points: z.number().nullable(), weight: z.number(), reason: z.string().optional() });
const InsuranceSchema = z.object({ insurer: z.string(), insuredAmount: z.number(), expiresOn: z.string() });
const SnapshotSchema = z.object({
  asOf: z.string(), modelVersion: z.string(), score: z.number(), grade: Grade, drivers: z.array(DriverSchema),
  creditLimit: z.number(), exposure: z.number(), headroom: z.number(), recommendedLimit: z.number(),
  insurance: InsuranceSchema.nullable(), insuredCover: z.number(), uninsuredExposure: z.number(),
});

export const reviews = createRoute({
  method: 'get',
  path: '/credit-reviews',
  summary: 'Customers for credit review, with the evidence for a decision',
  description:
    'With `due=true` (default) only customers due for review: the next review date reached (≤ asOf), exposure ≥ 90 % of the limit, ' +
    'the grade worse than at the last applied decision, or on hold; `dueReasons` says which. Send `version` back with a decision.',
  request: { query: z.object({ due: z.enum(['true', 'false']).default('true'), asOf: AsOf }) },
  responses: {
    200: {
      description: 'Money in the functional currency',
      content: {
        'application/json': {
          schema: z.object({
            asOf: z.string(),
            currency: z.string(),
            dataVersion: z.number(),
            items: z.array(
              z.object({
                customerId: z.string(), name: z.string(), version: z.number().int(), dueReasons: z.array(z.string()),
                creditLimit: z.number(), termsDays: z.number().int(), hold: Hold, nextReviewDate: z.string().nullable(),
                exposure: z.number(), headroom: z.number(), utilisation: z.number().nullable().describe('exposure ÷ limit, 4 decimals; null without a limit'),
                score: z.number(), grade: Grade, lastDecisionGrade: Grade.nullable(), recommendedLimit: z.number(), recommendedLimitFormula: z.string(),
                drivers: z.array(DriverSchema), insurance: InsuranceSchema.nullable(), insuredCover: z.number(), uninsuredExposure: z.number(),
                pendingDecisionId: z.string().nullable(),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(400, 401, 403),
  },
});

const DecisionInput = z.object({
  customerId: z.string().min(1).max(100),
  version: z.number().int().min(1).describe('The customer version the decision was made on (from the review list)'),
  newLimit: Money.optional(),
  newTermsDays: z.number().int().min(0).max(3650).optional(),
  hold: Hold.optional(),
  nextReviewDate: IsoDay.optional(),
  reason: z.string().trim().min(1).max(1000),
});

export const submitDecisions = createRoute({
  method: 'post',
  path: '/limit-decisions',
  summary: 'Limit, terms, hold and review-date decisions, each judged on its own within delegated authority',
  description:
    'Each decision is judged on its own and answered in order; one decision failing never affects another. A decision is ' +
    '`applied` (its customer changed, the version moved, audit rows with before/after written, all in one D1 batch), ' +
    '`pending_approval` (stored with an approval request for `approverRole`; the customer is unchanged) or `rejected` ' +
    '(nothing written at all; `decisionId` null; `reason` says why, e.g. the customer changed since `version` and what changed). ' +
    'Lowering a limit, shortening terms, placing a hold and setting a review date never need approval. Raising the limit, ' +
    'lengthening terms or releasing a hold needs the resulting limit within the caller’s authority, and a raise above the ' +
    'grade policy maximum needs an admin. Each decision stores the metrics it was made on. Send an Idempotency-Key: a retry ' +
    'replays the first answer.',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ decisions: z.array(DecisionInput).min(1).max(500) }) } } } },
  responses: {
    200: {
      description: 'One result per decision, in order',
      content: {
        'application/json': {
          schema: z.object({
            results: z.array(
              z.object({
                customerId: z.string(),
                decisionId: z.string().nullable(),
                status: z.enum(['applied', 'pending_approval', 'rejected']),
                reason: z.string().optional(),
                approverRole: z.string().optional(),
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 422),
  },
});

const ApprovalItem = z.object({
  id: z.string(), decisionId: z.string(), customerId: z.string(), customerName: z.string(),
  currentLimit: z.number(), newLimit: z.number(), currentTermsDays: z.number().int(), newTermsDays: z.number().int(),
  currentHold: Hold, newHold: Hold, newNextReviewDate: z.string().nullable(),
  reason: z.string(), whyApproval: z.string().nullable(), approverRole: z.string(), policyException: z.boolean(),
  requestedBy: z.string(), requestedByName: z.string().nullable(), requestedAt: z.string(),
  stale: z.boolean().describe('The customer changed since the decision: approving answers 409; it can still be rejected'),
  evidence: SnapshotSchema,
});

export const listApprovals = createRoute({
  method: 'get',
  path: '/approvals',
  summary: 'Decisions waiting for the caller: pending, not their own, within their authority (a policy exception: admins only)',
  responses: { 200: { description: 'Oldest first', content: { 'application/json': { schema: z.object({ currency: z.string(), items: z.array(ApprovalItem) }) } } }, ...errorResponses(401, 403) },
});

export const decideApproval = createRoute({
  method: 'post',
  path: '/approvals/{id}',
  summary: 'Approve (apply) or reject a waiting decision',
  description:
    '403 for the requester or an approver whose authority does not cover it; 409 when it is no longer pending, or (approve) when the ' +
    'customer changed since the decision (a new decision or an import): nothing is applied. Approving applies the decision, moves the ' +
    'customer version and writes the audit rows in one D1 batch.',
  request: {
    params: z.object({ id: z.string().min(1).max(100) }),
    body: { required: true, content: { 'application/json': { schema: z.object({ action: z.enum(['approve', 'reject']), comment: z.string().trim().max(1000).default('') }) } } },
  },
  responses: {
    200: { description: 'What became of the decision', content: { 'application/json': { schema: z.object({ status: z.enum(['applied', 'rejected']), decisionId: z.string(), customerVersion: z.number().int() }) } } },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

export const customerDecisions = createRoute({
  method: 'get',
  path: '/customers/{id}/decisions',
  summary: "A customer's credit decisions, newest first, with their evidence and approvals",
  request: { params: CustomerParam },
  responses: {
    200: {
      description: 'History',
      content: {
        'application/json': {
          schema: z.object({
            customerId: z.string(),
            currency: z.string(),
            items: z.array(
              z.object({
                id: z.string(), status: z.enum(['applied', 'pending_approval', 'rejected']), customerVersion: z.number().int(), reason: z.string(), statusReason: z.string().nullable(),
                before: z.object({ creditLimit: z.number(), termsDays: z.number().int(), hold: Hold, nextReviewDate: z.string().nullable() }),
                after: z.object({ creditLimit: z.number(), termsDays: z.number().int(), hold: Hold, nextReviewDate: z.string().nullable() }),
                requestedBy: z.string(), requestedAt: z.string(), appliedAt: z.string().nullable(),
                approval: z.object({ id: z.string(), status: z.string(), approverRole: z.string(), decidedBy: z.string().nullable(), decidedAt: z.string().nullable(), comment: z.string().nullable() }).nullable(),
                evidence: SnapshotSchema,
              }),
            ),
          }),
        },
      },
    },
    ...errorResponses(401, 403, 404),
  },
});

export const putInsurance = createRoute({
  method: 'put',
  path: '/customers/{id}/insurance',
  summary: "Set or remove (cover: null) a customer's credit-insurance cover, on the customer version it was read at",
  description: 'Moves the customer version (pending decisions made before it go stale); 409 when the customer changed since `version`, nothing written.',
  request: {
    params: CustomerParam,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ version: z.number().int().min(1), cover: z.object({ insurer: z.string().trim().min(1).max(200), insuredAmount: Money, expiresOn: IsoDay }).nullable() }) } },
    },
  },
  responses: {
    200: { description: 'The cover now', content: { 'application/json': { schema: z.object({ customerId: z.string(), version: z.number().int(), insurance: InsuranceSchema.nullable() }) } } },
    ...errorResponses(401, 403, 404, 409, 422),
  },
});

const PolicySchema = z.object({ currency: z.string(), maxLimitByGrade: z.record(z.string(), z.number()).describe('Grades without an entry have no maximum'), version: z.number().int() });

export const getPolicy = createRoute({
  method: 'get',
  path: '/credit-policy',
  summary: 'The grade policy: maximum credit limit by grade (empty by default)',
  responses: { 200: { description: 'The policy', content: { 'application/json': { schema: PolicySchema } } }, ...errorResponses(401, 403) },
});

export const putPolicy = createRoute({
  method: 'put',
  path: '/credit-policy',
  summary: 'Replace the grade policy (admin). A raise above the maximum for the customer’s grade needs an admin’s approval.',
  request: { body: { required: true, content: { 'application/json': { schema: z.object({ maxLimitByGrade: z.partialRecord(Grade, Money), version: z.number().int().min(1).describe('The version read; a stale one is 409') }) } } } },
  responses: { 200: { description: 'The policy now', content: { 'application/json': { schema: PolicySchema } } }, ...errorResponses(401, 403, 409, 422) },
});
