import { ChangePasswordBody } from '@weft/contracts';
import { changePassword } from '../../../../server/auth/account';
import { defineRoute } from '../../../../server/http/define-route';

/** `{ currentPassword, newPassword }` → 204; the caller's other sessions end. */
export const POST = defineRoute({ permission: 'signed-in', body: ChangePasswordBody }, async ({ body, user, services, ip }) => {
  await changePassword(services.prisma, user, body, ip);
  return undefined;
});
