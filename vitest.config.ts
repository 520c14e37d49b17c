import { defineConfig } from 'vitest/config';

// Run once, in the SQLite pass: tests of SQLite's own file and functions (its triggers against its
// date functions, the generator's output), and those of both dialects at once or of neither.
const RUN_ONCE = ['tests/api/indices/rollups.test.ts', 'tests/api/seed/**', 'tests/api/platform/db/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A browser and a PostgreSQL server from npm, unless the environment names its own.
    globalSetup: ['tests/setup/tools.ts'],
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.{ts,tsx}'] } },
      // The API and page tests a second time, on PostgreSQL.
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['tests/api/**/*.test.ts', 'tests/web/**/*.test.{ts,tsx}'],
          exclude: RUN_ONCE,
          env: { TEST_DIALECT: 'postgres' },
        },
      },
    ],
  },
});
