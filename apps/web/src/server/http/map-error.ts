import 'server-only';
import type { Logger } from 'pino';
import { ApiError } from './errors';

// Prisma error codes worth a specific answer (https://www.prisma.io/docs/orm/reference/error-reference).
const UNAVAILABLE_CODES = new Set(['P1001', 'P1002', 'P1003', 'P1008', 'P1017', 'P2024']);
const UNAVAILABLE_ERRNOS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P03']);

/** The `code` of a Prisma (or pg / Node) error, without importing Prisma's classes. */
export function errorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  const { code } = err as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

// node-postgres reports a lost connection with a message and no code.
const CONNECTION_LOST = /^(Connection terminated|Client has encountered a connection error and is not queryable|timeout exceeded when trying to connect)/;

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
  const e = err as { message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: { code?: unknown; originalCode?: unknown; kind?: unknown } } } };
  if (typeof e.message === 'string' && CONNECTION_LOST.test(e.message)) return true;
  const adapter = e.meta?.driverAdapterError?.cause;
  if (adapter) {
    for (const c of [adapter.code, adapter.originalCode]) if (typeof c === 'string' && UNAVAILABLE_ERRNOS.has(c)) return true;
    if (adapter.kind === 'DatabaseNotReachable' || adapter.kind === 'ConnectionClosed' || adapter.kind === 'SocketTimeout') return true;
  }
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause, depth + 1);
}

/**
 * Turns anything a handler threw into an ApiError. Known database conditions get their
 * status from the table (unique violation → 409, record missing → 404, database down →
 * 503); anything unexpected is logged with its stack and answered with a bare 500, so
 * internals never reach the client.
 */
export function toApiError(err: unknown, logger: Pick<Logger, 'error'> | undefined, req: Request): ApiError {
  if (err instanceof ApiError) return err;
  const code = errorCode(err);
  if (code === 'P2002') return new ApiError('CONFLICT', 'A record with the same unique value already exists');
  if (code === 'P2025') return new ApiError('NOT_FOUND', 'Not found');
  if (code === 'P2034') return new ApiError('CONFLICT', 'The request conflicted with a concurrent change; retry it');

  const unavailable = isDatabaseUnavailable(err);
  const log = { err, method: req.method, path: safePath(req.url) };
  if (logger) logger.error(log, unavailable ? 'database unavailable' : 'unhandled error in route handler');
  // Before services exist (e.g. invalid config) there is no logger; stderr is all we have.
  else console.error('unhandled error in route handler', err);

  if (unavailable) return new ApiError('SERVICE_UNAVAILABLE', 'The database is unavailable; try again shortly');
  return new ApiError('INTERNAL', 'Internal server error');
}

function safePath(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
