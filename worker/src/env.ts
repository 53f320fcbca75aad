import type { Role } from '../../shared/schemas/users';

export interface Bindings {
  DB: D1Database;
  ASSETS: Fetcher;
  /** Bootstrap administrator token (a secret in production). */
  ADMIN_TOKEN?: string;
  APP_VERSION: string;
}

/** Who is calling, resolved from the bearer token by the auth middleware. */
export interface Principal {
  userId: string;
  name: string;
  role: Role;
  /** Functional minor units this user may approve on their own. */
  authority: number;
}

export interface Variables {
  principal: Principal;
}

export type AppEnv = { Bindings: Bindings; Variables: Variables };
