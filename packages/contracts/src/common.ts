import { z } from 'zod';

/**
 * Field schemas shared by request bodies, so "a valid email" or "a name" means the same on
 * every route, and the shapes every resource shares: errors, list envelopes, page queries.
 * Messages complete a sentence that starts with the field's path (`body.email must be …`).
 */

/** A string field whose messages say "is required" when absent and "must be a string" otherwise. */
export function text() {
  return z.string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') });
}

/** Trimmed and lower-cased, so `Ann@Example.com ` and `ann@example.com` are one account. */
export const Email = text()
  .trim()
  .toLowerCase()
  .max(320, { message: 'must be at most 320 characters' })
  .pipe(z.email({ message: 'must be a valid email address' }));

// The upper bound only stops multi-megabyte "passwords" from being hashed.
export const Password = text()
  .min(8, { message: 'must be at least 8 characters' })
  .max(1024, { message: 'must be at most 1024 characters' });

export const DisplayName = text()
  .trim()
  .min(1, { message: 'must not be empty' })
  .max(200, { message: 'must be at most 200 characters' });

export const Uuid = z.uuid({ message: 'must be a UUID' });

/** Path param for a row id (UUIDv7). */
export const IdParams = z.object({ id: Uuid });

/** A timestamp as responses carry it (`Date.toISOString()`, UTC). */
export const Timestamp = z.iso.datetime({ offset: true });

/** A timestamp in a request: ISO 8601 with a zone, parsed to a Date. */
export function dateTimeInput(example: string) {
  return z.iso
    .datetime({ offset: true, message: `must be an ISO 8601 date-time, e.g. ${example}` })
    .transform((s) => new Date(s));
}

/** The largest value of a Postgres `integer` (int4) column. */
export const INT4_MAX = 2_147_483_647;
export const INT4_MIN = -2_147_483_648;

/**
 * A whole number an input field accepts, within [min, max] — never past what its Postgres
 * `integer` column holds (a bigger one made the query fail with a 500). `coerce` for path and
 * query parameters, which arrive as text. Messages complete `<field> must be …`.
 */
export function int4({
  min = INT4_MIN,
  max = INT4_MAX,
  coerce = false,
}: {
  min?: number;
  max?: number;
  coerce?: boolean;
} = {}) {
  if (min < INT4_MIN || max > INT4_MAX) throw new Error(`int4 bounds must lie within ${INT4_MIN}..${INT4_MAX}`);
  const number = coerce ? z.coerce.number({ message: 'must be a number' }) : z.number({ message: 'must be a number' });
  return number
    .int({ message: 'must be a whole number' })
    .min(min, { message: `must be >= ${min}` })
    .max(max, { message: `must be <= ${max}` });
}

/** Any JSON value (payloads, outputs, definitions' parameters). */
export const AnyJson = z.unknown().meta({ description: 'Any JSON value.' });

/** `?limit=&cursor=` for every list endpoint (SPEC §7: default 50, max 500). */
export const PageQuery = z.object({
  limit: int4({ min: 1, max: 500, coerce: true })
    .default(50)
    .meta({ description: 'Items per page (default 50, at most 500).' }),
  cursor: z
    .uuid({ message: 'must be a cursor returned by a previous page' })
    .optional()
    .meta({ description: 'The `nextCursor` of the previous page.' }),
});
export type PageQuery = z.infer<typeof PageQuery>;

/** The list envelope of SPEC §7: `{ items, nextCursor }` (null on the last page). */
export function Page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A list that is never paged (a workflow's webhooks, schedules, grants; node types). */
export function FullList<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.null() });
}

/**
 * Every error code and the HTTP status it is answered with (SPEC §7). The server's one table
 * from code to status (server/http/errors.ts) is checked against this list at compile time.
 */
export const ERROR_STATUS = {
  VALIDATION_ERROR: 400,
  INVALID_JSON: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export const ErrorCode = z
  .enum(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS, ...(keyof typeof ERROR_STATUS)[]])
  .meta({ id: 'ErrorCode' });
export type ErrorCode = z.infer<typeof ErrorCode>;

/**
 * One problem with a request, naming where it is (`body.name`, `query.limit`); definition problems add `nodeId`,
 * `edgeId`, `code`, `severity`.
 */
export const ErrorDetail = z.looseObject({ path: z.string(), message: z.string() }).meta({ id: 'ErrorDetail' });
export type ErrorDetail = z.infer<typeof ErrorDetail>;

/** The wire shape of every error response (SPEC §7). */
export const ErrorBody = z
  .object({
    error: z.object({
      code: ErrorCode,
      message: z.string(),
      details: z.array(ErrorDetail).optional(),
    }),
  })
  .meta({ id: 'Error' });
export type ErrorBody = z.infer<typeof ErrorBody>;
