import { CreateUserBody, PageQuery } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { createUser, listUsers } from '@/server/users/users';

/** Owners and admins: every user, oldest first, paginated. */
export const GET = defineRoute({ permission: 'admin', query: PageQuery }, ({ query, services }) =>
  listUsers(services.store, query),
);

/** Owners and admins: `{ email, name, password, role }` → 201 `{ id, email, name, role }`; 409 on a taken email. */
export const POST = defineRoute({ permission: 'admin', body: CreateUserBody }, async ({ body, user, services, ip }) =>
  json(await createUser(services.store, user, body, ip), 201),
);
