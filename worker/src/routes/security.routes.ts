/** API tokens (list, issue, revoke) and the audit chain's verification: schemas and OpenAPI descriptions. */
import { createRoute, z } from '@hono/zod-openapi';
import { errorResponses } from './common';

export const TokenSchema = z.object({
  id: z.string(),
  userId: z.string(),
  prefix: z.string().describe('The first 12 characters: enough to recognise a token, never to use it'),
  label: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  active: z.boolean(),
});

const IssueSchema = z.object({
  label: z.string().trim().max(120).default(''),
  expiresAt: z.iso.datetime({ offset: true }).optional().describe('ISO timestamp in the future; absent = no expiry'),
  userId: z.string().min(1).max(64).optional().describe("Admin only: issue for another user (default: the caller)"),
});

export const listTokens = createRoute({
  method: 'get',
  path: '/tokens',
  summary: "The caller's API tokens by prefix (an admin may ask for another user's with ?userId=); never the token itself",
  request: { query: z.object({ userId: z.string().min(1).max(64).optional() }) },
  responses: {
    200: { description: 'Tokens, newest first', content: { 'application/json': { schema: z.object({ tokens: z.array(TokenSchema) }) } } },
    ...errorResponses(400, 401, 403, 404),
  },
});

export const issueToken = createRoute({
  method: 'post',
  path: '/tokens',
  summary: 'Issue a new API token (rotation: issue, switch, then revoke the old one). The token is in this reply only.',
  request: { body: { required: true, content: { 'application/json': { schema: IssueSchema } } } },
  responses: {
    201: { description: 'Issued', content: { 'application/json': { schema: TokenSchema.extend({ token: z.string().nullable() }) } } },
    ...errorResponses(401, 403, 404, 422),
  },
});

export const revokeToken = createRoute({
  method: 'delete',
  path: '/tokens/{id}',
  summary: 'Revoke a token: its very next request answers 401. Your own, or any as admin.',
  request: { params: z.object({ id: z.string().min(1).max(64) }) },
  responses: {
    200: { description: 'Revoked (or already revoked)', content: { 'application/json': { schema: TokenSchema } } },
    ...errorResponses(401, 403, 404),
  },
});

export const verifyAudit = createRoute({
  method: 'get',
  path: '/audit/verify',
  summary: 'Chains any new audit rows, then recomputes every hash of the audit chain and reports the first row that does not match',
  responses: {
    200: {
      description: 'The verification',
      content: {
        'application/json': {
          schema: z.object({
            ok: z.boolean(),
            entries: z.number().int(),
            chained: z.number().int(),
            unchained: z.number().int(),
            head: z.object({ auditId: z.number().int(), hash: z.string() }).nullable(),
            firstProblem: z.object({ auditId: z.number().int(), problem: z.string() }).nullable(),
          }),
        },
      },
    },
    ...errorResponses(401, 403),
  },
});
