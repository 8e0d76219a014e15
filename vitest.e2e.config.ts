import { defineConfig } from 'vitest/config';

/** End-to-end tests: the real server and Debian's Chromium, one journey after another. */
export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 200_000,
  },
});
