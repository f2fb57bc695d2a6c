import { CreateWorkflowBody, WorkflowListQuery } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { emptyDefinition, requireValidDefinition } from '@/server/workflows/definition-input';
import { createWorkflow, listWorkflows } from '@/server/workflows/workflows';

/** Workflows the caller may view, newest first. `?search=` filters by name. */
export const GET = defineRoute({ permission: 'signed-in', query: WorkflowListQuery }, ({ query, user, services }) =>
  listWorkflows(services.store, user, query),
);

/** `{ name }` (starts with just a trigger) or `{ definition }` → 201 with version 1. */
export const POST = defineRoute(
  { permission: 'signed-in', body: CreateWorkflowBody },
  async ({ body, user, services, ip }) => {
    const doc =
      body.definition === undefined
        ? emptyDefinition(body.name!)
        : body.name
          ? { ...(body.definition as object), name: body.name }
          : body.definition;
    const { definition, warnings } = requireValidDefinition(doc);
    return json(
      await createWorkflow(
        services.store,
        user,
        { definition, description: body.description, message: body.message, warnings },
        ip,
      ),
      201,
    );
  },
);
