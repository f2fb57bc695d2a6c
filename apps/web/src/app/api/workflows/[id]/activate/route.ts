import { defineRoute } from '../../../../../server/http/define-route';
import { IdParams } from '../../../../../server/fields';
import { ActivateBody } from '../../../../../server/workflows/schemas';
import { activateWorkflow } from '../../../../../server/workflows/workflows';

/** `{ version? }` (default: latest) becomes what webhooks and schedules run. */
export const POST = defineRoute({ permission: { workflow: 'edit' }, params: IdParams, body: ActivateBody }, ({ params, body, user, services, ip }) =>
  activateWorkflow(services.prisma, services.timers, user, params.id, body.version, ip),
);
