import { defineConfig } from 'vitest/config';

// Two projects: `unit` (pure, no services) and `integration` (real Postgres + Redis).
// `server-only` throws outside Next's react-server build; in tests the server code runs in Node.
const serverOnlyStub = new URL('./test/server-only-stub.ts', import.meta.url).pathname;

export default defineConfig({
  resolve: {
    alias: { 'server-only': serverOnlyStub, '@/': new URL('./apps/web/src/', import.meta.url).pathname },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'packages/*/test/**/*.test.ts',
            'apps/*/test/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'deploy/test/**/*.test.ts',
          ],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['**/node_modules/**'],
          environment: 'node',
          globalSetup: ['./test/integration/global-setup.ts'],
          setupFiles: ['./test/integration/env.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
