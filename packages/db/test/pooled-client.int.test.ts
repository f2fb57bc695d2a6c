import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPgPool } from '../src';
import { inPooledTransaction } from '../src/pooled-client';

/**
 * A Postgres restart (`pg_ctl stop -m fast`) or failover tells each backend's client
 * "terminating connection due to administrator command" and closes it. A client checked out of
 * the pool between two statements then emits 'error' with pg-pool's own listener off it: before
 * `withPooledClient`, nothing listened and the worker process exited with code 1 (issue 19).
 * `pg_terminate_backend` does exactly what a fast shutdown does to one backend.
 */
const pool = createPgPool(process.env.DATABASE_URL!, { max: 2 });
const admin = new pg.Client({ connectionString: process.env.DATABASE_URL! });
afterAll(async () => {
  await pool.end();
  await admin.end();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inPooledTransaction', () => {
  it(
    'a connection terminated between two statements fails the transaction instead of crashing the process; the ' +
      'pool recovers',
    async () => {
      await admin.connect();
      const uncaught: unknown[] = [];
      const onUncaught = (err: unknown) => uncaught.push(err);
      process.on('uncaughtException', onUncaught);
      try {
        const run = inPooledTransaction(pool, async (client) => {
          const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
          await admin.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
          // The server's error and the close arrive while no statement is running.
          await pause(300);
          await client.query('SELECT 1');
        });
        await expect(run).rejects.toThrow(/terminat|Connection|not queryable/i);
      } finally {
        process.off('uncaughtException', onUncaught);
      }
      expect(uncaught).toEqual([]);
      // The broken client was destroyed, not handed out again.
      await expect(
        inPooledTransaction(pool, async (c) => (await c.query<{ one: number }>('SELECT 1 AS one')).rows[0]!.one),
      ).resolves.toBe(1);
    },
  );

  it('commits what fn did, and rolls it back when fn throws', async () => {
    const table = `pooled_${Date.now()}`;
    await pool.query(`CREATE TABLE ${table} (n int)`);
    try {
      await inPooledTransaction(pool, (c) => c.query(`INSERT INTO ${table} VALUES (1)`));
      await expect(
        inPooledTransaction(pool, async (c) => {
          await c.query(`INSERT INTO ${table} VALUES (2)`);
          throw new Error('no');
        }),
      ).rejects.toThrow('no');
      expect((await pool.query(`SELECT n FROM ${table} ORDER BY n`)).rows).toEqual([{ n: 1 }]);
    } finally {
      await pool.query(`DROP TABLE ${table}`);
    }
  });
});
