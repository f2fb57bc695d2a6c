import { defineRoute } from '../../../../../server/http/define-route';
import { IdParams } from '../../../../../server/fields';
import { PageQuery } from '../../../../../server/pagination';
import { listVersions } from '../../../../../server/workflows/workflows';

/** Versions, newest first. */
export const GET = defineRoute({ permission: { workflow: 'view' }, params: IdParams, query: PageQuery }, ({ params, query, user, services }) =>
  listVersions(services.prisma, user, params.id, query),
);
