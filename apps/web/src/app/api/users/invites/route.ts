import { InviteBody, PageQuery } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { publicOrigin } from '@/server/http/public-origin';
import { createInvite, listInvites } from '@/server/users/invites';

/** Owners and admins: pending invites, newest first — who they are for and who made them, never the link. */
export const GET = defineRoute({ permission: 'admin', query: PageQuery }, ({ query, services }) =>
  listInvites(services.store, query),
);

/** Owners and admins: `{ email, name, role? }` → 201 `{ id, email, role, expiresAt, link }`; the one-time link is shown this once. */
export const POST = defineRoute({ permission: 'admin', body: InviteBody }, async ({ req, body, user, services, ip }) =>
  json(await createInvite(services.store, user, body, publicOrigin(req, services.config), ip), 201),
);
