import { z } from 'zod';
import { DisplayName, IdParams, RoleName } from '../../../../server/fields';
import { defineRoute } from '../../../../server/http/define-route';
import { updateUser } from '../../../../server/users/users';

const UpdateUserBody = z
  .object({ name: DisplayName, role: RoleName, active: z.boolean({ message: 'must be true or false' }) })
  .partial()
  .strict();

/** Owners and admins: `{ name?, role?, active? }`; only an owner touches owners and admins; the last owner stays. */
export const PATCH = defineRoute({ permission: 'admin', params: IdParams, body: UpdateUserBody }, ({ params, body, user, services, ip }) =>
  updateUser(services.prisma, user, params.id, body, ip),
);
