import { IdParams, UpdateUserBody } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { updateUser } from '@/server/users/users';

/** Owners and admins: `{ name?, role?, active? }`; only an owner touches owners and admins; the last owner stays. */
export const PATCH = defineRoute(
  { permission: 'admin', params: IdParams, body: UpdateUserBody },
  ({ params, body, user, services, ip }) => updateUser(services.store, user, params.id, body, ip),
);
