import 'server-only';

/** A JSON response; API responses are per-user, so never cached. */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  const res = Response.json(data, { status, headers });
  res.headers.set('cache-control', 'no-store');
  return res;
}
