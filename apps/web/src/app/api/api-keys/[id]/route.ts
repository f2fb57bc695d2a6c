import { IdParams } from '@weft/contracts';
import { revokeApiKey } from '@/server/auth/api-keys';
import { defineRoute } from '@/server/http/define-route';

/** Revokes one of the caller's keys → 204; another user's key is 404. */
export const DELETE = defineRoute(
  { permission: 'signed-in', params: IdParams },
  async ({ params, user, services, ip }) => {
    await revokeApiKey(services.store, user.id, params.id, ip);
    return undefined;
  },
);
