import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getServices } from '../composition';
import type { AuthUser } from './auth-user';
import { authenticate } from './authenticate';
import { isHttps } from './cookies';
import { isSetupNeeded } from './setup';

/**
 * Auth for server-rendered pages (route handlers use defineRoute instead). Reading
 * `headers()` also makes the page render per request, never at `next build`.
 */
export async function currentPageUser(): Promise<AuthUser | null> {
  const requestHeaders = await headers();
  const services = getServices();
  return authenticate({ headers: requestHeaders }, services, {
    secure: isHttps({ headers: requestHeaders }, services.config.trustProxy),
  });
}

/** The signed-in user, or a redirect: to /setup on a fresh install, else to /login. */
export async function requirePageUser(): Promise<AuthUser> {
  const user = await currentPageUser();
  if (user) return user;
  redirect((await isSetupNeeded(getServices().store)) ? '/setup' : '/login');
}

/** For /login and /setup: sends visitors where they belong before showing a form. */
export async function redirectAwayFromAuthPage(page: 'login' | 'setup'): Promise<void> {
  // currentPageUser() reads headers() before anything else, so during `next build` the
  // page bails out to dynamic rendering before services (and their connections) exist.
  const user = await currentPageUser();
  const setupNeeded = await isSetupNeeded(getServices().store);
  if (setupNeeded && page === 'login') redirect('/setup');
  if (!setupNeeded && page === 'setup') redirect(user ? '/' : '/login');
  if (user) redirect('/');
}
