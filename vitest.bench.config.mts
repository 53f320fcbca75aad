// The benchmarks' smoke run (npm run bench:smoke, the last step of npm test): each benchmark on tiny data, so none
// can rot unnoticed. It starts wrangler dev several times, builds the add-in and drives Chromium; it downloads nothing.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
  },
});
