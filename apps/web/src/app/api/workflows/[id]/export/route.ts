import { ExportQuery, IdParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { exportWorkflow } from '@/server/workflows/workflows';

/** The definition document (latest version, or `?version=`), as a download. */
export const GET = defineRoute(
  { permission: { workflow: 'view' }, params: IdParams, query: ExportQuery },
  async ({ params, query, user, services }) => {
    const definition = await exportWorkflow(services.store, user, params.id, query.version);
    const name = String((definition as { name?: unknown }).name ?? 'workflow').replace(/[^A-Za-z0-9_.-]+/g, '-');
    return json(definition, 200, { 'content-disposition': `attachment; filename="${name}.weft.json"` });
  },
);
