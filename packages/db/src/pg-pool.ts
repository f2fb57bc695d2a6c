import pg from 'pg';

/**
 * A node-postgres pool for the hot paths that bypass Prisma (the execution store's lease and
 * checkpoint statements): one pool per process, sized by the composition root. jsonb columns
 * come back through JSON.parse (own keys, so `__proto__` stays a key) and timestamptz as Date.
 *
 * Behind PgBouncer in transaction mode (`?pgbouncer=true` on DATABASE_URL, the flag Prisma
 * users know): the hot-path statements are named so Postgres parses them once per connection,
 * but PgBouncer before 1.21 hands each transaction any server connection, where that name was
 * never prepared ("prepared statement … does not exist") or already is ("… already exists").
 * With the flag, the names are dropped and each statement is sent unnamed (parsed every time,
 * as Prisma's adapter always does). docs/operations.md "Beyond one machine".
 */
export function createPgPool(connectionString: string, opts: { max?: number } = {}): pg.Pool {
  const { url, pgbouncer } = readDatabaseUrl(connectionString);
  const pool = new pg.Pool({
    connectionString: url,
    ...(opts.max !== undefined ? { max: opts.max } : {}),
    ...(pgbouncer ? { Client: UnnamedStatementsClient } : {}),
  });
  // An idle client that loses its connection emits 'error' on the pool; unhandled, it would
  // crash the process. The next query gets a fresh connection (or fails, and is retried).
  pool.on('error', () => undefined);
  return pool;
}

export type PgPool = pg.Pool;

/**
 * DATABASE_URL without Weft's own `pgbouncer` flag (node-postgres would pass nothing on, but
 * the flag is ours, not a connection parameter), and whether it was set.
 */
export function readDatabaseUrl(connectionString: string): { url: string; pgbouncer: boolean } {
  let parsed: URL;
  try {
    parsed = new URL(connectionString);
  } catch {
    return { url: connectionString, pgbouncer: false };
  }
  const flag = parsed.searchParams.get('pgbouncer');
  if (flag === null) return { url: connectionString, pgbouncer: false };
  parsed.searchParams.delete('pgbouncer');
  return { url: parsed.toString(), pgbouncer: flag === 'true' || flag === '1' };
}

/** A pg Client that sends every statement unnamed (no server-side prepared statement). */
class UnnamedStatementsClient extends pg.Client {
  // pg's query() has many overloads; this forwards every one of them unchanged except for
  // a query config's `name`.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const config: unknown = args[0];
    if (isNamedQueryConfig(config)) {
      const { name: _name, ...unnamed } = config;
      args[0] = unnamed;
    }
    return (super.query as (...a: unknown[]) => unknown).apply(this, args);
  }
}

function isNamedQueryConfig(config: unknown): config is { name: string; text: string } {
  if (config === null || typeof config !== 'object') return false;
  const c = config as { name?: unknown; text?: unknown; submit?: unknown };
  // A Submittable (pg.Query, cursors) is an object with behaviour: never copied.
  return typeof c.name === 'string' && typeof c.text === 'string' && typeof c.submit !== 'function';
}
