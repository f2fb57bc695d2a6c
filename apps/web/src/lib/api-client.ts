/**
 * Browser-side calls to our own /api. Errors become `ApiClientError` carrying the
 * server's `{ error: { code, message, details } }`, or a generic message when the
 * answer isn't ours (a proxy's HTML page, a network failure).
 */

export interface ApiErrorDetail {
  path?: string;
  message?: string;
}

export class ApiClientError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly details: ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiClientError';
  }
}

interface ApiRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

export async function apiFetch<T>(path: string, { method = 'GET', body, signal }: ApiRequest = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      signal,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiClientError(0, 'NETWORK_ERROR', 'Could not reach the server. Check your connection and try again.');
  }

  if (res.status === 204) return undefined as T;
  const payload: unknown = await res.json().catch(() => undefined);
  if (res.ok) return payload as T;

  const error = (payload as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)?.error;
  if (error && typeof error.message === 'string') {
    throw new ApiClientError(
      res.status,
      typeof error.code === 'string' ? error.code : 'ERROR',
      error.message,
      Array.isArray(error.details) ? (error.details as ApiErrorDetail[]) : [],
    );
  }
  throw new ApiClientError(res.status, 'HTTP_ERROR', `The server answered ${res.status} ${res.statusText}`.trim());
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
