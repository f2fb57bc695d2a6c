import 'server-only';
import type { DeliveryStats, SecretBox, Store, Webhook } from '@weft/db';
import { recordAudit } from '../audit';
import type { AuthUser } from '../auth/auth-user';
import type { Services } from '../composition';
import { abilitiesOf, assertMayArm } from '../auth/abilities';
import { ApiError } from '../http/errors';
import { loadWorkflowFor } from '../workflows/load';
import type { CreateWebhookBody, UpdateWebhookBody } from './schemas';
import type { Webhook as WebhookView } from '@weft/contracts';
import { checkSecret, generateSecret, SCHEME_INFO, type SignatureScheme } from './schemes';
import { randomToken } from '../auth/tokens';

/** During a rotation the old secret keeps verifying this long, so senders can switch over. */
export const ROTATION_GRACE_MS = 24 * 60 * 60 * 1000;

export function webhookUrl(origin: string, token: string): string {
  return `${origin}/api/hooks/${token}`;
}

const NO_DELIVERIES: DeliveryStats = { count: 0, lastAt: null, lastExecutionId: null };

/** What the read use cases need. */
type Reads = Pick<Store, 'workflows' | 'webhooks'>;
/** The writes also seal and open stored secrets with the key ring (`secrets`: WEFT_SECRET_KEY and its predecessor). */
interface Deps {
  store: Store;
  secrets: SecretBox;
}

/** The write use cases' dependencies, taken from the app's services (for the route handlers). */
export function webhookWriteDeps(services: Pick<Services, 'store' | 'secrets'>): Deps {
  return { store: services.store, secrets: services.secrets };
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
    lastExecutionId: stats.lastExecutionId,
    createdAt: w.createdAt.toISOString(),
    updatedAt: w.updatedAt.toISOString(),
  };
}

export async function listWebhooks(store: Reads, user: AuthUser, workflowId: string, origin: string) {
  const workflow = await loadWorkflowFor(store, user, workflowId, 'view');
  const showToken = abilitiesOf(user, workflow).execute;
  const rows = await store.webhooks.listForWorkflow(workflowId);
  const stats = await store.webhooks.deliveryStats(rows.map((w) => w.id));
  return { items: rows.map((w) => toWebhookView(w, origin, showToken, stats.get(w.id))), nextCursor: null };
}

export async function createWebhook(
  { store, secrets }: Deps,
  user: AuthUser,
  workflowId: string,
  body: CreateWebhookBody,
  origin: string,
  ip: string | null,
) {
  // Its token and secret start runs: creating one needs execute as well as edit.
  const workflow = await loadWorkflowFor(store, user, workflowId, ['edit', 'execute']);
  const { secret: pasted, ...settings } = body;
  const scheme = settings.signatureScheme ?? 'weft';
  // The schema checked a pasted secret against the scheme (and required one where only the provider makes it).
  const secret = pasted ?? generateSecret(scheme)!;
  const webhook = await store.transaction(async (tx) => {
    const w = await tx.webhooks.create({
      workflowId,
      token: randomToken(),
      secretEncrypted: secrets.seal(secret),
      ...settings,
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
  secrets: SecretBox,
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
    const problem = checkSecret(scheme, secrets.open(current.secretEncrypted));
    if (problem) {
      const message = `is required when switching to the ${scheme} scheme (the current secret does not fit it: it ${problem})`;
      throw new ApiError('VALIDATION_ERROR', `Invalid body: body.secret ${message}`, [
        { path: 'body.secret', message },
      ]);
    }
  }
  return null;
}

const webhookNotFound = () => new ApiError('NOT_FOUND', 'Webhook not found');

/** Loads a webhook and checks `action` on its workflow (404 when the workflow is hidden). */
async function loadWebhookFor(store: Reads, user: AuthUser, id: string, action: 'view' | 'edit') {
  const webhook = await store.webhooks.find(id);
  if (!webhook) throw webhookNotFound();
  try {
    const workflow = await loadWorkflowFor(store, user, webhook.workflowId, action);
    return { webhook, workflow, showToken: abilitiesOf(user, workflow).execute };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') throw webhookNotFound();
    throw err;
  }
}

export async function updateWebhook(
  { store, secrets }: Deps,
  user: AuthUser,
  id: string,
  body: UpdateWebhookBody,
  origin: string,
  ip: string | null,
) {
  const { webhook: current, workflow, showToken } = await loadWebhookFor(store, user, id, 'edit');
  // Whoever sets the secret can sign deliveries, and an enabled webhook starts runs: both need
  // execute as well as edit (docs/access.md). Turning it off or other settings need only edit.
  if (body.rotateSecret) assertMayArm(user, workflow, "rotate this webhook's secret", 'body.rotateSecret');
  if (body.secret !== undefined) assertMayArm(user, workflow, "change this webhook's secret", 'body.secret');
  if (body.enabled === true && !current.enabled) assertMayArm(user, workflow, 'enable this webhook', 'body.enabled');
  const { rotateSecret: _rotate, secret: _pasted, ...settings } = body;
  const next = nextSecret(current, body, secrets);
  const secret = next?.secret;
  const updated = await store.transaction(async (tx) => {
    const w = await tx.webhooks.update(
      id,
      settings,
      secret
        ? {
            secretEncrypted: secrets.seal(secret),
            previousSecretEncrypted: current.secretEncrypted,
            previousSecretExpiresAt: new Date(Date.now() + ROTATION_GRACE_MS),
          }
        : undefined,
    );
    if (!w) throw webhookNotFound();
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
  const stats = await store.webhooks.deliveryStats([id]);
  return { ...toWebhookView(updated, origin, showToken, stats.get(id)), ...(next?.generated ? { secret } : {}) };
}

export async function deleteWebhook(store: Store, user: AuthUser, id: string, ip: string | null) {
  await loadWebhookFor(store, user, id, 'edit');
  await store.transaction(async (tx) => {
    if (!(await tx.webhooks.delete(id))) throw webhookNotFound();
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
