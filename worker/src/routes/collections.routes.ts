/** Collections desk routes: activities, promises to pay, disputes, the worklist. Handlers in collections.ts. */
import { createRoute, z } from '@hono/zod-openapi';
import { DISPUTE_REASONS, DISPUTE_STATUSES } from '../../../shared/collections/disputes';
import { isIsoDate } from '../../../shared/dates';
import { errorResponses } from './common';

const IsoDate = z.string().refine(isIsoDate, 'a date YYYY-MM-DD');
const Amount = z.union([z.string().max(40), z.number()]).describe('Decimal in the invoices’ currency');
const Invoices = z.array(z.string().min(1).max(64)).min(1).max(500).describe('Our invoice numbers');
const json = <T extends z.ZodType>(schema: T) => ({ body: { required: true, content: { 'application/json': { schema } } } });
const ok = <T extends z.ZodType>(description: string, schema: T) => ({ description, content: { 'application/json': { schema } } });

export const ActivitySchema = z.object({
  id: z.string(), customerId: z.string(), kind: z.string(), invoices: z.array(z.string()), outcome: z.string(), note: z.string(),
  nextActionDate: z.string().nullable(), occurredOn: z.string(), createdBy: z.string(), createdAt: z.string(),
});
export const PromiseSchema = z.object({
  id: z.string(), customerId: z.string(), invoices: z.array(z.string()), amount: z.number(), currency: z.string(), madeOn: z.string(),
  promisedDate: z.string(), note: z.string(), createdBy: z.string(), paid: z.number(), state: z.enum(['open', 'kept', 'partly_kept', 'broken']),
});
export const DisputeSchema = z.object({
  id: z.string(), customerId: z.string(), invoices: z.array(z.string()), amount: z.number(), currency: z.string(), reason: z.enum(DISPUTE_REASONS),
  owner: z.string(), status: z.enum(DISPUTE_STATUSES), rootCause: z.string(), note: z.string(), openedOn: z.string(), resolvedOn: z.string().nullable(),
  version: z.number().int(), createdBy: z.string(), updatedBy: z.string(), updatedAt: z.string(),
});

export const logActivity = createRoute({
  method: 'post', path: '/activities', summary: 'Log a collection activity (call, email, letter, visit, note)',
  request: json(z.object({
    customerId: z.string().min(1).max(64), kind: z.enum(['call', 'email', 'letter', 'visit', 'note']), invoices: z.array(z.string().max(64)).max(500).default([]),
    outcome: z.string().max(500).default(''), note: z.string().max(4000).default(''), nextActionDate: IsoDate.optional(), occurredOn: IsoDate.optional().describe('Default: today'),
  })),
  responses: { 201: ok('Logged', ActivitySchema), ...errorResponses(401, 403, 404, 422) },
});

export const listActivities = createRoute({
  method: 'get', path: '/activities', summary: 'Activities, newest first',
  request: { query: z.object({ customer: z.string().max(64).optional(), by: z.string().max(64).optional(), from: IsoDate.optional(), to: IsoDate.optional(), limit: z.coerce.number().int().min(1).max(5000).default(500) }) },
  responses: { 200: ok('Activities', z.object({ items: z.array(ActivitySchema) })), ...errorResponses(400, 401, 403) },
});

export const makePromise = createRoute({
  method: 'post', path: '/promises', summary: 'Record a promise to pay named invoices by a date',
  description: 'The invoices must be open invoices of the customer, in one currency; the amount at most their open total.',
  request: json(z.object({
    customerId: z.string().min(1).max(64), invoices: Invoices, amount: Amount, promisedDate: IsoDate, note: z.string().max(1000).default(''),
    madeOn: IsoDate.optional().describe('The day the customer promised; payments from this day count. Default: today'),
  })),
  responses: { 201: ok('Recorded', PromiseSchema), ...errorResponses(401, 403, 404, 422) },
});

export const listPromises = createRoute({
  method: 'get', path: '/promises', summary: 'Promises with their state evaluated from the ledger as of a date',
  description: 'kept: settlements of the named invoices dated from the promise to the promised date cover the amount; open: date not reached, not yet covered; partly_kept: date passed, some paid; broken: date passed, nothing paid.',
  request: { query: z.object({ customer: z.string().max(64).optional(), asOf: IsoDate.optional(), state: z.enum(['open', 'kept', 'partly_kept', 'broken']).optional() }) },
  responses: { 200: ok('Promises', z.object({ asOf: z.string(), items: z.array(PromiseSchema) })), ...errorResponses(400, 401, 403) },
});

export const cancelPromise = createRoute({
  method: 'post', path: '/promises/{id}/cancel', summary: 'Withdraw a promise recorded by mistake (kept in the audit log)',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: { 200: ok('Cancelled', z.object({ id: z.string(), cancelledAt: z.string() })), ...errorResponses(401, 403, 404, 409) },
});

export const openDispute = createRoute({
  method: 'post', path: '/disputes', summary: 'Open a dispute on invoices',
  request: json(z.object({
    customerId: z.string().min(1).max(64), invoices: Invoices, amount: Amount, reason: z.enum(DISPUTE_REASONS), owner: z.string().max(100).default(''),
    note: z.string().max(4000).default(''), openedOn: IsoDate.optional().describe('Default: today'),
  })),
  responses: { 201: ok('Opened', DisputeSchema), ...errorResponses(401, 403, 404, 422) },
});

export const listDisputes = createRoute({
  method: 'get', path: '/disputes', summary: 'The disputes register',
  request: { query: z.object({ customer: z.string().max(64).optional(), status: z.enum([...DISPUTE_STATUSES, 'active']).optional().describe('active = open or in_review') }) },
  responses: { 200: ok('Disputes', z.object({ items: z.array(DisputeSchema) })), ...errorResponses(400, 401, 403) },
});

export const updateDispute = createRoute({
  method: 'post', path: '/disputes/{id}', summary: 'Move a dispute on: status, owner, root cause, note (with the version it was read at)',
  description: 'open ⇄ in_review → resolved_credit_note | resolved_customer_pays | rejected; a resolution needs the root cause; a closed dispute stays closed. A stale version is 409, nothing changed.',
  request: {
    params: z.object({ id: z.string().max(64) }),
    ...json(z.object({
      version: z.number().int(), status: z.enum(DISPUTE_STATUSES).optional(), owner: z.string().max(100).optional(), rootCause: z.string().max(1000).optional(),
      note: z.string().max(4000).optional(), resolvedOn: IsoDate.optional().describe('Default: today, when the status closes it'),
    })),
  },
  responses: { 200: ok('Updated', DisputeSchema), ...errorResponses(401, 403, 404, 409, 422) },
});

export const worklistRoute = createRoute({
  method: 'get', path: '/worklist', summary: 'Customers to work today, ranked by a documented priority, with the reasons',
  description: 'Points: overdue (collectible, disputes left out) per 1,000.00 weighted 1/2/3/4 by age 1–30/31–60/61–90/91+ days; 50 per promise broken in the last 30 days; 20 when a promise falls due today or tomorrow; 30 when the last activity’s next action date is reached; ×1.25 grade D, ×1.5 grade E.',
  request: { query: z.object({ collector: z.string().max(100).optional(), date: IsoDate.optional().describe("Default: the ledger's data date") }) },
  responses: {
    200: ok('Worklist', z.object({
    date: z.string(), collector: z.string().nullable(), currency: z.string(),
    items: z.array(z.object({
      customerId: z.string(), name: z.string(), collector: z.string(), priority: z.number(), reasons: z.array(z.string()), overdue: z.number(), disputed: z.number(),
      grade: z.string().nullable(), promises: z.array(z.object({ id: z.string(), promisedDate: z.string(), amount: z.number(), currency: z.string(), state: z.string() })),
      lastActivity: z.object({ occurredOn: z.string(), kind: z.string(), outcome: z.string() }).nullable(), nextActionDate: z.string().nullable(), nextStep: z.string(),
    })),
    })),
    ...errorResponses(400, 401, 403),
  },
});
