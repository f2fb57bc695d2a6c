import 'server-only';
import { ApiError } from '../http/errors';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH } from '@weft/engine';
import { isJsonContentType, tooDeep } from '../http/read-body';

/**
 * A webhook body parsed strictly by its Content-Type: JSON (400 when it does not parse, or
 * nests deeper than MAX_JSON_DEPTH — before any execution is recorded),
 * URL-encoded forms (repeated keys become arrays), text; anything else stays the raw string —
 * a body never becomes a file or a binary blob in the trigger payload. U+0000 in any of them
 * becomes U+FFFD when the payload enters the execution (startExecution → toJson), after the
 * signature was checked over the raw bytes.
 */
export function parseWebhookBody(raw: string, contentType: string | null): unknown {
  if (raw === '') return null;
  if (isJsonContentType(contentType)) {
    if (jsonNestsDeeperThan(raw, MAX_JSON_DEPTH)) throw tooDeep();
    try {
      return JSON.parse(raw) as unknown;
    } catch (err) {
      throw new ApiError('INVALID_JSON', `Request body is not valid JSON: ${(err as Error).message}`);
    }
  }
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded') return paramsObject(new URLSearchParams(raw));
  return raw;
}

/** Query string as an object (repeated keys become arrays). */
export function queryObject(url: URL): Record<string, string | string[]> {
  return paramsObject(url.searchParams);
}

/**
 * Names are the sender's: `constructor`, `toString` or `__proto__` must be plain keys. They are
 * collected in a Map and turned into an object with fromEntries, which defines own keys
 * (`out[k]` would read Object.prototype, and `out['__proto__'] = v` would set the prototype).
 */
function paramsObject(params: URLSearchParams): Record<string, string | string[]> {
  const byName = new Map<string, string | string[]>();
  for (const [k, v] of params) {
    const prev = byName.get(k);
    byName.set(k, prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v]);
  }
  return Object.fromEntries(byName);
}

// Credentials nobody downstream should see, and our own peer header (SPEC §2).
const CREDENTIAL_HEADERS = ['authorization', 'proxy-authorization', 'cookie', 'x-weft-peer-ip'];

/**
 * Request headers for the trigger payload, minus credentials and the scheme's signature
 * headers (`signatureHeaders`, lower case): whoever may read a run must not learn anything
 * that lets them call the webhook or replay a delivery.
 */
export function payloadHeaders(headers: Headers, signatureHeaders: readonly string[]): Record<string, string> {
  const hidden = new Set([...CREDENTIAL_HEADERS, ...signatureHeaders]);
  // Headers joins repeated names itself; fromEntries keeps a `__proto__` header an own key.
  return Object.fromEntries([...headers].filter(([k]) => !hidden.has(k)));
}
