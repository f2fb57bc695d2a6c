import 'server-only';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { getServices, type Services } from '../composition';
import { findWebhookForDelivery } from '@weft/db';
import { startRun, versionOf } from '../executions/start';
import { ApiError } from '../http/errors';
import { json } from '../http/json';
import { clientIp } from '../http/client-ip';
import { isJsonContentType, readBodyBytes } from '../http/read-body';
import { DuplicateDelivery, deliveryCreator } from './delivery-creator';
import { isAllowed } from '@weft/config';
import { payloadHeaders, parseWebhookBody, queryObject } from './request-body';
import { decryptSecret } from './secret-box';
import { slackChallenge, verifyScheme } from './schemes';
import { waitForSyncResponse } from './sync-response';

/**
 * `ANY /api/hooks/:token` (SPEC §5). Checks, in order: token → enabled → size (413) → IP
 * (403) → signature (401) → rate limit (429) → idempotency → start the active version.
 * Every accepted request has exactly one execution; Postgres or Redis down → 503.
 */
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

export async function receiveWebhook(services: Services, req: Request, token: string): Promise<Response> {
  const { prisma, config } = services;
  const webhook = await findWebhookForDelivery(services.pool, token);
  if (!webhook || !webhook.enabled) throw new ApiError('NOT_FOUND', 'Unknown or disabled webhook');
  if (webhook.activeVersion === null) throw new ApiError('NOT_FOUND', 'The workflow has no active version; activate one to receive webhooks');

  const raw = await readBodyBytes(req, config.limits.maxPayloadBytes);

  if (!isAllowed(clientIp(req, config.trustProxyHops), webhook.ipAllowlist)) {
    throw new ApiError('FORBIDDEN', 'This address may not call this webhook');
  }

  // The provider's delivery id (X-GitHub-Delivery, webhook-id, Stripe's event id…) deduplicates
  // like an Idempotency-Key: a redelivery — or a replay of a scheme without a timestamp — starts nothing.
  let deliveryId: string | null = null;
  if (webhook.requireSignature) {
    const secrets = [decryptSecret(webhook.secretEncrypted, config.secretKey)];
    if (webhook.previousSecretEncrypted && webhook.previousSecretExpiresAt && webhook.previousSecretExpiresAt > new Date()) {
      secrets.push(decryptSecret(webhook.previousSecretEncrypted, config.secretKey));
    }
    const check = verifyScheme(webhook.signatureScheme, { secrets, token, rawBody: raw, headers: req.headers, nowSeconds: Math.floor(Date.now() / 1000) });
    if (!check.ok) throw new ApiError('UNAUTHENTICATED', `Invalid webhook signature: ${check.reason}`);
    deliveryId = check.deliveryId;
  }

  // Slack checks a new Events API URL with a signed challenge, answered with it; no run starts.
  if (webhook.signatureScheme === 'slack') {
    const challenge = slackChallenge(raw);
    if (challenge !== null) return json({ challenge }, 200);
  }

  try {
    await services.rateLimiter(`hook:${webhook.id}`, webhook.rateLimitMax, webhook.rateLimitWindowSec).consume(webhook.id);
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      const retryAfter = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new ApiError('RATE_LIMITED', `Rate limit of ${webhook.rateLimitMax} requests per ${webhook.rateLimitWindowSec} s reached`, undefined, { 'retry-after': String(retryAfter) });
    }
    throw new ApiError('SERVICE_UNAVAILABLE', 'Rate limiting is unavailable (Redis); try again shortly');
  }

  const url = new URL(req.url);
  const triggerData = {
    method: req.method,
    path: url.pathname,
    headers: payloadHeaders(req.headers),
    query: queryObject(url),
    body: parseWebhookBody(decodeBody(raw, req.headers.get('content-type')), req.headers.get('content-type')) as never,
  };
  const version = await versionOf(prisma, webhook.workflowId, webhook.activeVersion);
  const key = (deliveryId ? `${webhook.signatureScheme}:${deliveryId}` : null) ?? (req.headers.get('idempotency-key')?.trim() || null);
  if (key && key.length > 255) throw new ApiError('VALIDATION_ERROR', 'Idempotency-Key must be at most 255 characters', [{ path: 'headers.idempotency-key', message: 'must be at most 255 characters' }]);

  let executionId: string;
  try {
    ({ executionId } = await startRun(
      { executions: deliveryCreator(prisma, services.pool, webhook.id, key), wakes: services.wakes },
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
    throw new ApiError('INVALID_JSON', 'Request body is not valid UTF-8 (JSON must be UTF-8)', [{ path: 'body', message: 'is not valid UTF-8' }]);
  }
}
