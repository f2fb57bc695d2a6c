import { IdParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { revokeInvite } from '@/server/users/invites';

/** Owners and admins: revoke an unused invite (its link stops working) → 204; used or unknown → 404. */
export const DELETE = defineRoute({ permission: 'admin', params: IdParams }, async ({ params, user, services, ip }) => {
  await revokeInvite(services.store, user, params.id, ip);
  return undefined;
});
