import type { Role } from '../../shared/schemas/users';
import type { View } from './portfolio';

export interface Bindings {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Bootstrap administrator token (a secret in production). */
  ADMIN_TOKEN?: string;
  APP_VERSION: string;
  // Security (issue 10): limits, rate limiting and single sign-on; see SECURITY.md.
  /** Body cap for every route but the imports, bytes (default 8 MiB). */
  MAX_BODY_BYTES?: string;
  /** Body cap for POST /customers and /ledger, bytes (default 100 MiB). */
  MAX_IMPORT_BYTES?: string;
  /** "<requests>/<seconds>" per token: use the in-memory limiter with this limit instead of RATE_LIMITER. */
  RATE_LIMIT?: string;
  RATE_LIMITER?: RateLimit;
  /** JSON Web Key Set of the SSO issuer (Cloudflare Access, Microsoft Entra ID): the JWT verifier is on when set. */
  JWT_JWKS?: string;
  JWT_ISSUER?: string;
  JWT_AUDIENCE?: string;
  /** Header the JWT comes in (default Cf-Access-Jwt-Assertion; `Authorization` for a Bearer JWT). */
  JWT_HEADER?: string;
  /** The claim naming the user, matched with users.sso_subject (default `email`; Entra ID: `preferred_username` or `oid`). */
  JWT_USER_CLAIM?: string;
}

/** Who is calling, resolved from the bearer token by the auth middleware. */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  /** Functional minor units this user may approve on their own. */
  authority: number;
  /** The collector name customers are assigned to (customers.collector) when the user is one; see worker/src/portfolio.ts. */
  collector: string | null;
}

export interface Variables {
  principal: Principal;
  /** The part of the ledger this request may see (worker/src/portfolio.ts). */
  view: View;
  /** The answer cache's version, read with the caller's identity (worker/src/auth.ts); unset for the bootstrap administrator. */
  cacheVersion?: number;
}

export type AppEnv = { Bindings: Bindings; Variables: Variables };
