import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ZodError } from 'zod';
import { AnalyticsInputError } from '../../shared/analytics/errors';

/** Every error the API answers, with its HTTP status. */
const STATUS = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  rate_limited: 429,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof STATUS;

export interface ErrorDetail {
  row?: number;
  column?: string | null;
  path?: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message);
  }
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetail[]) {
  return { error: details ? { code, message, details } : { code, message } };
}

export function onError(err: Error, c: Context): Response {
  if (err instanceof AppError) {
    return c.json(errorBody(err.code, err.message, err.details), STATUS[err.code]);
  }
  if (err instanceof AnalyticsInputError) {
    return c.json(errorBody('bad_request', err.message), 400);
  }
  if (err instanceof HTTPException) {
    const code = err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthenticated' : 'bad_request';
    return c.json(errorBody(code, err.message || 'bad request'), err.status);
  }
  console.error(err);
  return c.json(errorBody('internal', 'internal error; nothing was changed'), 500);
}

/** The one validation hook: every invalid request fails with the same shape. */
export function validationHook(result: { success: boolean; error?: unknown; target?: string }, c: Context) {
  if (result.success) return;
  const issues = (result.error as ZodError).issues ?? [];
  const details = issues.map((i) => ({
    path: [result.target, ...i.path].filter((p) => p !== undefined).join('.'),
    message: i.message,
  }));
  const status = result.target === 'json' ? 422 : 400;
  return c.json(
    errorBody(status === 422 ? 'validation_failed' : 'bad_request', 'the request is not valid', details),
    status,
  );
}
