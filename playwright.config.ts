import { defineConfig, devices } from '@playwright/test';
import { E2E_BASE_URL as BASE_URL, E2E_DATABASE_URL, E2E_PORT as PORT, E2E_QUEUE_PREFIX } from './e2e/env';
import { chromiumLaunchOptions } from './e2e/chromium';

// e2e drives the real app (production build, real Postgres and Redis) in Debian's
// Chromium: `playwright install` can't download browsers here (shared/notes/offline-stack.md).

export default defineConfig({
  testDir: 'e2e',
  // One worker: the specs share one database and walk through first-run setup in order.
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  // No blanket retries: a flaky spec is a bug to fix, not to hide (STYLE.md).
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  // auth.spec.ts walks the first run (an empty database → /setup), so it runs before every
  // other spec, whatever their file names (access.spec.ts would sort first and make the owner).
  projects: [
    {
      name: 'first-run',
      testMatch: 'auth.spec.ts',
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
    {
      name: 'chromium',
      testIgnore: 'auth.spec.ts',
      dependencies: ['first-run'],
      use: { ...devices['Desktop Chrome'], viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: {
    // A fresh `weft_e2e` database (first-run install, no users), then exactly what
    // `npm start` runs: migrate, build if stale, web + worker.
    command: 'node --import tsx e2e/reset-db.ts && node scripts/start.mjs',
    url: `${BASE_URL}/api/health/live`,
    reuseExistingServer: !process.env.CI,
    timeout: 240_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      DATABASE_URL: E2E_DATABASE_URL,
      PORT: String(PORT),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      // Keep e2e jobs apart from a dev install sharing the same Redis.
      QUEUE_PREFIX: E2E_QUEUE_PREFIX,
      LOG_LEVEL: 'warn',
      // A free port for the worker's metrics (the Workers page shows it): e2e runs of other
      // checkouts may share this machine.
      WORKER_METRICS_PORT: '0',
      // A throwaway key (the built-in dev value warns outside development).
      WEFT_SECRET_KEY: 'e2e-only-secret-key-not-for-production-use',
    },
  },
});
