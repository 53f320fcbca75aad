/**
 * Request body caps: 413 before anything is read or written. Imports stream, so theirs is large and counted as the
 * body streams when no Content-Length says it up front; every other route's JSON is small and read whole.
 */
import type { MiddlewareHandler } from 'hono';
import { handlerPath } from '../auth';
import type { AppEnv } from '../env';
import { AppError } from '../errors';

const IMPORTS = new Set(['POST /api/v1/customers', 'POST /api/v1/ledger']);
export const DEFAULT_MAX_BODY_BYTES = 8 * 1024 * 1024;
/** Cloudflare's own request-size limit on the Free and Pro plans. */
export const DEFAULT_MAX_IMPORT_BYTES = 100 * 1024 * 1024;

const mib = (n: number) => `${Math.round((n / 1024 / 1024) * 10) / 10} MiB`;

export const bodyLimits: MiddlewareHandler<AppEnv> = async (c, next) => {
  const body = c.req.raw.body;
  if (!body || c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const isImport = IMPORTS.has(`${c.req.method} ${handlerPath(c) ?? ''}`);
  const max = Number(isImport ? c.env.MAX_IMPORT_BYTES ?? DEFAULT_MAX_IMPORT_BYTES : c.env.MAX_BODY_BYTES ?? DEFAULT_MAX_BODY_BYTES);
  const tooLarge = () =>
    new AppError('payload_too_large', `the request body is larger than ${mib(max)}${isImport ? '; split the file' : ''}; nothing was changed`);
  const declared = c.req.header('Content-Length');
  if (declared !== undefined && !c.req.header('Transfer-Encoding')) {
    if (Number(declared) > max) throw tooLarge();
    return next();
  }
  let size = 0;
  if (isImport) {
    const counted = body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctrl) {
          size += chunk.byteLength;
          if (size > max) ctrl.error(tooLarge());
          else ctrl.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    return next();
  }
  const chunks: Uint8Array[] = [];
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) throw tooLarge();
    chunks.push(value);
  }
  const whole = new Uint8Array(size);
  let at = 0;
  for (const ch of chunks) {
    whole.set(ch, at);
    at += ch.byteLength;
  }
  c.req.raw = new Request(c.req.raw, { body: whole });
  return next();
};
