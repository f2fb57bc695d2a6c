import 'server-only';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SignatureScheme } from '@weft/contracts';
import { randomToken } from '../auth/tokens';
import { SIGNATURE_HEADER, SIGNATURE_TOLERANCE_SECONDS, verifySignature } from './signature';

/**
 * How a webhook's requests are signed (SPEC §5 `signatureScheme`, docs/webhooks.md): Weft's own
 * scheme, or what a provider sends. Every check runs over the raw body bytes, compares in
 * constant time, and accepts any of `secrets` (the current one and, during a rotation, the
 * previous one). A scheme with a timestamp refuses requests more than 300 s from the server's
 * clock; every scheme names the provider's delivery id, which deduplicates like an
 * Idempotency-Key — for GitHub and Shopify, which sign no timestamp, that is also what makes a
 * replayed request start nothing.
 */
export { SIGNATURE_SCHEMES, type SignatureScheme } from '@weft/contracts';

export interface VerifyInput {
  secrets: string[];
  token: string;
  rawBody: Uint8Array;
  headers: Headers;
  nowSeconds: number;
}

export type SchemeCheck = { ok: true; deliveryId: string | null } | { ok: false; reason: string };

export interface SchemeInfo {
  /** Who makes the secret: Weft (generated, shown once), the provider (pasted), or either. */
  secret: 'weft' | 'provider' | 'either';
  /** The header the sender sets, as the webhook panel shows it. */
  signatureHeader: string;
  /** What the header holds. */
  format: string;
  /** Where the delivery id comes from (dedupes redeliveries). */
  deliveryId: string;
  /**
   * Headers that carry the signature (lower case). They are dropped from the trigger payload
   * (SPEC §2): a stored signature is a replayable credential for whoever can read the run.
   */
  signatureHeaders: readonly string[];
  /**
   * Whether the signature covers a timestamp (checked to ±300 s). Without one, a captured
   * delivery verifies forever: its body's digest is kept as an idempotency key for the window,
   * so replaying it — with the delivery id stripped or changed — starts nothing.
   */
  signsTimestamp: boolean;
}

export const SCHEME_INFO: Record<SignatureScheme, SchemeInfo> = {
  weft: {
    secret: 'either',
    signatureHeader: 'X-Weft-Signature',
    format: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<token>.<body>")>',
    deliveryId: 'Idempotency-Key header',
    signatureHeaders: ['x-weft-signature'],
    signsTimestamp: true,
  },
  github: {
    secret: 'either',
    signatureHeader: 'X-Hub-Signature-256',
    format: 'sha256=<hex HMAC-SHA256(secret, body)>',
    deliveryId: 'X-GitHub-Delivery header (required)',
    signatureHeaders: ['x-hub-signature-256', 'x-hub-signature'],
    signsTimestamp: false,
  },
  stripe: {
    secret: 'provider',
    signatureHeader: 'Stripe-Signature',
    format: 't=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>',
    deliveryId: 'the event id ("id") in the body',
    signatureHeaders: ['stripe-signature'],
    signsTimestamp: true,
  },
  slack: {
    secret: 'provider',
    signatureHeader: 'X-Slack-Signature',
    format: 'v0=<hex HMAC-SHA256(secret, "v0:<X-Slack-Request-Timestamp>:<body>")>',
    deliveryId: '"event_id" in the body (Events API)',
    signatureHeaders: ['x-slack-signature'],
    signsTimestamp: true,
  },
  shopify: {
    secret: 'provider',
    signatureHeader: 'X-Shopify-Hmac-Sha256',
    format: '<base64 HMAC-SHA256(secret, body)>',
    deliveryId: 'X-Shopify-Webhook-Id header (required)',
    signatureHeaders: ['x-shopify-hmac-sha256'],
    signsTimestamp: false,
  },
  standard: {
    secret: 'either',
    signatureHeader: 'webhook-signature',
    format:
      'v1,<base64 HMAC-SHA256(base64-decoded secret, "<webhook-id>.<webhook-timestamp>.<body>")> (space-separated list)',
    deliveryId: 'webhook-id header',
    signatureHeaders: ['webhook-signature'],
    signsTimestamp: true,
  },
};

const STANDARD_PREFIX = 'whsec_';

/** A new secret for schemes where Weft may make it; null where only the provider can. */
export function generateSecret(scheme: SignatureScheme): string | null {
  if (scheme === 'standard') return `${STANDARD_PREFIX}${randomBytes(32).toString('base64')}`;
  if (SCHEME_INFO[scheme].secret === 'provider') return null;
  return randomToken();
}

const WHERE: Record<SignatureScheme, string> = {
  weft: '',
  github: '',
  stripe: "paste the endpoint's signing secret (whsec_…) from the Stripe dashboard",
  slack: "paste the app's Signing Secret from Basic Information in the Slack app settings",
  shopify: "paste the app's client secret (or the secret shown under Settings → Notifications → Webhooks)",
  standard: '',
};

/** null when `secret` is acceptable for `scheme`; otherwise what is wrong. `undefined`: not given. */
export function checkSecret(scheme: SignatureScheme, secret: string | undefined): string | null {
  if (secret === undefined)
    return SCHEME_INFO[scheme].secret === 'provider' ? `is required for the ${scheme} scheme: ${WHERE[scheme]}` : null;
  if (secret !== secret.trim()) return 'must not start or end with spaces';
  if (secret.length > 1024) return 'must be at most 1024 characters';
  if (scheme === 'standard') {
    if (!secret.startsWith(STANDARD_PREFIX))
      return 'must start with whsec_ followed by the base64 key (Standard Webhooks)';
    const key = secret.slice(STANDARD_PREFIX.length);
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key) || key.length % 4 !== 0) return 'must be whsec_ followed by base64';
    const bytes = Buffer.from(key, 'base64').length;
    if (bytes < 24 || bytes > 64) return `must decode to 24-64 bytes (got ${bytes})`;
    return null;
  }
  if (scheme === 'stripe' && !/^whsec_[A-Za-z0-9]{16,}$/.test(secret))
    return "must be the endpoint's signing secret: whsec_ followed by letters and digits";
  if (scheme === 'slack' && !/^[0-9a-f]{32}$/i.test(secret))
    return 'must be the 32-character hex Signing Secret of the Slack app';
  if (secret.length < 16) return 'must be at least 16 characters';
  return null;
}

function hmac(key: string | Buffer, ...parts: Array<string | Uint8Array>): Buffer {
  const h = createHmac('sha256', key);
  for (const p of parts) h.update(p);
  return h.digest();
}

/** Constant-time: whether any candidate equals the expected MAC of any secret. */
function anyMatches(candidates: Buffer[], expected: Buffer[]): boolean {
  let ok = false;
  for (const e of expected) for (const c of candidates) if (c.length === e.length && timingSafeEqual(c, e)) ok = true;
  return ok;
}

function stale(t: number, now: number): boolean {
  return Math.abs(now - t) > SIGNATURE_TOLERANCE_SECONDS;
}

const STALE = `timestamp is more than ${SIGNATURE_TOLERANCE_SECONDS} s away from the server's clock`;

function jsonField(raw: Uint8Array, field: string): string | null {
  try {
    const v = (JSON.parse(new TextDecoder().decode(raw)) as Record<string, unknown> | null)?.[field];
    return typeof v === 'string' && v.length > 0 && v.length <= 200 ? v : null;
  } catch {
    return null;
  }
}

function headerId(headers: Headers, name: string): string | null {
  const v = headers.get(name)?.trim();
  return v && v.length <= 200 ? v : null;
}

const VERIFY: Record<SignatureScheme, (i: VerifyInput) => SchemeCheck> = {
  weft(i) {
    const check = verifySignature(i.headers.get(SIGNATURE_HEADER), {
      secrets: i.secrets,
      token: i.token,
      rawBody: i.rawBody,
      nowSeconds: i.nowSeconds,
    });
    return check.ok ? { ok: true, deliveryId: null } : check;
  },

  github(i) {
    const header = i.headers.get('x-hub-signature-256');
    if (!header) return { ok: false, reason: 'missing X-Hub-Signature-256 header' };
    const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
    if (!m) return { ok: false, reason: 'malformed X-Hub-Signature-256 header (expected sha256=<hex>)' };
    // GitHub signs no timestamp: its delivery id is what tells a redelivery from a new event,
    // so a request without one (a replay with the header stripped) is refused.
    const deliveryId = headerId(i.headers, 'x-github-delivery');
    if (!deliveryId)
      return { ok: false, reason: 'missing X-GitHub-Delivery header (GitHub sends it with every delivery)' };
    if (
      !anyMatches(
        [Buffer.from(m[1]!, 'hex')],
        i.secrets.map((s) => hmac(s, i.rawBody)),
      )
    )
      return { ok: false, reason: 'signature does not match' };
    return { ok: true, deliveryId };
  },

  stripe(i) {
    const header = i.headers.get('stripe-signature');
    if (!header) return { ok: false, reason: 'missing Stripe-Signature header' };
    let t: number | null = null;
    const v1: Buffer[] = [];
    for (const part of header.split(',')) {
      const [k, v] = part.split('=', 2).map((s) => s?.trim());
      if (k === 't' && v && /^\d{1,12}$/.test(v)) t = Number(v);
      if (k === 'v1' && v && /^[0-9a-f]{64}$/i.test(v)) v1.push(Buffer.from(v, 'hex'));
    }
    if (t === null || v1.length === 0)
      return { ok: false, reason: 'malformed Stripe-Signature header (expected t=<unix seconds>,v1=<hex>)' };
    if (stale(t, i.nowSeconds)) return { ok: false, reason: `Stripe-Signature ${STALE}` };
    if (
      !anyMatches(
        v1,
        i.secrets.map((s) => hmac(s, `${t}.`, i.rawBody)),
      )
    )
      return { ok: false, reason: 'signature does not match' };
    return { ok: true, deliveryId: jsonField(i.rawBody, 'id') };
  },

  slack(i) {
    const header = i.headers.get('x-slack-signature');
    const ts = i.headers.get('x-slack-request-timestamp')?.trim();
    if (!header) return { ok: false, reason: 'missing X-Slack-Signature header' };
    if (!ts) return { ok: false, reason: 'missing X-Slack-Request-Timestamp header' };
    if (!/^\d{1,12}$/.test(ts))
      return { ok: false, reason: 'malformed X-Slack-Request-Timestamp header (expected unix seconds)' };
    const m = /^v0=([0-9a-f]{64})$/i.exec(header.trim());
    if (!m) return { ok: false, reason: 'malformed X-Slack-Signature header (expected v0=<hex>)' };
    if (stale(Number(ts), i.nowSeconds)) return { ok: false, reason: `X-Slack-Request-Timestamp ${STALE}` };
    if (
      !anyMatches(
        [Buffer.from(m[1]!, 'hex')],
        i.secrets.map((s) => hmac(s, `v0:${ts}:`, i.rawBody)),
      )
    )
      return { ok: false, reason: 'signature does not match' };
    return { ok: true, deliveryId: jsonField(i.rawBody, 'event_id') };
  },

  shopify(i) {
    const header = i.headers.get('x-shopify-hmac-sha256')?.trim();
    if (!header) return { ok: false, reason: 'missing X-Shopify-Hmac-Sha256 header' };
    if (!/^[A-Za-z0-9+/]{43}=$/.test(header))
      return { ok: false, reason: 'malformed X-Shopify-Hmac-Sha256 header (expected the base64 SHA-256 HMAC)' };
    // Shopify signs no timestamp either: X-Shopify-Webhook-Id is required, as for GitHub.
    const deliveryId = headerId(i.headers, 'x-shopify-webhook-id');
    if (!deliveryId)
      return { ok: false, reason: 'missing X-Shopify-Webhook-Id header (Shopify sends it with every delivery)' };
    if (
      !anyMatches(
        [Buffer.from(header, 'base64')],
        i.secrets.map((s) => hmac(s, i.rawBody)),
      )
    )
      return { ok: false, reason: 'signature does not match' };
    return { ok: true, deliveryId };
  },

  standard(i) {
    const id = i.headers.get('webhook-id')?.trim();
    const ts = i.headers.get('webhook-timestamp')?.trim();
    const header = i.headers.get('webhook-signature');
    if (!id) return { ok: false, reason: 'missing webhook-id header' };
    if (!ts) return { ok: false, reason: 'missing webhook-timestamp header' };
    if (!header) return { ok: false, reason: 'missing webhook-signature header' };
    if (!/^\d{1,12}$/.test(ts))
      return { ok: false, reason: 'malformed webhook-timestamp header (expected unix seconds)' };
    if (stale(Number(ts), i.nowSeconds)) return { ok: false, reason: `webhook-timestamp ${STALE}` };
    const candidates = header
      .split(' ')
      .map((s) => s.trim())
      .filter((s) => s.startsWith('v1,'))
      .map((s) => Buffer.from(s.slice(3), 'base64'));
    if (candidates.length === 0)
      return { ok: false, reason: 'malformed webhook-signature header (expected v1,<base64>)' };
    const keys = i.secrets.map((s) =>
      Buffer.from(s.startsWith(STANDARD_PREFIX) ? s.slice(STANDARD_PREFIX.length) : s, 'base64'),
    );
    if (
      !anyMatches(
        candidates,
        keys.map((k) => hmac(k, `${id}.${ts}.`, i.rawBody)),
      )
    )
      return { ok: false, reason: 'signature does not match' };
    return { ok: true, deliveryId: id.length <= 200 ? id : null };
  },
};

export function verifyScheme(scheme: SignatureScheme, input: VerifyInput): SchemeCheck {
  return VERIFY[scheme](input);
}

/**
 * The idempotency keys of a verified delivery: the provider's delivery id (or else the sender's
 * Idempotency-Key), and for schemes that sign no timestamp the SHA-256 of the signed body — a
 * replay of a captured delivery under a fresh or missing delivery id is then still a duplicate.
 * Cost: two deliveries with byte-identical bodies within the window start one run (GitHub and
 * Shopify bodies carry the event's own ids and times, so distinct events differ).
 */
export function deliveryKeys(
  scheme: SignatureScheme,
  verified: { deliveryId: string | null; rawBody: Uint8Array } | null,
  idempotencyKey: string | null,
): string[] {
  const keys: string[] = [];
  const id = verified?.deliveryId ? `${scheme}:${verified.deliveryId}` : idempotencyKey;
  if (id) keys.push(id);
  if (verified && !SCHEME_INFO[scheme].signsTimestamp)
    keys.push(`${scheme}:sha256:${createHash('sha256').update(verified.rawBody).digest('hex')}`);
  return keys;
}

/** Slack's Events API handshake: `{ "type": "url_verification", "challenge" }` is answered with the challenge, and starts no run. */
export function slackChallenge(rawBody: Uint8Array): string | null {
  try {
    const body = JSON.parse(new TextDecoder().decode(rawBody)) as { type?: unknown; challenge?: unknown } | null;
    return body?.type === 'url_verification' && typeof body.challenge === 'string' && body.challenge.length <= 1024
      ? body.challenge
      : null;
  } catch {
    return null;
  }
}
