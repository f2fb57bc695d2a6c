import { z } from 'zod';
import { attachSessionCookie } from '../../../../server/auth/cookies';
import { DisplayName, Password, text } from '../../../../server/fields';
import { defineRoute } from '../../../../server/http/define-route';
import { json } from '../../../../server/http/json';
import { acceptInvite, readInvite } from '../../../../server/users/invites';

const Token = text().min(1, { message: 'is required' }).max(200, { message: 'must be at most 200 characters' });

/** `?token=`: what the invite is for (email, name, role); 404 when unknown, used or expired. */
export const GET = defineRoute({ permission: 'public', query: z.object({ token: Token }) }, ({ query, services }) => readInvite(services.prisma, query.token));

/** `{ token, password, name? }` → 201 the new user, signed in; the link works once. */
export const POST = defineRoute({ permission: 'public', body: z.object({ token: Token, password: Password, name: DisplayName.optional() }).strict() }, async ({ req, body, services, ip }) => {
  const { user, session } = await acceptInvite(services.prisma, body, ip);
  return attachSessionCookie(json(user, 201), req, session, services.config.trustProxy);
});
