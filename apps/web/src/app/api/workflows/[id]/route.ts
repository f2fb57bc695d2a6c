import { IdParams, SaveWorkflowBody } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { requireValidDefinition } from '@/server/workflows/definition-input';
import { deleteWorkflow, getWorkflow, saveWorkflow } from '@/server/workflows/workflows';

export const GET = defineRoute({ permission: { workflow: 'view' }, params: IdParams }, ({ params, user, services }) =>
  getWorkflow(services.store, user, params.id),
);

/** `{ definition, message?, description? }` → a new immutable version n+1. */
export const PUT = defineRoute(
  { permission: { workflow: 'edit' }, params: IdParams, body: SaveWorkflowBody },
  async ({ params, body, user, services, ip }) => {
    const { definition, warnings } = requireValidDefinition(body.definition);
    return saveWorkflow(
      services.store,
      user,
      params.id,
      { definition, description: body.description, message: body.message, warnings },
      ip,
    );
  },
);

export const DELETE = defineRoute(
  { permission: { workflow: 'delete' }, params: IdParams },
  async ({ params, user, services, ip }) => {
    await deleteWorkflow(services.store, services.timers, user, params.id, ip);
    return undefined;
  },
);
