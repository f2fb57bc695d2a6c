import 'server-only';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { getServices, type Services } from '../composition';
import { findWebhookForDelivery, retryWhileUnavailable } from '@weft/db';
import { DATABASE_RETRY_MS, startRun, versionOf } from '../executions/start';
import { ApiError } from '../http/errors';
import { json } from '../http/json';
import { clientIp } from '../http/client-ip';
import { isJsonContentType, readBodyBytes } from '../http/read-body';
import { DuplicateDelivery, deliveryCreator } from './delivery-creator';
import { isAllowed } from '@weft/config';
import { payloadHeaders, parseWebhookBody, queryObject } from './request-body';
import { deliveryKeys, SCHEME_INFO, slackChallenge, verifyScheme } from './schemes';
import { waitForSyncResponse } from './sync-response';

/**
 * Counts one answered delivery by status. A bad environment (no services) is not counted:
 * that request was already answered 500 by defineRoute.
 */
export function countWebhookRequest(status: number): void {
  try {
    getServices().metrics.webhookRequest(status);
  } catch {
    // no services: nothing to count into
  }
}

/**
 * `ANY /api/hooks/:token` (SPEC §5). Checks, in order: token → enabled → size (413) → IP
 * (403) → signature (401) → rate limit (429) → idempotency → start the active version.
 * Every accepted request has exactly one execution, durable in Postgres before the 202; a 503
 * (Postgres unreachable) means nothing was recorded, so the sender's retry is the only run.
 * Redis down refuses nothing: the rate limit counts in memory meanwhile and the wake-up is
 * retried until Redis takes it (docs/security.md "A 503 means nothing started").
 */
export async function receiveWebhook(services: Services, req: Request, token: string): Promise<Response> {
  const { config, secrets: box } = services;
  // A Postgres restart is waited out (DATABASE_RETRY_MS) rather than refused.
  const webhook = await retryWhileUnavailable(() => findWebhookForDelivery(services.pool, token), DATABASE_RETRY_MS);
  if (!webhook || !webhook.enabled) throw new ApiError('NOT_FOUND', 'Unknown or disabled webhook');
  if (webhook.activeVersion === null)
    throw new ApiError('NOT_FOUND', 'The workflow has no active version; activate one to receive webhooks');

  const raw = await readBodyBytes(req, config.limits.maxPayloadBytes);

  if (!isAllowed(clientIp(req, config.trustProxyHops), webhook.ipAllowlist)) {
    throw new ApiError('FORBIDDEN', 'This address may not call this webhook');
  }

  // The provider's delivery id (X-GitHub-Delivery, webhook-id, Stripe's event id…) deduplicates
  // like an Idempotency-Key: a redelivery — or a replay of a scheme without a timestamp — starts nothing.
  let verified: { deliveryId: string | null; rawBody: Uint8Array } | null = null;
  if (webhook.requireSignature) {
    const secrets = [box.open(webhook.secretEncrypted)];
    if (
      webhook.previousSecretEncrypted &&
      webhook.previousSecretExpiresAt &&
      webhook.previousSecretExpiresAt > new Date()
    ) {
      secrets.push(box.open(webhook.previousSecretEncrypted));
    }
    const check = verifyScheme(webhook.signatureScheme, {
      secrets,
      token,
      rawBody: raw,
      headers: req.headers,
      nowSeconds: Math.floor(Date.now() / 1000),
    });
    if (!check.ok) throw new ApiError('UNAUTHENTICATED', `Invalid webhook signature: ${check.reason}`);
    verified = { deliveryId: check.deliveryId, rawBody: raw };
  }

  // Slack checks a new Events API URL with a signed challenge, answered with it; no run starts.
  if (webhook.signatureScheme === 'slack') {
    const challenge = slackChallenge(raw);
    if (challenge !== null) return json({ challenge }, 200);
  }

  try {
    await services
      .rateLimiter(`hook:${webhook.id}`, webhook.rateLimitMax, webhook.rateLimitWindowSec, { whenRedisDown: 'local' })
      .consume(webhook.id);
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new ApiError(
        'RATE_LIMITED',
        `Rate limit of ${webhook.rateLimitMax} requests per ${webhook.rateLimitWindowSec} s reached`,
        undefined,
        { 'retry-after': String(retryAfter) },
      );
    }
    throw new ApiError('SERVICE_UNAVAILABLE', 'Rate limiting is unavailable (Redis); try again shortly');
  }

  // SPEC §2: never the token or its URL (a view-only reader of the run could call it), nor
  // credentials or the signature.
  const triggerData = {
    method: req.method,
    webhookId: webhook.id,
    headers: payloadHeaders(req.headers, SCHEME_INFO[webhook.signatureScheme].signatureHeaders),
    query: queryObject(new URL(req.url)),
    body: parseWebhookBody(decodeBody(raw, req.headers.get('content-type')), req.headers.get('content-type')) as never,
  };
  const version = await versionOf(services.store, webhook.workflowId, webhook.activeVersion);
  const idempotencyKey = req.headers.get('idempotency-key')?.trim() || null;
  if (idempotencyKey && idempotencyKey.length > 255)
    throw new ApiError('VALIDATION_ERROR', 'Idempotency-Key must be at most 255 characters', [
      { path: 'headers.idempotency-key', message: 'must be at most 255 characters' },
    ]);
  const keys = deliveryKeys(webhook.signatureScheme, verified, idempotencyKey);

  let executionId: string;
  try {
    ({ executionId } = await startRun(
      {
        executions: deliveryCreator(services.pool, webhook.id, keys),
        wakes: services.wakes,
        retrier: services.wakeRetrier,
      },
      { workflowId: webhook.workflowId, version, trigger: 'webhook', triggerData },
    ));
  } catch (err) {
    if (err instanceof DuplicateDelivery) return json({ executionId: err.executionId, duplicate: true }, 202);
    throw err;
  }

  if (webhook.responseMode === 'sync') {
    const res = await waitForSyncResponse(services, executionId, webhook.syncTimeoutMs);
    if (res) return res;
  }
  return json({ executionId }, 202);
}

/**
 * The body as text for the trigger payload, after the signature was checked over its bytes.
 * A JSON body must be UTF-8 (RFC 8259), else 400; any other body is decoded leniently
 * (invalid sequences become U+FFFD) so a latin-1 form still arrives. A BOM is dropped.
 */
function decodeBody(raw: Uint8Array, contentType: string | null): string {
  if (!isJsonContentType(contentType)) return new TextDecoder('utf-8').decode(raw);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new ApiError('INVALID_JSON', 'Request body is not valid UTF-8 (JSON must be UTF-8)', [
      { path: 'body', message: 'is not valid UTF-8' },
    ]);
  }
}
