// Browser tests: the built add-in (dist/addin) served by the real Worker (`wrangler dev`, local D1
// with migrations and demo data, started once in global-setup), driven by Debian's Chromium through
// playwright-core, with a stand-in for the small part of Office.js the add-in uses.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    environment: 'node',
    include: ['addin/test/browser/**/*.test.ts'],
    globalSetup: ['addin/test/browser/global-setup.ts'],
    // One Worker and one Chromium at a time on a 2-core machine.
    fileParallelism: false,
    // One retry: in one of several full runs the local `wrangler dev` stopped answering for a while mid-suite
    // (the same file passed alone and on the next full run). A real failure still fails twice; see README.
    retry: 1,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    teardownTimeout: 30_000,
  },
});
