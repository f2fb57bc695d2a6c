import { IdParams, PutGrantsBody } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { listGrants, putGrants } from '@/server/workflows/grants';

/** Who has access: the creator and every grant. */
export const GET = defineRoute({ permission: { workflow: 'view' }, params: IdParams }, ({ params, services }) =>
  listGrants(services.store, params.id),
);

/** `{ grants: [{ userId, canView, canEdit, canDelete, canExecute }] }` replaces the grants; never more than the caller holds. */
export const PUT = defineRoute(
  { permission: { workflow: 'edit' }, params: IdParams, body: PutGrantsBody },
  ({ params, body, user, services, ip }) => putGrants(services.store, user, params.id, body, ip),
);
