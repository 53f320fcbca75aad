// The benchmarks' smoke run (npm run bench:smoke): each benchmark on tiny data, so none can rot unnoticed.
// Not part of npm test: it starts wrangler dev several times, builds the add-in and drives Chromium (minutes).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['bench/**/*.test.ts'],
    testTimeout: 20 * 60_000,
    hookTimeout: 20 * 60_000,
  },
});
