/** Reads the optional parts of a serialized engine error for display. */
import type { ExecutionError } from './types';

export interface HttpErrorDetails {
  status: number | null;
  headers: Record<string, unknown> | null;
  body: unknown;
}

/** HTTP failures carry `details: { status, headers, body }`; anything else has none. */
export function httpDetailsOf(error: ExecutionError | null | undefined): HttpErrorDetails | null {
  const d = error?.details;
  if (!d || typeof d !== 'object') return null;
  if (!('status' in d) && !('headers' in d) && !('body' in d)) return null;
  return {
    status: typeof d.status === 'number' ? d.status : null,
    headers:
      d.headers && typeof d.headers === 'object' && !Array.isArray(d.headers)
        ? (d.headers as Record<string, unknown>)
        : null,
    body: 'body' in d ? d.body : undefined,
  };
}

/** Details other than the HTTP ones, shown as JSON when present. */
export function otherDetailsOf(error: ExecutionError | null | undefined): Record<string, unknown> | null {
  const d = error?.details;
  if (!d || typeof d !== 'object') return null;
  const rest = Object.fromEntries(Object.entries(d).filter(([k]) => k !== 'status' && k !== 'headers' && k !== 'body'));
  return Object.keys(rest).length > 0 ? rest : null;
}
