import 'server-only';
import type { Repositories } from '@weft/db';
import type { Services } from '../composition';
import { ApiError } from '../http/errors';
import { toUserView, type UserView } from './auth-user';
import { hashPassword } from './password';
import type { StartedSession } from './sessions';
import { startSignedInSession } from './sign-in';
import { reserveSetupAttempt } from './throttle';

/** True until the first user exists (the UI then shows /setup instead of /login). */
export async function isSetupNeeded(store: Pick<Repositories, 'users'>): Promise<boolean> {
  return !(await store.users.anyExists());
}

export interface SetupInput {
  email: string;
  password: string;
  name: string;
}

/**
 * Creates the first user as `owner` and signs them in, or CONFLICT when any user exists.
 * Once set up, the answer is an immediate 409 (no throttle spent, no password hashed: this
 * endpoint stays public forever). Otherwise the attempt is throttled per address, then
 * the password hashed. Race-safe: the insert re-checks inside one transaction holding an
 * advisory lock, so of two concurrent setups exactly one creates an owner.
 */
export async function setupFirstOwner(
  services: Pick<Services, 'store' | 'rateLimiter'>,
  input: SetupInput,
  ip: string | null,
): Promise<{ user: UserView; session: StartedSession }> {
  const { store } = services;
  if (!(await isSetupNeeded(store))) throw alreadySetUp();
  await reserveSetupAttempt(services, ip);
  // Hash before taking the lock: it's the slow part, and needs no database.
  const passwordHash = await hashPassword(input.password);
  return store.transaction(async (tx) => {
    const user = await tx.users.createFirstOwner({ email: input.email, name: input.name, passwordHash });
    if (!user) throw alreadySetUp();
    const session = await startSignedInSession(tx, user.id, { action: 'auth.setup', ip });
    return { user: toUserView(user), session };
  });
}

function alreadySetUp(): ApiError {
  return new ApiError('CONFLICT', 'Setup is already complete; sign in instead');
}
