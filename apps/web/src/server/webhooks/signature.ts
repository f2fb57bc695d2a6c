import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * `X-Weft-Signature: t=<unix seconds>,v1=<hex>` where
 * v1 = HMAC_SHA256(secret, "<t>.<token>.<raw body>") (SPEC §5). Several v1 values may be
 * sent (a sender mid-rotation); one valid one is enough. Signing the timestamp and token
 * makes a captured request useless after the tolerance and on any other webhook. The HMAC
 * covers the body's bytes as received — not decoded text, which would drop a BOM and
 * mangle non-UTF-8 bodies so that a correct signature failed.
 */
export const SIGNATURE_HEADER = 'x-weft-signature';
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** The hex HMAC over `<t>.<token>.` and then the body exactly as sent (bytes, or UTF-8 of a string). */
export function signPayload(secret: string, timestamp: number, token: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.${token}.`).update(rawBody).digest('hex');
}

export function parseSignatureHeader(header: string): { t: number; v1: string[] } | null {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't') {
      if (!/^\d{1,12}$/.test(value)) return null;
      t = Number(value);
    } else if (key === 'v1') {
      if (!/^[0-9a-f]{64}$/i.test(value)) return null;
      v1.push(value.toLowerCase());
    }
  }
  return t === undefined || v1.length === 0 ? null : { t, v1 };
}

export function verifySignature(
  header: string | null,
  input: { secrets: string[]; token: string; rawBody: string | Uint8Array; nowSeconds: number },
): SignatureCheck {
  if (!header) return { ok: false, reason: `missing ${SIGNATURE_HEADER} header` };
  const parsed = parseSignatureHeader(header);
  if (!parsed)
    return { ok: false, reason: `malformed ${SIGNATURE_HEADER} header (expected t=<unix seconds>,v1=<hex sha256>)` };
  if (Math.abs(input.nowSeconds - parsed.t) > SIGNATURE_TOLERANCE_SECONDS) {
    return {
      ok: false,
      reason: `signature timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s away from the server's clock`,
    };
  }
  for (const secret of input.secrets) {
    const expected = Buffer.from(signPayload(secret, parsed.t, input.token, input.rawBody), 'hex');
    // Constant-time: the comparison takes as long whatever the first wrong byte is.
    if (parsed.v1.some((candidate) => timingSafeEqual(Buffer.from(candidate, 'hex'), expected))) return { ok: true };
  }
  return { ok: false, reason: 'signature does not match' };
}
