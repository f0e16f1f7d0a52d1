import { defineConfig } from 'vitest/config';

// Test tiers, told apart by file name and by project (see apps/server/src/test/README.md):
//   *.test.ts          unit: pure code, no database, no process, no network (every workspace)
//   *.module.test.ts   module: the server through app.inject() on a real database (PGlite, or PostgreSQL
//                      when TEST_DATABASE_URL is set: `npm run test:pg` re-runs these and the process tier)
//   *.process.test.ts  process: `civdef` started as a child process (CLI, kill -9, first start)
//   *.e2e.test.ts      browser: Debian's Chromium against a real server (vitest.browser.config.ts)
const UNIT_EXCLUDE = ['**/*.module.test.ts', '**/*.process.test.ts', '**/*.e2e.test.ts', '**/node_modules/**'];

const serverDatabaseTier = {
  root: 'apps/server',
  globalSetup: ['src/test/global-setup.ts'],
  testTimeout: 120_000,
  hookTimeout: 180_000,
  // PGlite is single-connection and CPU-heavy: one file at a time keeps a 2-core machine responsive.
  fileParallelism: false,
};

export default defineConfig({
  test: {
    projects: [
      { test: { name: 'domain', root: 'packages/domain', include: ['src/**/*.test.ts'], exclude: UNIT_EXCLUDE } },
      { test: { name: 'engine', root: 'packages/engine', include: ['src/**/*.test.ts', 'test/**/*.test.ts'], exclude: UNIT_EXCLUDE, testTimeout: 120_000 } },
      { test: { name: 'demo-data', root: 'packages/demo-data', include: ['src/**/*.test.ts'], exclude: UNIT_EXCLUDE, testTimeout: 60_000 } },
      { test: { name: 'web', root: 'apps/web', include: ['src/**/*.test.ts', 'src/**/*.test.tsx'], exclude: UNIT_EXCLUDE } },
      // The first test of a file that imports a module's door pays for transforming much of the server (the
      // module-shape check imports every door): 5 s was too short on a loaded CI machine.
      { test: { name: 'server-unit', root: 'apps/server', include: ['src/**/*.test.ts'], exclude: UNIT_EXCLUDE, testTimeout: 60_000 } },
      { test: { name: 'server-module', include: ['src/**/*.module.test.ts'], ...serverDatabaseTier } },
      { test: { name: 'server-process', include: ['src/**/*.process.test.ts'], ...serverDatabaseTier } },
    ],
  },
});
