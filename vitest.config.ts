import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// Every test runs in London time, as the product's users do; workers inherit this.
process.env.TZ = 'Europe/London';

export default defineConfig({
  test: {
    allowOnly: !process.env.CI,
    passWithNoTests: false,
    // Most test files wait on a database, a server process or a converter more than they compute: two
    // at a time even on a 2-core machine (vitest's default there would be one).
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/*.http.test.ts'],
        },
      },
      {
        test: {
          name: 'db',
          include: ['src/**/*.db.test.ts', 'test/db/**/*.test.ts'],
          globalSetup: ['test/support/postgres-global-setup.ts', 'test/support/demo-template-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'http',
          include: ['src/**/*.http.test.ts', 'test/http/**/*.test.ts'],
          globalSetup: ['test/support/demo-template-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          globalSetup: ['test/browser/support/global-setup.ts', 'test/support/demo-template-setup.ts'],
        },
      },
    ],
  },
});
