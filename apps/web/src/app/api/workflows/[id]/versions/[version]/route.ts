import { VersionParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { getVersion } from '@/server/workflows/workflows';

export const GET = defineRoute(
  { permission: { workflow: 'view' }, params: VersionParams },
  ({ params, user, services }) => getVersion(services.store, user, params.id, params.version),
);
