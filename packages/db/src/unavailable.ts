/**
 * Telling "the database is unreachable right now" apart from every other failure, for
 * Prisma, its driver adapter and node-postgres alike — without importing Prisma's classes.
 */

// Prisma error codes for an unreachable database (https://www.prisma.io/docs/orm/reference/error-reference).
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1003', 'P1008', 'P1017', 'P2024']);
// Socket errors, and Postgres's admin_shutdown (57P01: a restart ends the session) and
// cannot_connect_now (57P03: starting up or shutting down).
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', '57P01', '57P03']);
// node-postgres reports a lost connection with a message and no code.
const CONNECTION_LOST =
  /^(Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)/;

/** The `code` of a Prisma (or pg / Node) error. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

/**
 * Whether an error says the database can't be reached or went away (a restart, a failover):
 * Prisma's own codes, a Postgres or socket code on the error, on the driver adapter error
 * Prisma wraps (P2039 carries the Postgres code only in `meta.driverAdapterError.cause`), or
 * on `cause`, and node-postgres' connection-lost messages. `npm run soak` found a keyed
 * webhook delivery answered 500 while Postgres restarted because only the first was checked.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (typeof err !== 'object' || err === null || depth > 4) return false;
  const code = errorCode(err);
  if (code !== undefined && (UNAVAILABLE_CODES.has(code) || UNAVAILABLE_ERRNOS.has(code))) return true;
  const e = err as {
    message?: unknown;
    cause?: unknown;
    meta?: { driverAdapterError?: { cause?: { code?: unknown; originalCode?: unknown; kind?: unknown } } };
  };
  if (typeof e.message === 'string' && CONNECTION_LOST.test(e.message)) return true;
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter) {
    for (const c of [adapter.code, adapter.originalCode])
      if (typeof c === 'string' && UNAVAILABLE_ERRNOS.has(c)) return true;
    if (
      adapter.kind === 'DatabaseNotReachable' ||
      adapter.kind === 'ConnectionClosed' ||
      adapter.kind === 'SocketTimeout'
    )
      return true;
  }
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * Runs `fn` again while it fails because the database is unreachable, for up to `budgetMs`
 * (backing off 100 ms, 200 ms, … 800 ms), so a request that arrives during a Postgres restart
 * waits for it instead of being refused. Only for work that is safe to repeat: reads, and
 * writes that are idempotent (an INSERT of a row whose id was chosen before the first try,
 * `ON CONFLICT (id) DO NOTHING`; a transaction guarded by a unique key) — a connection lost
 * mid-statement leaves unknown whether it committed, and the retry settles it.
 */
export async function retryWhileUnavailable<T>(fn: () => Promise<T>, budgetMs: number): Promise<T> {
  const deadline = Date.now() + budgetMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      const wait = Math.min(800, 100 * 2 ** attempt);
      if (!isDatabaseUnavailable(err) || Date.now() + wait > deadline) throw err;
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}
