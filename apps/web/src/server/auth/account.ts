import 'server-only';
import type { Repositories, Store } from '@weft/db';
import { recordAudit } from '../audit';
import type { Services } from '../composition';
import { ApiError } from '../http/errors';
import type { AuthUser } from './auth-user';
import { hashPassword, verifyPassword } from './password';
import { rateLimited, reservePasswordAttempt } from './throttle';

/**
 * A user changes their own password: the current one must be right. Guesses are throttled
 * per account and per address like sign-in (throttle.ts), before any scrypt runs: a stolen
 * session can't be used to find the password at speed. Every other session of theirs ends
 * (a stolen cookie stops working); the one making the change stays signed in.
 */
export async function changePassword(
  services: Pick<Services, 'store' | 'rateLimiter'>,
  user: AuthUser,
  input: { currentPassword: string; newPassword: string },
  ip: string | null,
): Promise<void> {
  const { store } = services;
  const failure = (reason: 'wrong_current_password' | 'rate_limited') =>
    recordAudit(store, {
      actorId: user.id,
      action: 'user.password',
      targetType: 'user',
      targetId: user.id,
      result: 'failure',
      details: { reason },
      ip,
    });
  const reservation = await reservePasswordAttempt(services, user.id, ip);
  if (!reservation.ok) {
    await failure('rate_limited');
    throw rateLimited(reservation.retryAfterSeconds);
  }
  const row = await store.users.findById(user.id);
  if (!row) throw new ApiError('NOT_FOUND', 'User not found');
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    await reservation.attempt.failed();
    await failure('wrong_current_password');
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: body.currentPassword is not your current password', [
      { path: 'body.currentPassword', message: 'is not your current password' },
    ]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await store.transaction(async (tx) => {
    await tx.users.setPasswordHash(user.id, passwordHash);
    const ended = await tx.sessions.deleteAllOfUser(user.id, user.sessionId);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'user.password',
      targetType: 'user',
      targetId: user.id,
      result: 'success',
      details: { otherSessionsEnded: ended },
      ip,
    });
  });
  await reservation.attempt.succeeded();
}

/** The caller's own sessions, newest first; `current` marks the one making this request. */
export async function listSessions(store: Pick<Repositories, 'sessions'>, user: AuthUser) {
  const rows = await store.sessions.listLive(user.id, new Date());
  return {
    items: rows.map((s) => ({
      id: s.id,
      createdAt: s.createdAt.toISOString(),
      lastSeenAt: s.lastSeenAt.toISOString(),
      expiresAt: s.expiresAt.toISOString(),
      current: s.id === user.sessionId,
    })),
    nextCursor: null,
  };
}

/** Ends one of the caller's sessions (someone else's is 404). */
export async function revokeSession(store: Store, user: AuthUser, id: string, ip: string | null): Promise<void> {
  await store.transaction(async (tx) => {
    if (!(await tx.sessions.deleteOwn(id, user.id))) throw new ApiError('NOT_FOUND', 'Session not found');
    await recordAudit(tx, {
      actorId: user.id,
      action: 'auth.session_revoke',
      targetType: 'session',
      targetId: id,
      result: 'success',
      ip,
    });
  });
}
