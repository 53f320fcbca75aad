import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from './common';

export const CustomerSchema = z.object({
  customer_id: z.string(),
  name: z.string(),
  vertical: z.string(),
  region: z.string(),
  collector: z.string(),
  currency: z.string(),
  credit_limit: z.number().describe('In the functional currency'),
  payment_terms_days: z.number().int(),
  hold: z.enum(['none', 'new_orders', 'invoicing', 'all']),
  risk_class: z.string().nullable(),
  next_review_date: z.string().nullable(),
  version: z.number().int().describe('Increases with every change; send it back with decisions that depend on it'),
  updated_at: z.string(),
});

export const getCustomer = createRoute({
  method: 'get',
  path: '/customers/{id}',
  summary: 'One customer, with its version',
  request: { params: z.object({ id: z.string().min(1).max(100) }) },
  responses: {
    200: { description: 'The customer', content: { 'application/json': { schema: CustomerSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

const AllocationSchema = z.object({
  doc_type: z.string().describe('The other side: the settlement for an invoice, the invoice for a settlement'),
  doc_no: z.string(),
  date: z.string(),
  amount: z.number().describe("In the invoice's currency"),
  functional_amount: z.number(),
});

export const DocumentSchema = z.object({
  doc_type: z.enum(['INV', 'CRN', 'PMT', 'ADJ', 'UNB']),
  doc_no: z.string(),
  applies_to: z.string(),
  doc_date: z.string(),
  due_date: z.string(),
  amount: z.number().describe('Document currency, as imported'),
  currency: z.string(),
  fx_rate: z.string(),
  functional_amount: z.number().describe('Absolute amount in the functional currency'),
  reference: z.string(),
  settled_on: z.string().nullable().describe('Invoices: the date it was fully settled'),
  outstanding: z.number().describe('Debits: functional amount still open after every allocation'),
  unapplied: z.number().describe('Credits: the part not applied to any invoice (document currency)'),
  allocations: z.array(AllocationSchema),
});

export const listLedger = createRoute({
  method: 'get',
  path: '/ledger',
  summary: "A customer's documents with their allocations, in ledger order",
  request: {
    query: z.object({
      customer: z.string().min(1).max(100),
      after: z.coerce.number().int().min(0).default(0).describe('Cursor: the `next` of the previous page'),
      limit: z.coerce.number().int().min(1).max(5000).default(1000),
    }),
  },
  responses: {
    200: {
      description: 'Documents',
      content: { 'application/json': { schema: z.object({ customer_id: z.string(), currency: z.string(), items: z.array(DocumentSchema), next: z.number().nullable() }) } },
    },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const listCustomers = createRoute({
  method: 'get',
  path: '/customers',
  summary: 'Customers, ordered by id (optionally one vertical, region or collector)',
  request: {
    query: z.object({
      scope: z.string().max(120).optional().describe('vertical:<name>, region:<name>, collector:<name> or * (all)'),
    }),
  },
  responses: {
    200: { description: 'Customers', content: { 'application/json': { schema: z.object({ items: z.array(CustomerSchema) }) } } },
    ...errorResponses(400, 401, 403),
  },
});
