import 'server-only';
import type { Logger } from 'pino';
import { errorCode, isDatabaseUnavailable } from '@weft/db';
import { ApiError } from './errors';

// What "the database is unreachable" looks like lives with the database code (@weft/db), which
// retries on it too; errorCode is re-exported for the handlers that read unique violations.
export { errorCode, isDatabaseUnavailable } from '@weft/db';

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
