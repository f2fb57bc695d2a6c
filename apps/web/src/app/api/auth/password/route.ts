import { z } from 'zod';
import { changePassword } from '../../../../server/auth/account';
import { Password, text } from '../../../../server/fields';
import { defineRoute } from '../../../../server/http/define-route';

const ChangePasswordBody = z.object({ currentPassword: text().max(1024, { message: 'must be at most 1024 characters' }), newPassword: Password }).strict();

/** `{ currentPassword, newPassword }` → 204; the caller's other sessions end. */
export const POST = defineRoute({ permission: 'signed-in', body: ChangePasswordBody }, async ({ body, user, services, ip }) => {
  await changePassword(services.prisma, user, body, ip);
  return undefined;
});
