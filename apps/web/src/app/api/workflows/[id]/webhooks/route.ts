import { IdParams } from '@weft/contracts';
import { publicOrigin } from '@/server/http/public-origin';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { CreateWebhookBody } from '@/server/webhooks/schemas';
import { createWebhook, listWebhooks, webhookWriteDeps } from '@/server/webhooks/webhooks';

/** The workflow's webhooks (never their secrets). */
export const GET = defineRoute(
  { permission: { workflow: 'view' }, params: IdParams },
  ({ req, params, user, services }) =>
    listWebhooks(services.store, user, params.id, publicOrigin(req, services.config)),
);

/**
 * Settings (all optional, SPEC §5 defaults) → 201 with `secret`, shown this once only. Its token starts runs:
 * needs execute as well as edit.
 */
export const POST = defineRoute(
  { permission: { workflow: ['edit', 'execute'] }, params: IdParams, body: CreateWebhookBody },
  async ({ req, params, body, user, services, ip }) =>
    json(
      await createWebhook(webhookWriteDeps(services), user, params.id, body, publicOrigin(req, services.config), ip),
      201,
    ),
);
