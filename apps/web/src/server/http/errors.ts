import 'server-only';

/**
 * The one table from error code to HTTP status (STYLE.md: route handlers never pick
 * statuses ad hoc). Add a code here, and nowhere else, to give it a status.
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

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with a request, naming where it is (`body.name`, `query.limit`). */
export interface ErrorDetail {
  path: string;
  message: string;
}

/** The wire shape of every error response (SPEC §7). */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown[] };
}

/** An error meant for the client: its code picks the status, its message is shown. */
export class ApiError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details?: unknown[],
    /** Extra response headers, e.g. `Retry-After` with RATE_LIMITED. */
    public readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export function errorResponse(err: ApiError): Response {
  const body: ErrorBody = { error: { code: err.code, message: err.message } };
  if (err.details && err.details.length > 0) body.error.details = err.details;
  return Response.json(body, {
    status: err.status,
    headers: { 'cache-control': 'no-store', ...err.headers },
  });
}
