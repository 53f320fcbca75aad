/**
 * Security headers on every answer of the Worker (the API's JSON). The add-in's pages are static assets with their
 * own headers and CSP (addin/src/_headers): they must be framable by the Office hosts, the API never is.
 * No CORS headers at all: the add-in is served from the API's origin, and a page from elsewhere gets nothing.
 */
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env';

export const API_HEADERS: Record<string, string> = {
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cache-Control': 'no-store',
};

export const secureHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  // A replayed or streamed answer may have immutable headers: copy it once.
  const res = new Response(c.res.body, c.res);
  for (const [name, value] of Object.entries(API_HEADERS)) res.headers.set(name, value);
  res.headers.delete('Access-Control-Allow-Origin');
  const url = new URL(c.req.url);
  if (url.protocol === 'https:' && !['localhost', '127.0.0.1'].includes(url.hostname)) {
    res.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  }
  c.res = undefined;
  c.res = res;
};
