import 'server-only';
import { ApiError } from '../http/errors';
import { isJsonContentType } from '../http/read-body';

/**
 * A webhook body parsed strictly by its Content-Type: JSON (400 when it does not parse),
 * URL-encoded forms (repeated keys become arrays), text; anything else stays the raw string —
 * a body never becomes a file or a binary blob in the trigger payload.
 */
export function parseWebhookBody(raw: string, contentType: string | null): unknown {
  if (raw === '') return null;
  if (isJsonContentType(contentType)) {
    try {
      return JSON.parse(raw) as unknown;
    } catch (err) {
      throw new ApiError('INVALID_JSON', `Request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(raw)) {
      const prev = out[k];
      out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
    return out;
  }
  return raw;
}

/** Query string as an object (repeated keys become arrays). */
export function queryObject(url: URL): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of url.searchParams) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}

/** Request headers for the trigger payload, minus credentials nobody downstream should see. */
export function payloadHeaders(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((v, k) => {
    if (k !== 'authorization' && k !== 'cookie' && k !== 'x-weft-peer-ip') out[k] = v;
  });
  return out;
}
