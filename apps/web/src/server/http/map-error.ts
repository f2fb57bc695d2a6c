import 'server-only';
import type { Logger } from 'pino';
import { errorCode, isDatabaseUnavailable } from '@weft/db';
import { ApiError, type ErrorCode } from './errors';

// What "the database is unreachable" looks like lives with the database code (@weft/db), which
// retries on it too; errorCode is re-exported for the handlers that read unique violations.
export { errorCode, isDatabaseUnavailable } from '@weft/db';

/**
 * The one table of database conditions with a specific answer: Prisma's codes, and Postgres'
 * SQLSTATEs (node-postgres errors carry them as `code`; through Prisma's driver adapter they
 * are `meta.driverAdapterError.cause.originalCode`). The value-range rows are a backstop:
 * contracts bound every input to its column (int4(), the depth limit, U+0000 → U+FFFD), so
 * reaching one means a bound is missing — the request is still the client's to fix (400),
 * and the server logs it so the bound gets added.
 */
const KNOWN: Record<string, { code: ErrorCode; message: string; backstop?: true }> = {
  P2002: { code: 'CONFLICT', message: 'A record with the same unique value already exists' },
  P2025: { code: 'NOT_FOUND', message: 'Not found' },
  P2034: { code: 'CONFLICT', message: 'The request conflicted with a concurrent change; retry it' },
  P2000: {
    code: 'VALIDATION_ERROR',
    message: 'A value in the request is too long for where it is stored',
    backstop: true,
  },
  P2020: {
    code: 'VALIDATION_ERROR',
    message: 'A number in the request is out of range for where it is stored',
    backstop: true,
  },
  P2033: {
    code: 'VALIDATION_ERROR',
    message: 'A number in the request does not fit in a 64-bit integer',
    backstop: true,
  },
  P2007: {
    code: 'VALIDATION_ERROR',
    message: 'A value in the request has the wrong form for where it is stored',
    backstop: true,
  },
  // numeric_value_out_of_range, invalid_text_representation, string_data_right_truncation,
  // datetime_field_overflow, untranslatable_character (U+0000 in jsonb), character_not_in_repertoire
  '22003': {
    code: 'VALIDATION_ERROR',
    message: 'A number in the request is out of range for where it is stored',
    backstop: true,
  },
  '22P02': {
    code: 'VALIDATION_ERROR',
    message: 'A value in the request has the wrong form for where it is stored',
    backstop: true,
  },
  '22001': {
    code: 'VALIDATION_ERROR',
    message: 'A value in the request is too long for where it is stored',
    backstop: true,
  },
  '22008': { code: 'VALIDATION_ERROR', message: 'A date in the request is out of range', backstop: true },
  '22P05': {
    code: 'VALIDATION_ERROR',
    message: 'A text in the request holds a character that cannot be stored (U+0000)',
    backstop: true,
  },
  '22021': { code: 'VALIDATION_ERROR', message: 'A text in the request is not valid UTF-8', backstop: true },
  // statement_too_complex / stack depth limit exceeded: a value nested too deeply for Postgres
  '54001': {
    code: 'VALIDATION_ERROR',
    message: 'A value in the request is nested too deeply to store',
    backstop: true,
  },
};

/** The table's entry for an error: its own code first, then the Postgres code under it (adapter, `cause`). */
function knownCondition(err: unknown, depth = 0): (typeof KNOWN)[string] | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined;
  const own = errorCode(err);
  if (own !== undefined && Object.hasOwn(KNOWN, own)) return KNOWN[own];
  const e = err as { cause?: unknown; meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } } };
  const pg = e.meta?.driverAdapterError?.cause?.originalCode;
  if (typeof pg === 'string' && Object.hasOwn(KNOWN, pg)) return KNOWN[pg];
  return e.cause !== undefined && e.cause !== err ? knownCondition(e.cause, depth + 1) : undefined;
}

/**
 * Turns anything a handler threw into an ApiError. Known database conditions get their
 * status from the table above (unique violation → 409, record missing → 404, a value out of
 * its column's range → 400, database down → 503); anything unexpected is logged with its
 * stack and answered with a bare 500, so internals never reach the client.
 */
export function toApiError(err: unknown, logger: Pick<Logger, 'error' | 'warn'> | undefined, req: Request): ApiError {
  if (err instanceof ApiError) return err;
  const log = { err, method: req.method, path: safePath(req.url) };
  const known = knownCondition(err);
  if (known) {
    if (known.backstop) logger?.warn(log, 'input reached the database out of range: bound it in its contract');
    return new ApiError(known.code, known.message);
  }

  const unavailable = isDatabaseUnavailable(err);
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
