import { AcceptInviteBody, InviteQuery } from '@weft/contracts';
import { attachSessionCookie } from '../../../../server/auth/cookies';
import { defineRoute } from '../../../../server/http/define-route';
import { json } from '../../../../server/http/json';
import { acceptInvite, readInvite } from '../../../../server/users/invites';

/** `?token=`: what the invite is for (email, name, role); 404 when unknown, used or expired. */
export const GET = defineRoute({ permission: 'public', query: InviteQuery }, ({ query, services }) => readInvite(services.prisma, query.token));

/** `{ token, password, name? }` → 201 the new user, signed in; the link works once. */
export const POST = defineRoute({ permission: 'public', body: AcceptInviteBody }, async ({ req, body, services, ip }) => {
  const { user, session } = await acceptInvite(services.prisma, body, ip);
  return attachSessionCookie(json(user, 201), req, session, services.config.trustProxy);
});
