import type pg from 'pg';

/** What is needed of a pg PoolClient (a wrapper that records queries may lack `on`/`off`). */
export interface PooledClient {
  query(text: string, values?: unknown[]): Promise<unknown>;
  release(err?: Error | boolean): void;
  on?(event: 'error', listener: (err: Error) => void): unknown;
  off?(event: 'error', listener: (err: Error) => void): unknown;
}

/**
 * Runs `fn` on one client checked out of `pool`, and returns it.
 *
 * While a client is checked out, pg-pool takes its own 'error' listener off it, so a connection
 * that drops between two statements — Postgres restarting (`-m fast` tells every backend's client
 * "terminating connection due to administrator command"), a failover — emits 'error' on the
 * client with nobody listening, and Node ends the process (`npm run soak` saw workers exit with
 * code 1 while Postgres restarted). A listener is attached for as long as the client is out; the
 * statement that follows fails with the error instead, which the caller handles (a drive's job is
 * retried, a schedule's fire runs again on the next beat). A client that saw any error is
 * destroyed on release, never handed to the next caller half-broken.
 */
export async function withPooledClient<C extends PooledClient, T>(
  pool: { connect(): Promise<C> },
  fn: (client: C) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  const onError = (err: Error) => {
    broken ??= err;
  };
  client.on?.('error', onError);
  try {
    return await fn(client);
  } catch (err) {
    broken ??= err instanceof Error ? err : new Error(String(err));
    throw err;
  } finally {
    client.off?.('error', onError);
    client.release(broken);
  }
}

/** `fn` inside BEGIN … COMMIT on one pooled client (ROLLBACK when it throws); see withPooledClient. */
export function inPooledTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T>;
export function inPooledTransaction<C extends PooledClient, T>(
  pool: { connect(): Promise<C> },
  fn: (client: C) => Promise<T>,
): Promise<T>;
export function inPooledTransaction<C extends PooledClient, T>(
  pool: { connect(): Promise<C> },
  fn: (client: C) => Promise<T>,
): Promise<T> {
  return withPooledClient(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  });
}
