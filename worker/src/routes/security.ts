/** API tokens (self-service list, issue, revoke; admins for anyone) and the audit chain's verification. */
import { OpenAPIHono } from '@hono/zod-openapi';
import { chainAudit, verifyAudit } from '../audit/chain';
import { assertion, guardedBatch } from '../batch-guard';
import type { AppEnv, Principal } from '../env';
import { AppError, validationHook } from '../errors';
import { auditStatement } from '../queries/settings';
import { insertToken, revokeStatement, tokenById, tokenJson, tokensOf, userExists } from '../queries/tokens';
import { hashToken, newToken, tokenPrefix } from '../tokens';
import * as routes from './security.routes';

/** Whose tokens a request is about: the caller's own, or (admin only) the named user's. */
async function subject(db: D1Database, p: Principal, userId: string | undefined): Promise<string> {
  if (userId === undefined || userId === p.userId) return p.userId;
  if (p.role !== 'admin') throw new AppError('forbidden', "only an admin may manage another user's tokens");
  if (!(await userExists(db, userId))) throw new AppError('not_found', `no user ${userId}`);
  return userId;
}

export const security = new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
  .openapi(routes.listTokens, async (c) => {
    const userId = await subject(c.env.DB, c.get('principal'), c.req.valid('query').userId);
    const now = new Date().toISOString();
    return c.json({ tokens: (await tokensOf(c.env.DB, userId)).map((t) => tokenJson(t, now)) }, 200);
  })
  .openapi(routes.issueToken, async (c) => {
    const input = c.req.valid('json');
    const db = c.env.DB;
    const p = c.get('principal');
    const userId = await subject(db, p, input.userId);
    const at = new Date().toISOString();
    const expiresAt = input.expiresAt === undefined ? null : new Date(input.expiresAt).toISOString();
    if (expiresAt !== null && expiresAt <= at) {
      throw new AppError('validation_failed', 'the request is not valid', [{ path: 'json.expiresAt', message: 'must be in the future' }]);
    }
    if (!(await userExists(db, userId))) {
      throw new AppError('validation_failed', 'the bootstrap administrator has no user record; issue tokens for a user (userId)', [{ path: 'json.userId', message: 'required for the bootstrap administrator' }]);
    }
    const token = newToken();
    const row = { id: crypto.randomUUID(), user_id: userId, prefix: tokenPrefix(token), label: input.label, created_at: at, expires_at: expiresAt, revoked_at: null };
    await db.batch([
      insertToken(db, { ...row, hash: await hashToken(token) }),
      auditStatement(db, { at, userId: p.userId, action: 'token.issue', entity: 'api_token', entityId: row.id, after: { userId, prefix: row.prefix, label: row.label, expiresAt } }),
    ]);
    return c.json({ ...tokenJson(row, at), token }, 201);
  })
  .openapi(routes.revokeToken, async (c) => {
    const db = c.env.DB;
    const p = c.get('principal');
    const found = await tokenById(db, c.req.valid('param').id);
    // Another user's token is "not found" to a non-admin: its existence is not theirs to learn.
    if (!found || (found.user_id !== p.userId && p.role !== 'admin')) throw new AppError('not_found', `no token ${c.req.valid('param').id}`);
    if (found.revoked_at === null) {
      const at = new Date().toISOString();
      // Revoked once: a racing revocation finds it revoked inside its batch, writes nothing and answers as a repeat does.
      const active = assertion(db, 'token not revoked', 'EXISTS (SELECT 1 FROM api_tokens WHERE id = ?2 AND revoked_at IS NULL)', found.id);
      await guardedBatch(db, active, [
        revokeStatement(db, found.id, at),
        auditStatement(db, { at, userId: p.userId, action: 'token.revoke', entity: 'api_token', entityId: found.id, before: { userId: found.user_id, prefix: found.prefix, revokedAt: null }, after: { revokedAt: at } }),
      ]);
    }
    return c.json(tokenJson((await tokenById(db, found.id))!, new Date().toISOString()), 200);
  })
  .openapi(routes.verifyAudit, async (c) => {
    // Bounded, so one call stays within a Worker's CPU time; what is left shows as `unchained` and goes next call.
    await chainAudit(c.env.DB, 200_000);
    return c.json(await verifyAudit(c.env.DB), 200);
  });
