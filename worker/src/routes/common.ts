import { z } from '@hono/zod-openapi';

export const ErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .array(z.object({ row: z.number().optional(), column: z.string().nullable().optional(), path: z.string().optional(), message: z.string() }))
      .optional(),
  }),
});

const DESCRIPTIONS: Record<number, string> = {
  400: 'Malformed request',
  401: 'Missing, unknown or revoked token',
  403: 'The role may not do this',
  404: 'Not found',
  409: 'Conflict with the current state',
  412: 'Version precondition failed',
  413: 'Request too large',
  415: 'Unsupported content type',
  422: 'Validation failed; nothing was changed',
};

export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: DESCRIPTIONS[s] ?? 'Error', content: { 'application/json': { schema: ErrorSchema } } }]),
  );
}
