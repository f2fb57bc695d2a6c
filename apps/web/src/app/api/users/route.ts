import { z } from 'zod';
import { DisplayName, Email, Password, RoleName } from '../../../server/fields';
import { defineRoute } from '../../../server/http/define-route';
import { json } from '../../../server/http/json';
import { PageQuery } from '../../../server/pagination';
import { createUser, listUsers } from '../../../server/users/users';

const CreateUserBody = z
  .object({ email: Email, name: DisplayName, password: Password, role: RoleName.default('member') })
  .strict();

/** Owners and admins: every user, oldest first, paginated. */
export const GET = defineRoute({ permission: 'admin', query: PageQuery }, ({ query, services }) =>
  listUsers(services.prisma, query),
);

/** Owners and admins: `{ email, name, password, role }` → 201 `{ id, email, name, role }`; 409 on a taken email. */
export const POST = defineRoute({ permission: 'admin', body: CreateUserBody }, async ({ body, user, services, ip }) =>
  json(await createUser(services.prisma, user, body, ip), 201),
);
