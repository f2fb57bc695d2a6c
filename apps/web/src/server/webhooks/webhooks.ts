import 'server-only';
import type { PrismaClient, Webhook } from '@weft/db';
import { recordAudit } from '../audit';
import type { AuthUser } from '../auth/auth-user';
import { abilitiesOf, assertMayArm } from '../auth/abilities';
import { ApiError } from '../http/errors';
import { loadWorkflowFor } from '../workflows/load';
import type { CreateWebhookBody, UpdateWebhookBody } from './schemas';
import type { Webhook as WebhookView } from '@weft/contracts';
import { checkSecret, generateSecret, SCHEME_INFO, type SignatureScheme } from './schemes';
import { decryptSecret, encryptSecret, randomToken } from './secret-box';

/** During a rotation the old secret keeps verifying this long, so senders can switch over. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export function webhookUrl(origin: string, token: string): string {
  return `${origin}/api/hooks/${token}`;
}

export interface DeliveryStats {
  count: number;
  lastAt: Date | null;
  lastExecutionId: string | null;
}

const NO_DELIVERIES: DeliveryStats = { count: 0, lastAt: null, lastExecutionId: null };

/**
 * Deliveries per webhook, counted from its executions when read. Counting on write meant an
 * UPDATE of the webhook row on every delivery: one hot row locked by every concurrent request.
 */
export async function deliveryStats(prisma: PrismaClient, webhookIds: string[]): Promise<Map<string, DeliveryStats>> {
  const stats = new Map<string, DeliveryStats>();
  if (webhookIds.length === 0) return stats;
  const rows = await prisma.$queryRaw<
    Array<{ webhookId: string; count: number; lastAt: Date | null; lastExecutionId: string | null }>
  >`
    SELECT "webhookId"::text AS "webhookId", count(*)::int AS count, max("createdAt") AS "lastAt", max(id::text) AS "lastExecutionId"
    FROM executions WHERE "webhookId" = ANY(${webhookIds}::uuid[]) GROUP BY "webhookId"`;
  for (const r of rows)
    stats.set(r.webhookId, { count: r.count, lastAt: r.lastAt, lastExecutionId: r.lastExecutionId });
  return stats;
}

/**
 * API view: never the secret (it is only in the create/rotate response). The token is a
 * capability — whoever holds it can start runs — so only callers who may execute the
 * workflow (with the `execute` scope, for a key or token) see it and the URL built from it;
 * anyone else gets null for both.
 */
export function toWebhookView(
  w: Webhook,
  origin: string,
  showToken: boolean,
  stats: DeliveryStats = NO_DELIVERIES,
): WebhookView {
  return {
    id: w.id,
    workflowId: w.workflowId,
    token: showToken ? w.token : null,
    url: showToken ? webhookUrl(origin, w.token) : null,
    enabled: w.enabled,
    requireSignature: w.requireSignature,
    signatureScheme: w.signatureScheme,
    // What the sender sets, so a person can check the provider's side.
    signatureHeader: SCHEME_INFO[w.signatureScheme].signatureHeader,
    signatureFormat: SCHEME_INFO[w.signatureScheme].format,
    deliveryIdFrom: SCHEME_INFO[w.signatureScheme].deliveryId,
    ipAllowlist: w.ipAllowlist,
    rateLimitMax: w.rateLimitMax,
    rateLimitWindowSec: w.rateLimitWindowSec,
    responseMode: w.responseMode,
    syncTimeoutMs: w.syncTimeoutMs,
    secretRotatingUntil:
      w.previousSecretExpiresAt && w.previousSecretExpiresAt > new Date()
        ? w.previousSecretExpiresAt.toISOString()
        : null,
    lastTriggeredAt: stats.lastAt?.toISOString() ?? null,
    triggerCount: stats.count,
    // Execution ids are UUIDv7 (time-ordered): the greatest is the latest.
    lastExecutionId: stats.lastExecutionId,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export async function listWebhooks(prisma: PrismaClient, user: AuthUser, workflowId: string, origin: string) {
  const workflow = await loadWorkflowFor(prisma, user, workflowId, 'view');
  const showToken = abilitiesOf(user, workflow).execute;
  const rows = await prisma.webhook.findMany({ where: { workflowId }, orderBy: { id: 'desc' } });
  const stats = await deliveryStats(
    prisma,
    rows.map((w) => w.id),
  );
  return { items: rows.map((w) => toWebhookView(w, origin, showToken, stats.get(w.id))), nextCursor: null };
}

export async function createWebhook(
  deps: { prisma: PrismaClient; secretKey: string },
  user: AuthUser,
  workflowId: string,
  body: CreateWebhookBody,
  origin: string,
  ip: string | null,
) {
  // Its token and secret start runs: creating one needs execute as well as edit.
  const workflow = await loadWorkflowFor(deps.prisma, user, workflowId, ['edit', 'execute']);
  const { secret: pasted, ...settings } = body;
  const scheme = settings.signatureScheme ?? 'weft';
  // The schema checked a pasted secret against the scheme (and required one where only the provider makes it).
  const secret = pasted ?? generateSecret(scheme)!;
  const webhook = await deps.prisma.$transaction(async (tx) => {
    const w = await tx.webhook.create({
      data: { workflowId, token: randomToken(), secretEncrypted: encryptSecret(secret, deps.secretKey), ...settings },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'webhook.create',
      targetType: 'webhook',
      targetId: w.id,
      result: 'success',
      details: { workflowId },
      ip,
    });
    return w;
  });
  // A secret the user pasted is theirs: not echoed back.
  return {
    ...toWebhookView(webhook, origin, abilitiesOf(user, workflow).execute),
    ...(pasted === undefined ? { secret } : {}),
  };
}

/**
 * The secret an update leaves the webhook with: `secret` pasted (rotation to it), `rotateSecret`
 * (a new one generated, where Weft may make it), or the current one — which must still fit the
 * scheme when the scheme changes.
 */
function nextSecret(
  current: Webhook,
  body: UpdateWebhookBody,
  secretKey: string,
): { secret: string; generated: boolean } | null {
  const scheme: SignatureScheme = body.signatureScheme ?? current.signatureScheme;
  if (body.secret !== undefined) {
    const problem = checkSecret(scheme, body.secret);
    if (problem)
      throw new ApiError('VALIDATION_ERROR', `Invalid body: body.secret ${problem}`, [
        { path: 'body.secret', message: problem },
      ]);
    return { secret: body.secret, generated: false };
  }
  if (body.rotateSecret) {
    const secret = generateSecret(scheme);
    if (!secret) {
      const message = `cannot be generated for the ${scheme} scheme: roll the secret at ${scheme} and send the new one as secret`;
      throw new ApiError('VALIDATION_ERROR', `Invalid body: body.rotateSecret ${message}`, [
        { path: 'body.rotateSecret', message },
      ]);
    }
    return { secret, generated: true };
  }
  if (body.signatureScheme && body.signatureScheme !== current.signatureScheme) {
    const problem = checkSecret(scheme, decryptSecret(current.secretEncrypted, secretKey));
    if (problem) {
      const message = `is required when switching to the ${scheme} scheme (the current secret does not fit it: it ${problem})`;
      throw new ApiError('VALIDATION_ERROR', `Invalid body: body.secret ${message}`, [
        { path: 'body.secret', message },
      ]);
    }
  }
  return null;
}

/** Loads a webhook and checks `action` on its workflow (404 when the workflow is hidden). */
async function loadWebhookFor(prisma: PrismaClient, user: AuthUser, id: string, action: 'view' | 'edit') {
  const webhook = await prisma.webhook.findUnique({ where: { id } });
  if (!webhook) throw new ApiError('NOT_FOUND', 'Webhook not found');
  try {
    const workflow = await loadWorkflowFor(prisma, user, webhook.workflowId, action);
    return { webhook, workflow, showToken: abilitiesOf(user, workflow).execute };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') throw new ApiError('NOT_FOUND', 'Webhook not found');
    throw err;
  }
}

export async function updateWebhook(
  deps: { prisma: PrismaClient; secretKey: string },
  user: AuthUser,
  id: string,
  body: UpdateWebhookBody,
  origin: string,
  ip: string | null,
) {
  const { webhook: current, workflow, showToken } = await loadWebhookFor(deps.prisma, user, id, 'edit');
  // Whoever sets the secret can sign deliveries, and an enabled webhook starts runs: both need
  // execute as well as edit (docs/access.md). Turning it off or other settings need only edit.
  if (body.rotateSecret) assertMayArm(user, workflow, "rotate this webhook's secret", 'body.rotateSecret');
  if (body.secret !== undefined) assertMayArm(user, workflow, "change this webhook's secret", 'body.secret');
  if (body.enabled === true && !current.enabled) assertMayArm(user, workflow, 'enable this webhook', 'body.enabled');
  const { rotateSecret: _rotate, secret: _pasted, ...settings } = body;
  const next = nextSecret(current, body, deps.secretKey);
  const secret = next?.secret;
  const updated = await deps.prisma.$transaction(async (tx) => {
    const w = await tx.webhook.update({
      where: { id },
      data: {
        ...settings,
        ...(secret
          ? {
              secretEncrypted: encryptSecret(secret, deps.secretKey),
              previousSecretEncrypted: current.secretEncrypted,
              previousSecretExpiresAt: new Date(Date.now() + ROTATION_GRACE_MS),
            }
          : {}),
      },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: secret ? 'webhook.rotate_secret' : 'webhook.update',
      targetType: 'webhook',
      targetId: id,
      result: 'success',
      details: { fields: Object.keys(body) },
      ip,
    });
    return w;
  });
  const stats = await deliveryStats(deps.prisma, [id]);
  return { ...toWebhookView(updated, origin, showToken, stats.get(id)), ...(next?.generated ? { secret } : {}) };
}

export async function deleteWebhook(prisma: PrismaClient, user: AuthUser, id: string, ip: string | null) {
  await loadWebhookFor(prisma, user, id, 'edit');
  await prisma.$transaction(async (tx) => {
    await tx.webhook.delete({ where: { id } });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'webhook.delete',
      targetType: 'webhook',
      targetId: id,
      result: 'success',
      ip,
    });
  });
}
