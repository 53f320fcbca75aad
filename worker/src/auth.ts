import type { MiddlewareHandler } from 'hono';
import { matchedRoutes } from 'hono/route';
import { allowedRoles } from './access';
import type { AppEnv, Principal } from './env';
import { AppError } from './errors';
import { enterView, viewFor, WHOLE_LEDGER } from './portfolio';
import { portfolioMode } from './queries/settings';
import { hashToken, sameSecret } from './tokens';
import { jwtSettings, looksLikeJwt, verifyJwt, type JwtSettings } from './security/jwt';

export const BOOTSTRAP_ADMIN: Principal = { userId: 'admin', name: 'Administrator', role: 'admin', authority: Number.MAX_SAFE_INTEGER, collector: null };

/** The route pattern that will handle this request (the last non-middleware match). */
export function handlerPath(c: Parameters<MiddlewareHandler<AppEnv>>[0]): string | undefined {
  const routes = matchedRoutes(c).filter((r) => r.method !== 'ALL');
  return routes.at(-1)?.path;
}

/** One middleware enforces the access table for every /api/v1 route. */
export const authenticate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const path = handlerPath(c);
  if (!path) throw new AppError('not_found', `no such endpoint: ${c.req.method} ${new URL(c.req.url).pathname}`);
  const allowed = allowedRoles(c.req.method, path);
  if (allowed === 'public') return next();

  const caller = await resolveCaller(c.env, c.req.header('Authorization'), (name) => c.req.header(name));
  if (!caller) throw new AppError('unauthenticated', 'a valid API token is required (Authorization: Bearer <token>)');
  const { principal } = caller;
  if (!allowed.includes(principal.role)) {
    throw new AppError('forbidden', `the ${principal.role} role may not call ${c.req.method} ${path}`);
  }
  c.set('principal', principal);
  if (caller.cacheVersion !== undefined) c.set('cacheVersion', caller.cacheVersion);
  // Collectors' portfolios: only analysts can be limited, so only their requests read the setting.
  enterView(c, `${c.req.method} ${path}`, principal.role === 'analyst' ? viewFor(principal, await portfolioMode(c.env.DB)) : WHOLE_LEDGER);
  return next();
};

/** Who is calling, and the answer cache's version when it was read with them (the bootstrap administrator reads none). */
interface Caller {
  principal: Principal;
  cacheVersion?: number;
}

/**
 * Read in the same statement as the caller's user row: the answer cache's version (worker/src/cache.ts), so a
 * cached answer costs one query. The cache needs it read before anything an answer is built from; authentication
 * runs first, so it is.
 */
const CACHE_VERSION = '(SELECT n FROM cache_version WHERE id = 1) AS cache_version';

async function resolveCaller(env: AppEnv['Bindings'], header: string | undefined, headerOf: (name: string) => string | undefined): Promise<Caller | null> {
  const m = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  // Single sign-on, when configured: a JWT in the SSO header (or a Bearer JWT); API tokens (ar_…) keep working.
  const sso = jwtSettings(env);
  if (sso) {
    const name = env.JWT_HEADER ?? 'Cf-Access-Jwt-Assertion';
    const jwt = name.toLowerCase() === 'authorization' ? (m && looksLikeJwt(m[1]!) ? m[1] : undefined) : headerOf(name);
    if (jwt && !(m && !looksLikeJwt(m[1]!))) return ssoCaller(env, jwt, sso);
  }
  if (!m) return null;
  const token = m[1]!;
  if (env.ADMIN_TOKEN && sameSecret(token, env.ADMIN_TOKEN)) return { principal: BOOTSTRAP_ADMIN };
  const row = await env.DB.prepare(
    `SELECT u.id, u.name, u.role, u.authority, u.collector, ${CACHE_VERSION} FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.hash = ?1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL
       AND (t.expires_at IS NULL OR t.expires_at > ?2)`,
  )
    .bind(await hashToken(token), new Date().toISOString())
    .first<UserRow>();
  return row ? callerOf(row) : null;
}

async function ssoCaller(env: AppEnv['Bindings'], jwt: string, sso: JwtSettings): Promise<Caller | null> {
  const outcome = await verifyJwt(jwt, sso);
  if (!outcome.ok) return null;
  const subject = outcome.claims[env.JWT_USER_CLAIM ?? 'email'];
  if (typeof subject !== 'string' || subject === '') return null;
  const row = await env.DB.prepare(`SELECT id, name, role, authority, collector, ${CACHE_VERSION} FROM users WHERE sso_subject = ?1 AND disabled_at IS NULL`)
    .bind(subject.toLowerCase())
    .first<UserRow>();
  return row ? callerOf(row) : null;
}

type UserRow = { id: string; name: string; role: Principal['role']; authority: number; collector: string | null; cache_version: number | null };

const callerOf = (row: UserRow): Caller => ({
  principal: { userId: row.id, name: row.name, role: row.role, authority: row.authority, collector: row.collector },
  cacheVersion: row.cache_version ?? undefined,
});
