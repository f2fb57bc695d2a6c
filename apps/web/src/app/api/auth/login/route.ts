import { LoginBody } from '@weft/contracts';
import { attachSessionCookie } from '@/server/auth/cookies';
import { login } from '@/server/auth/login';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';

/**
 * Starts a browser session (cookie `weft_session`, `__Host-weft_session` over https); 401
 * with one generic message otherwise; 429 with Retry-After when throttled (auth/throttle.ts).
 */
export const POST = defineRoute({ permission: 'public', body: LoginBody }, async ({ req, body, services, ip }) => {
  const { user, session } = await login(services, body, ip);
  return attachSessionCookie(json(user), req, session, services.config.trustProxy);
});
