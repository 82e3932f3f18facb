import { defineConfig } from 'vitest/config';

// The server suite (unit, HTTP, cross-module) and the browser tests, which drive Debian's Chromium against
// a real server with the built web app: `npm test` runs both. The reliability suite (crashes, several
// nodes, fuzzing, the access matrix, load) runs apart with `npm run test:reliability`: it starts servers
// of its own on both databases, so running it inside each database pass of `npm test` would double it.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'server',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'sim/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/reliability/**', 'node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/browser/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'reliability',
          include: ['test/reliability/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 300_000,
          pool: 'forks',
          maxWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
