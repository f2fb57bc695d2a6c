import { ImportWorkflowBody } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { requireValidDefinition } from '@/server/workflows/definition-input';
import { createWorkflow } from '@/server/workflows/workflows';

/** Body: a definition document (as exported) → 201, a new workflow at version 1. */
export const POST = defineRoute(
  { permission: 'signed-in', body: ImportWorkflowBody },
  async ({ body, user, services, ip }) => {
    const { definition, warnings } = requireValidDefinition(body, 'body');
    return json(
      await createWorkflow(services.store, user, { definition, message: 'Imported', warnings }, ip, 'workflow.import'),
      201,
    );
  },
);
