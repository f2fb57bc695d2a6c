import type { ErrorDetail } from '../common';

/** One problem the server named (`body.email`), with whatever else it added (definition problems carry `nodeId`, `edgeId`). */
export type ApiErrorDetail = Partial<ErrorDetail> & Record<string, unknown>;

/**
 * Every way a call can fail, in one class: the server's `{ error: { code, message, details } }`
 * with its status; `NETWORK_ERROR` (status 0) when the server could not be reached; `HTTP_ERROR`
 * when an error answer is not ours (a proxy's HTML page); `RESPONSE_MISMATCH` when a success does
 * not match the operation's schema (server and client drifted apart), naming the field.
 */
export class ApiClientError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: ApiErrorDetail[] = [],
    /** `getWorkflowsById`: the operation that failed. */
    public readonly operation = '',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ApiClientError';
  }
}

/** Field → message from a VALIDATION_ERROR, keyed by the last path segment (`body.email` → `email`). */
export function fieldErrors(err: unknown): Record<string, string> {
  if (!(err instanceof ApiClientError)) return {};
  const out: Record<string, string> = {};
  for (const d of err.details) {
    const field = d.path?.split('.').pop();
    if (field && d.message && !(field in out)) out[field] = d.message;
  }
  return out;
}

export function isUnauthenticated(err: unknown): boolean {
  return err instanceof ApiClientError && err.status === 401;
}
