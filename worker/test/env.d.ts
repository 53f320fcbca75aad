import type { D1Migration } from '@cloudflare/vitest-pool-workers';

declare global {
  namespace Cloudflare {
    interface Env {
      DB: D1Database;
      ASSETS: Fetcher;
      ADMIN_TOKEN?: string;
      APP_VERSION: string;
      RATE_LIMITER?: RateLimit;
      TEST_MIGRATIONS: D1Migration[];
      IBM_CSV: string;
      DEMO_CUSTOMERS_CSV: string;
      DEMO_LEDGER_CSV: string;
    }
  }
}
export {};
