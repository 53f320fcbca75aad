import type { MiddlewareHandler } from 'hono';
import { handlerPath } from './auth';
import type { AppEnv } from './env';
import { AppError } from './errors';

/** Writes that are idempotent by nature (re-importing the same rows changes nothing) or are reads sent as POST. */
const EXEMPT = new Set(['POST /api/v1/customers', 'POST /api/v1/ledger', 'POST /api/v1/functions/batch']);

const KEY = /^[A-Za-z0-9._:-]{8,128}$/;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * `Idempotency-Key` on writes (POST, PUT, PATCH, DELETE), scoped per user. The first answer (any status below 500)
 * is stored and replayed for a retry with the same key and the same request; the same key with a different request
 * is 422; a retry while the first is still running is 409. A 5xx answer releases the key so the client may retry.
 * Runs after authentication (it needs the user).
 */
export const idempotency: MiddlewareHandler<AppEnv> = async (c, next) => {
  const key = c.req.header('Idempotency-Key');
  const url = new URL(c.req.url);
  if (key === undefined || c.req.method === 'GET' || EXEMPT.has(`${c.req.method} ${handlerPath(c) ?? ''}`)) return next();
  if (!KEY.test(key)) throw new AppError('bad_request', 'Idempotency-Key: 8 to 128 characters of letters, digits, . _ : -');
  const principal = c.get('principal');
  if (!principal) return next();
  const db = c.env.DB;
  const hash = await sha256(`${c.req.method} ${url.pathname}${url.search}\n${await c.req.text()}`);

  const claimed = await db
    .prepare("INSERT INTO idempotency_keys (user_id, key, request_hash, status, created_at) VALUES (?1, ?2, ?3, 'in_flight', ?4) ON CONFLICT DO NOTHING")
    .bind(principal.userId, key, hash, new Date().toISOString())
    .run();
  if (claimed.meta.changes === 0) {
    const prior = await db
      .prepare('SELECT request_hash, status, response_status, response_body FROM idempotency_keys WHERE user_id = ?1 AND key = ?2')
      .bind(principal.userId, key)
      .first<{ request_hash: string; status: string; response_status: number; response_body: string }>();
    if (!prior) throw new AppError('conflict', 'this Idempotency-Key is being released; retry');
    if (prior.request_hash !== hash) {
      throw new AppError('validation_failed', 'this Idempotency-Key was already used for a different request; use a new key for a new request');
    }
    if (prior.status === 'in_flight') throw new AppError('conflict', 'the first request with this Idempotency-Key is still being processed; retry shortly');
    return new Response(prior.response_body, {
      status: prior.response_status,
      headers: { 'Content-Type': 'application/json; charset=UTF-8', 'Idempotent-Replayed': 'true' },
    });
  }

  try {
    await next();
  } catch (err) {
    await release(db, principal.userId, key);
    throw err;
  }
  const res = c.res;
  if (res.status >= 500) {
    await release(db, principal.userId, key);
    return;
  }
  const body = withoutSecret(`${c.req.method} ${handlerPath(c) ?? ''}`, await res.clone().text());
  await db
    .prepare("UPDATE idempotency_keys SET status = 'done', response_status = ?3, response_body = ?4 WHERE user_id = ?1 AND key = ?2")
    .bind(principal.userId, key, res.status, body)
    .run();
};

async function release(db: D1Database, userId: string, key: string): Promise<void> {
  await db.prepare("DELETE FROM idempotency_keys WHERE user_id = ?1 AND key = ?2 AND status = 'in_flight'").bind(userId, key).run();
}

/** Replies that carry a new API token: the stored copy drops it (tokens are stored only as hashes), so a replay says so. */
const SECRET_REPLIES = new Set(['POST /api/v1/users', 'POST /api/v1/tokens']);

function withoutSecret(route: string, body: string): string {
  if (!SECRET_REPLIES.has(route)) return body;
  try {
    const json = JSON.parse(body) as Record<string, unknown>;
    if (typeof json.token !== 'string') return body;
    return JSON.stringify({ ...json, token: null, tokenNote: 'the token is shown only in the first reply; revoke it and issue another if it was lost' });
  } catch {
    return body;
  }
}
