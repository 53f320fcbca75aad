import { createRoute, z } from '@hono/zod-openapi';
import { MeSchema } from '../../../shared/schemas/users';
import { PORTFOLIO_MODES } from '../portfolio';
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
  summary: 'The signed-in user, their role, authority, collector name and the customers they see, and the data date of the ledger',
  responses: {
    200: { description: 'The caller', content: { 'application/json': { schema: MeSchema } } },
    ...errorResponses(401),
  },
});

const PortfolioSetting = z.object({
  mode: z
    .enum(PORTFOLIO_MODES)
    .describe("all: every role sees every customer; own: an analyst (collector) with a collector name sees only the customers carrying it, an analyst without one sees none"),
});

export const getPortfolio = createRoute({
  method: 'get',
  path: '/settings/portfolio',
  summary: 'Whether collectors see every customer or only their own portfolio',
  responses: {
    200: { description: 'The setting', content: { 'application/json': { schema: PortfolioSetting } } },
    ...errorResponses(401),
  },
});

export const putPortfolio = createRoute({
  method: 'put',
  path: '/settings/portfolio',
  summary: 'Limit collectors to their own portfolio, or not (admin; audited)',
  request: { body: { required: true, content: { 'application/json': { schema: PortfolioSetting } } } },
  responses: {
    200: { description: 'Stored', content: { 'application/json': { schema: PortfolioSetting } } },
    ...errorResponses(401, 403, 422),
  },
});
