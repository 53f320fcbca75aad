// Integration tests in the real Workers runtime (workerd) with a real local D1, migrations applied.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-pool-workers';
import { generateDemo } from './scripts/demo/generator';

const migrations = await readD1Migrations(path.join(import.meta.dirname, 'worker/migrations'));
// Data the tests import through the API: IBM's public AR sample, and a small seeded demo ledger.
const ibmCsv = readFileSync(path.join(import.meta.dirname, 'worker/test/fixtures/ibm-accounts-receivable.csv'), 'utf8');
const demo = generateDemo({ seed: 7, customers: 40, months: 24, endDate: '2026-10-31' });
const demoCustomersCsv = [...demo.customersCsv()].join('');
const demoLedgerCsv = [...demo.ledgerCsv()].join('');

export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: './wrangler.toml' },
      miniflare: {
        bindings: { TEST_MIGRATIONS: migrations, ADMIN_TOKEN: 'test-admin-token', IBM_CSV: ibmCsv, DEMO_CUSTOMERS_CSV: demoCustomersCsv, DEMO_LEDGER_CSV: demoLedgerCsv },
      },
    }),
  ],
  test: {
    include: ['worker/test/**/*.test.ts'],
    setupFiles: ['./worker/test/apply-migrations.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
