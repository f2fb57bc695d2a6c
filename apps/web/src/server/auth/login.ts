import 'server-only';
import type { Repositories, Store } from '@weft/db';
import { recordAudit } from '../audit';
import type { Services } from '../composition';
import { ApiError } from '../http/errors';
import { toUserView, type UserView } from './auth-user';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password';
import { endSession, type StartedSession } from './sessions';
import { startSignedInSession } from './sign-in';
import { rateLimited, reserveLoginAttempt } from './throttle';

// One message for unknown email and wrong password, so login can't be used to find accounts.
const BAD_CREDENTIALS = 'Invalid email or password';

/**
 * Checks credentials and starts a session. Attempts are throttled per account and per
 * address (throttle.ts) before the password is checked. Every outcome is audited; a
 * failure names the attempted email in the record but never in the response. A success
 * and its audit record commit together, or neither does.
 */
export async function login(
  services: Pick<Services, 'store' | 'rateLimiter'>,
  input: { email: string; password: string },
  ip: string | null,
): Promise<{ user: UserView; session: StartedSession }> {
  const { store } = services;
  const email = input.email.trim().toLowerCase();

  const reservation = await reserveLoginAttempt(services, email, ip);
  if (!reservation.ok) {
    const known = await store.users.findByEmail(email);
    await recordFailure(store, email, known?.id ?? null, 'rate_limited', ip);
    throw rateLimited(reservation.retryAfterSeconds);
  }

  const user = await store.users.findByEmail(email);
  // Verify against a dummy hash for unknown emails too: equal timing either way.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));
  if (!user || !ok) {
    await reservation.attempt.failed();
    await recordFailure(store, email, user?.id ?? null, user ? 'wrong_password' : 'unknown_email', ip);
    throw new ApiError('UNAUTHENTICATED', BAD_CREDENTIALS);
  }
  // The right password for a deactivated account: say so (an admin did it; nothing to hide from its owner).
  if (user.deactivatedAt) {
    await recordFailure(store, email, user.id, 'deactivated', ip);
    throw new ApiError('UNAUTHENTICATED', 'This account is deactivated; ask an owner or admin');
  }

  // Upgrade hashes made with older scrypt parameters while we hold the password (hashed
  // outside the transaction: it is slow and needs no database).
  const upgradedHash = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  const session = await store.transaction(async (tx) => {
    if (upgradedHash) await tx.users.setPasswordHash(user.id, upgradedHash);
    return startSignedInSession(tx, user.id, { action: 'auth.login', ip });
  });
  await reservation.attempt.succeeded();
  return { user: toUserView(user), session };
}

function recordFailure(
  store: Repositories,
  email: string,
  userId: string | null,
  reason: 'unknown_email' | 'wrong_password' | 'rate_limited' | 'deactivated',
  ip: string | null,
): Promise<void> {
  return recordAudit(store, {
    actorId: userId,
    action: 'auth.login',
    targetType: 'user',
    targetId: userId,
    result: 'failure',
    details: { email, reason },
    ip,
  });
}

/** Ends the session a cookie token names (unknown tokens are fine: logout is idempotent). */
export async function logout(store: Store, token: string | null, ip: string | null): Promise<void> {
  if (!token) return;
  await store.transaction(async (tx) => {
    const ended = await endSession(tx, token);
    if (!ended) return;
    await recordAudit(tx, {
      actorId: ended.userId,
      action: 'auth.logout',
      targetType: 'user',
      targetId: ended.userId,
      result: 'success',
      ip,
    });
  });
}
