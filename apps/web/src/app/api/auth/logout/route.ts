import { attachClearedSessionCookie, isHttps, readSessionToken } from '@/server/auth/cookies';
import { logout } from '@/server/auth/login';
import { defineRoute } from '@/server/http/define-route';

/** Deletes the session row and clears the cookie. Public and idempotent: a stale cookie still gets cleared. */
export const POST = defineRoute({ permission: 'public' }, async ({ req, services, ip }) => {
  await logout(services.store, readSessionToken(req.headers, isHttps(req, services.config.trustProxy)), ip);
  return attachClearedSessionCookie(new Response(null, { status: 204 }), req, services.config.trustProxy);
});
