// Vitest globalSetup for the `integration` project: a freshly migrated Postgres database
// (weft_test, or TEST_DATABASE_URL) and a reachable Redis. Runs once, in the main process,
// before any worker starts, so the env vars set here reach every test file too.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { freshDatabase } from '../../scripts/fresh-database.mjs';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    redisUrl: string;
  }
}

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

export default async function setup(project: TestProject): Promise<void> {
  const databaseUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/weft_test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

  await pingRedis(redisUrl);
  ensureGeneratedClient();
  await freshDatabase(databaseUrl, { mustContain: 'test' });

  process.env.DATABASE_URL = databaseUrl;
  process.env.REDIS_URL = redisUrl;
  project.provide('databaseUrl', databaseUrl);
  project.provide('redisUrl', redisUrl);
}

// packages/db/src/generated is git-ignored: a fresh clone has no client until `prisma generate`.
function ensureGeneratedClient(): void {
  if (!existsSync(join(root, 'packages/db/src/generated/prisma/client.ts'))) {
    run('node_modules/prisma/build/index.js', ['generate'], {}, 'generating the Prisma client');
  }
}

function run(script: string, args: string[], env: Record<string, string>, what: string): void {
  const res = spawnSync(process.execPath, [join(root, script), ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    throw new Error(
      `Integration setup failed while ${what} (exit ${res.status ?? res.signal}):\n${res.stdout}\n${res.stderr}`,
    );
  }
}

async function pingRedis(redisUrl: string): Promise<void> {
  // No retries: fail fast with a clear message instead of hanging in reconnect loops.
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  let socketError: Error | undefined; // the real cause (connect() itself only says "Connection is closed.")
  redis.on('error', (e: Error) => (socketError = e));
  try {
    await redis.connect();
    const reply = await redis.ping();
    if (reply !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
  } catch (e) {
    throw new Error(
      `Integration tests need Redis at ${redisUrl} answering PING (${(socketError ?? (e as Error)).message}). Start it, or set REDIS_URL.`,
    );
  } finally {
    redis.disconnect();
  }
}
