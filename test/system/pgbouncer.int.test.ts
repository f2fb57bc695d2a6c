// Weft behind a real PgBouncer in transaction mode (port 6433, 3 server connections, started
// here in front of the test database): the web services and a worker reach Postgres only
// through it, with DATABASE_URL's `pgbouncer=true` so the hot path's named statements go
// unnamed. Runs and webhook deliveries succeed; migrations refuse to go through it.
// docs/operations.md "Beyond one machine".
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPgPool } from '@weft/db';
import { missingBinaries, startPgBouncer } from './infra/servers';
import { onTopology } from './infra/scale-scenario';

const PORT = 6433;
// The migrated test database, straight to Postgres (test/integration/env.ts set it).
const DIRECT_URL = process.env.DATABASE_URL!;
const POOL_SIZE = 3;
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const missing = missingBinaries(['pgbouncer'], 'pgbouncer');
if (missing) console.warn(`pgbouncer.int.test.ts ${missing}`);

/** PgBouncer's admin console (SHOW …), as the database user, which the config makes an admin. */
async function admin<T>(command: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:${PORT}/pgbouncer` });
  await client.connect();
  try {
    // The console speaks only the simple protocol: no parameters.
    return (await client.query({ text: command, queryMode: 'simple' } as pg.QueryConfig)).rows as T[];
  } finally {
    await client.end();
  }
}

describe.skipIf(missing !== null)('behind PgBouncer in transaction mode (DATABASE_URL …?pgbouncer=true)', () => {
  const topology = onTopology({
    ownerName: 'pgbouncer-owner',
    start: () => startPgBouncer({ port: PORT, databaseUrl: DIRECT_URL, poolSize: POOL_SIZE }),
    env: (bouncer) => ({
      DATABASE_URL: `${bouncer.url}?pgbouncer=true`,
      QUEUE_PREFIX: `weft_scale_pgb-${randomUUID().slice(0, 8)}`,
    }),
  });
  const bouncerUrl = () => topology.servers().url;
  const database = new URL(DIRECT_URL).pathname.slice(1);

  it('runs workflows from the API, many at once over 3 server connections: all succeed with their steps', async () => {
    const workflowId = await topology.importWorkflow();
    await Promise.all(Array.from({ length: 8 }, (_, i) => topology.runManuallyAndCheck(workflowId, i * 3, 1)));
    // Everything went through PgBouncer, which shared its few server connections among the
    // web's and the worker's many client connections.
    const pools = await admin<{
      database: string;
      cl_active: string;
      cl_waiting: string;
      sv_active: string;
      sv_idle: string;
      sv_used: string;
      sv_tested: string;
      sv_login: string;
    }>('SHOW POOLS');
    const ours = pools.find((p) => p.database === database)!;
    const servers = ['sv_active', 'sv_idle', 'sv_used', 'sv_tested', 'sv_login'].reduce(
      (n, k) => n + Number(ours[k as keyof typeof ours]),
      0,
    );
    expect(servers).toBeLessThanOrEqual(POOL_SIZE);
    expect(Number(ours.cl_active) + Number(ours.cl_waiting)).toBeGreaterThan(POOL_SIZE);
  });

  it('fires a schedule every second: its run succeeds; deleted, its timer is gone', async () => {
    await topology.scheduleAndCheck(await topology.importWorkflow());
  });

  it('takes webhook deliveries: sync reply, Idempotency-Key, rate limit 429', async () => {
    await topology.deliverWebhooksAndCheck(await topology.importWorkflow());
  });

  it('is why the flag exists: without it, named statements meet connections that never prepared them (PgBouncer < 1.21)', async () => {
    const [row] = await admin<{ version: string }>('SHOW VERSION');
    const [major, minor] = (/(\d+)\.(\d+)/.exec(row?.version ?? '') ?? []).slice(1).map(Number);
    if (major! > 1 || minor! >= 21) return; // newer PgBouncers can track prepared statements themselves
    const unflagged = createPgPool(bouncerUrl(), { max: 2 });
    const flagged = createPgPool(`${bouncerUrl()}?pgbouncer=true`, { max: 2 });
    try {
      const named = (pool: pg.Pool) =>
        pool.query({ name: 'weft_scale_probe', text: 'SELECT $1::int AS n', values: [1] });
      // Two client connections, one after the other on PgBouncer's most recently used server
      // connection: the second's Parse of the same name hits the first's statement.
      const [a, b] = [await unflagged.connect(), await unflagged.connect()];
      try {
        await a.query({ name: 'weft_scale_probe', text: 'SELECT $1::int AS n', values: [1] });
        await expect(b.query({ name: 'weft_scale_probe', text: 'SELECT $1::int AS n', values: [1] })).rejects.toThrow(
          /prepared statement "weft_scale_probe" already exists/,
        );
      } finally {
        a.release(true);
        b.release(true);
      }
      const results = await Promise.all(Array.from({ length: 6 }, () => named(flagged)));
      expect(results.map((r) => r.rows[0])).toEqual(Array.from({ length: 6 }, () => ({ n: 1 })));
    } finally {
      await unflagged.end();
      await flagged.end();
    }
  });

  it('refuses to migrate through PgBouncer, naming DIRECT_DATABASE_URL', () => {
    const r = spawnSync(process.execPath, ['scripts/migrate.mjs'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: `${bouncerUrl()}?pgbouncer=true`, DIRECT_DATABASE_URL: '' },
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('migrations must reach Postgres directly: set DIRECT_DATABASE_URL');
  });
});
