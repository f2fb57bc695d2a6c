import { InviteBody } from '@weft/contracts';
import { defineRoute } from '../../../../server/http/define-route';
import { json } from '../../../../server/http/json';
import { publicOrigin } from '../../../../server/http/public-origin';
import { createInvite } from '../../../../server/users/invites';

/** Owners and admins: `{ email, name, role? }` → 201 `{ id, email, role, expiresAt, link }`; the one-time link is shown this once. */
export const POST = defineRoute({ permission: 'admin', body: InviteBody }, async ({ req, body, user, services, ip }) =>
  json(await createInvite(services.prisma, user, body, publicOrigin(req, services.config), ip), 201),
);
