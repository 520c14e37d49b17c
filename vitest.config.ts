import { defineConfig } from 'vitest/config';

// Run once, in the SQLite pass: tests of SQLite's own file and functions (its triggers against its
// date functions, the generator's output), and those of both dialects at once or of neither.
const RUN_ONCE = ['tests/api/indices/rollups.test.ts', 'tests/api/seed/**', 'tests/api/platform/db/**'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.{ts,tsx}'] } },
      // With a PostgreSQL server to create databases on, the API and page tests run a second time on it.
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              extends: true as const,
              test: {
                name: 'postgres',
                include: ['tests/api/**/*.test.ts', 'tests/web/**/*.test.{ts,tsx}'],
                exclude: RUN_ONCE,
                env: { TEST_DIALECT: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
