import 'server-only';
import { ERROR_STATUS, type ErrorBody, type ErrorCode } from '@weft/contracts';

/**
 * The one table from error code to HTTP status (STYLE.md: route handlers never pick
 * statuses ad hoc) is part of the API's contract: add a code in @weft/contracts
 * (common.ts), and nowhere else, to give it a status. The OpenAPI document reads it too.
 */
export { ERROR_STATUS };
export type { ErrorBody, ErrorCode };

/** One problem with a request, naming where it is (`body.name`, `query.limit`). */
export interface ErrorDetail {
  path: string;
  message: string;
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
  // Every thrower passes `{ path, message, … }` items (ErrorDetail).
  if (err.details && err.details.length > 0)
    body.error.details = err.details as NonNullable<ErrorBody['error']['details']>;
  return Response.json(body, {
    status: err.status,
    headers: { 'cache-control': 'no-store', ...err.headers },
  });
}
