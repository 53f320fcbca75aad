// Pure code: the domain in shared/, the add-in's plain modules, scripts. Node, no Workers runtime.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['shared/**/*.test.ts', 'addin/test/unit/**/*.test.ts', 'scripts/**/*.test.ts'],
  },
});
