import { IdParams, PageQuery } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { listVersions } from '@/server/workflows/workflows';

/** Versions, newest first. */
export const GET = defineRoute(
  { permission: { workflow: 'view' }, params: IdParams, query: PageQuery },
  ({ params, query, user, services }) => listVersions(services.store, user, params.id, query),
);
