import { ActivateBody, IdParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { activateWorkflow } from '@/server/workflows/workflows';

/** `{ version? }` (default: latest) becomes what webhooks and schedules run — it arms them, so it needs execute as well as edit. */
export const POST = defineRoute(
  { permission: { workflow: ['edit', 'execute'] }, params: IdParams, body: ActivateBody },
  ({ params, body, user, services, ip }) =>
    activateWorkflow(services.store, services.timers, user, params.id, body.version, ip),
);
