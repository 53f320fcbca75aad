import { createRoute, z } from '@hono/zod-openapi';
import { MeSchema } from '../../../shared/schemas/users';
import { errorResponses } from './common';

export const health = createRoute({
  method: 'get',
  path: '/health',
  summary: 'Liveness: no token needed',
  responses: {
    200: { description: 'The API is up', content: { 'application/json': { schema: z.object({ ok: z.literal(true), version: z.string() }) } } },
  },
});

export const me = createRoute({
  method: 'get',
  path: '/me',
  summary: 'The signed-in user, their role and authority, and the data date of the ledger',
  responses: {
    200: { description: 'The caller', content: { 'application/json': { schema: MeSchema } } },
    ...errorResponses(401),
  },
});
