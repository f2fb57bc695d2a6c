import { IdParams } from '@weft/contracts';
import { revokeSession } from '@/server/auth/account';
import { defineRoute } from '@/server/http/define-route';

/** Ends one of the caller's sessions (signs that browser out). */
export const DELETE = defineRoute(
  { permission: 'signed-in', params: IdParams },
  async ({ params, user, services, ip }) => {
    await revokeSession(services.store, user, params.id, ip);
    return undefined;
  },
);
