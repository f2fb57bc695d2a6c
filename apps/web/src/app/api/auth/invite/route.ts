import { AcceptInviteBody, InviteQuery } from '@weft/contracts';
import { attachSessionCookie } from '@/server/auth/cookies';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { acceptInvite, readInvite } from '@/server/users/invites';

/**
 * `?token=`: what the invite is for (email, name, role); 404 when unknown, used, expired or its inviter lost the
 * role; bad links are throttled per address.
 */
export const GET = defineRoute({ permission: 'public', query: InviteQuery }, ({ query, services, ip }) =>
  readInvite(services, query.token, ip),
);

/** `{ token, password, name? }` → 201 the new user, signed in; the link works once and is checked before the password is hashed. */
export const POST = defineRoute(
  { permission: 'public', body: AcceptInviteBody },
  async ({ req, body, services, ip }) => {
    const { user, session } = await acceptInvite(services, body, ip);
    return attachSessionCookie(json(user, 201), req, session, services.config.trustProxy);
  },
);
