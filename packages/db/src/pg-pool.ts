import pg from 'pg';

/**
 * A node-postgres pool for the hot paths that bypass Prisma (the execution store's lease and
 * checkpoint statements): one pool per process, sized by the composition root. jsonb columns
 * come back through JSON.parse (own keys, so `__proto__` stays a key) and timestamptz as Date.
 */
export function createPgPool(connectionString: string, opts: { max?: number } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString, ...(opts.max !== undefined ? { max: opts.max } : {}) });
  // An idle client that loses its connection emits 'error' on the pool; unhandled, it would
  // crash the process. The next query gets a fresh connection (or fails, and is retried).
  pool.on('error', () => undefined);
  return pool;
}

export type PgPool = pg.Pool;
