import { IdParams, RunBody } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { runWorkflow } from '@/server/executions/run';
import type { Json } from '@weft/engine';

/** `{ input?, version? }` → 202 `{ executionId }` (latest version by default). */
export const POST = defineRoute(
  { permission: { workflow: 'execute' }, params: IdParams, body: RunBody },
  async ({ params, body, user, services }) => {
    const started = await runWorkflow(services, user, params.id, {
      input: body.input as Json | undefined,
      version: body.version,
    });
    return json(started, 202);
  },
);
