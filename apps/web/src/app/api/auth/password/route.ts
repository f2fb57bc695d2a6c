import { ChangePasswordBody } from '@weft/contracts';
import { changePassword } from '@/server/auth/account';
import { defineRoute } from '@/server/http/define-route';

/**
 * `{ currentPassword, newPassword }` → 204; the caller's other sessions end; 429 with Retry-After when guessed
 * too often (auth/throttle.ts).
 */
export const POST = defineRoute(
  { permission: 'signed-in', body: ChangePasswordBody },
  async ({ body, user, services, ip }) => {
    await changePassword(services, user, body, ip);
    return undefined;
  },
);
