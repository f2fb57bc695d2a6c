import { SetupBody } from '@weft/contracts';
import { attachSessionCookie } from '@/server/auth/cookies';
import { isSetupNeeded, setupFirstOwner } from '@/server/auth/setup';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';

/** `{ needed }`: whether first-run setup is still open (the UI picks /setup or /login). */
export const GET = defineRoute({ permission: 'public' }, async ({ services }) => ({
  needed: await isSetupNeeded(services.store),
}));

/** Creates the first user as owner and signs them in; 409 once any user exists, 429 when throttled. */
export const POST = defineRoute({ permission: 'public', body: SetupBody }, async ({ req, body, services, ip }) => {
  const { user, session } = await setupFirstOwner(services, body, ip);
  return attachSessionCookie(json(user, 201), req, session, services.config.trustProxy);
});
