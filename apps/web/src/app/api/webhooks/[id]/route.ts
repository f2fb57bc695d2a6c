import { IdParams } from '@weft/contracts';
import { publicOrigin } from '@/server/http/public-origin';
import { defineRoute } from '@/server/http/define-route';
import { UpdateWebhookBody } from '@/server/webhooks/schemas';
import { deleteWebhook, updateWebhook, webhookWriteDeps } from '@/server/webhooks/webhooks';

/** Change settings; `{ "rotateSecret": true }` returns a new `secret` (the old one verifies for 24 h). */
export const PATCH = defineRoute(
  { permission: { webhook: 'edit' }, params: IdParams, body: UpdateWebhookBody },
  ({ req, params, body, user, services, ip }) =>
    updateWebhook(webhookWriteDeps(services), user, params.id, body, publicOrigin(req, services.config), ip),
);

export const DELETE = defineRoute(
  { permission: { webhook: 'edit' }, params: IdParams },
  async ({ params, user, services, ip }) => {
    await deleteWebhook(services.store, user, params.id, ip);
    return undefined;
  },
);
