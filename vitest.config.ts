import { defineConfig } from 'vitest/config';

// One project per workspace so `vitest run --project server` can re-run just the database tests
// against a PostgreSQL server (TEST_DATABASE_URL). Browser tests live in vitest.browser.config.ts.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', root: 'packages/domain', include: ['src/**/*.test.ts'] } },
      { test: { name: 'engine', root: 'packages/engine', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 120_000 } },
      { test: { name: 'demo-data', root: 'packages/demo-data', include: ['src/**/*.test.ts'], testTimeout: 60_000 } },
      {
        test: {
          name: 'server',
          root: 'apps/server',
          include: ['src/**/*.test.ts'],
          globalSetup: ['src/test/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // PGlite is single-connection and CPU-heavy: one file at a time keeps a 2-core machine responsive.
          fileParallelism: false,
        },
      },
      { test: { name: 'web', root: 'apps/web', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] } },
    ],
  },
});
