import { defineConfig } from 'vitest/config';

// Browser tests: a real server (embedded database, demo data) and Debian's Chromium driven by playwright-core.
export default defineConfig({
  test: {
    name: 'browser',
    include: ['apps/web/e2e/**/*.e2e.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
});
