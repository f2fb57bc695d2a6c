import 'server-only';
import type { PrismaClient } from '@weft/db';
import { recordAudit } from '../audit';
import { ApiError } from '../http/errors';
import { toUserView, type UserView } from './auth-user';
import { dummyPasswordHash, hashPassword, needsRehash, verifyPassword } from './password';
import { endSession, startSession, type StartedSession } from './sessions';

// One message for unknown email and wrong password, so login can't be used to find accounts.
const BAD_CREDENTIALS = 'Invalid email or password';

/**
 * Checks credentials and starts a session. Both outcomes are audited; a failure names
 * the attempted email in the record but never in the response.
 */
export async function login(
  prisma: PrismaClient,
  input: { email: string; password: string },
  ip: string | null,
): Promise<{ user: UserView; session: StartedSession }> {
  const user = await prisma.user.findUnique({ where: { email: input.email } });
  // Verify against a dummy hash for unknown emails too: equal timing either way.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? (await dummyPasswordHash()));

  if (!user || !ok) {
    await recordAudit(prisma, {
      actorId: user?.id ?? null,
      action: 'auth.login',
      targetType: 'user',
      targetId: user?.id ?? null,
      result: 'failure',
      details: { email: input.email, reason: user ? 'wrong_password' : 'unknown_email' },
      ip,
    });
    throw new ApiError('UNAUTHENTICATED', BAD_CREDENTIALS);
  }

  // Upgrade hashes made with older scrypt parameters while we hold the password.
  if (needsRehash(user.passwordHash)) {
    await prisma.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(input.password) } });
  }
  const session = await startSession(prisma, user.id);
  await recordAudit(prisma, {
    actorId: user.id,
    action: 'auth.login',
    targetType: 'user',
    targetId: user.id,
    result: 'success',
    ip,
  });
  return { user: toUserView(user), session };
}

/** Ends the session a cookie token names (unknown tokens are fine: logout is idempotent). */
export async function logout(prisma: PrismaClient, token: string | null, ip: string | null): Promise<void> {
  if (!token) return;
  const ended = await endSession(prisma, token);
  if (!ended) return;
  await recordAudit(prisma, {
    actorId: ended.userId,
    action: 'auth.logout',
    targetType: 'user',
    targetId: ended.userId,
    result: 'success',
    ip,
  });
}
