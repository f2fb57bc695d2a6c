import { IdParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { deactivateWorkflow } from '@/server/workflows/workflows';

export const POST = defineRoute(
  { permission: { workflow: 'edit' }, params: IdParams },
  ({ params, user, services, ip }) => deactivateWorkflow(services.store, services.timers, user, params.id, ip),
);
