import { defineRoute } from '../../../../../../server/http/define-route';
import { VersionParams } from '../../../../../../server/workflows/schemas';
import { getVersion } from '../../../../../../server/workflows/workflows';

export const GET = defineRoute({ permission: { workflow: 'view' }, params: VersionParams }, ({ params, user, services }) =>
  getVersion(services.prisma, user, params.id, params.version),
);
