import 'server-only';
import { jsonNestsDeeperThan, MAX_JSON_DEPTH, readBytesAtMost } from '@weft/engine';
import { ApiError } from './errors';

/**
 * Reads a request body's bytes, refusing more than `maxBytes` without buffering it:
 * a declared `Content-Length` over the cap fails at once, and a chunked body fails as
 * soon as the running total passes it.
 */
export async function readBodyBytes(req: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = req.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (!req.body) return new Uint8Array(0);
  return readBytesAtMost(req.body.getReader(), maxBytes, () => tooLarge(maxBytes));
}

/** A request body as UTF-8 text (size-capped like readBodyBytes); 400 when it is not UTF-8. */
export async function readBodyText(req: Request, maxBytes: number): Promise<string> {
  const bytes = await readBodyBytes(req, maxBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('INVALID_JSON', 'Request body is not valid UTF-8');
  }
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError('PAYLOAD_TOO_LARGE', `Request body is larger than the limit of ${maxBytes} bytes`);
}

/** True for `application/json` and `application/*+json`, with or without parameters. */
export function isJsonContentType(contentType: string | null): boolean {
  if (!contentType) return false;
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  return mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
}

// How deeply a JSON body may nest is the engine's MAX_JSON_DEPTH (the same bound holds for
// `http` responses); checked on the text before parsing, for every API body (readJsonBody) and
// webhook delivery (parseWebhookBody).

/** The 400 for a body nested deeper than MAX_JSON_DEPTH, naming the limit. */
export function tooDeep(): ApiError {
  const message = `is nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects (the limit)`;
  return new ApiError('VALIDATION_ERROR', `Request body ${message}`, [{ path: 'body', message }]);
}

/**
 * The JSON body of a request, or `{}` when it has none (so routes whose fields are all
 * optional accept a bare POST; required fields are then reported by validation).
 * A non-empty body must be declared JSON: besides being clear, this keeps cross-site
 * HTML forms (which can't send application/json without a CORS preflight) out.
 */
export async function readJsonBody(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readBodyText(req, maxBytes);
  if (text.trim() === '') return {};
  if (!isJsonContentType(req.headers.get('content-type'))) {
    throw new ApiError('UNSUPPORTED_MEDIA_TYPE', 'Request body must be JSON, sent with Content-Type: application/json');
  }
  if (jsonNestsDeeperThan(text, MAX_JSON_DEPTH)) throw tooDeep();
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    const reason = err instanceof SyntaxError ? err.message : 'could not be parsed';
    throw new ApiError('INVALID_JSON', `Request body is not valid JSON: ${reason}`);
  }
}
