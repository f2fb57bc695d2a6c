import 'server-only';
import type { PrismaClient } from '@weft/db';
import { recordAudit } from '../audit';
import { ApiError } from '../http/errors';
import type { AuthUser } from './auth-user';
import { hashPassword, verifyPassword } from './password';

/**
 * A user changes their own password: the current one must be right. Every other session of
 * theirs ends (a stolen cookie stops working); the one making the change stays signed in.
 */
export async function changePassword(prisma: PrismaClient, user: AuthUser, input: { currentPassword: string; newPassword: string }, ip: string | null): Promise<void> {
  const row = await prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    await recordAudit(prisma, { actorId: user.id, action: 'user.password', targetType: 'user', targetId: user.id, result: 'failure', details: { reason: 'wrong_current_password' }, ip });
    throw new ApiError('VALIDATION_ERROR', 'Invalid body: body.currentPassword is not your current password', [{ path: 'body.currentPassword', message: 'is not your current password' }]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await prisma.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    const ended = await tx.session.deleteMany({ where: { userId: user.id, ...(user.sessionId ? { id: { not: user.sessionId } } : {}) } });
    await recordAudit(tx, { actorId: user.id, action: 'user.password', targetType: 'user', targetId: user.id, result: 'success', details: { otherSessionsEnded: ended.count }, ip });
  });
}

/** The caller's own sessions, newest first; `current` marks the one making this request. */
export async function listSessions(prisma: PrismaClient, user: AuthUser) {
  const rows = await prisma.session.findMany({ where: { userId: user.id, expiresAt: { gt: new Date() } }, orderBy: { id: 'desc' }, select: { id: true, createdAt: true, lastSeenAt: true, expiresAt: true } });
  return {
    items: rows.map((s) => ({ id: s.id, createdAt: s.createdAt.toISOString(), lastSeenAt: s.lastSeenAt.toISOString(), expiresAt: s.expiresAt.toISOString(), current: s.id === user.sessionId })),
    nextCursor: null,
  };
}

/** Ends one of the caller's sessions (someone else's is 404). */
export async function revokeSession(prisma: PrismaClient, user: AuthUser, id: string, ip: string | null): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id, userId: user.id } });
    if (count === 0) throw new ApiError('NOT_FOUND', 'Session not found');
    await recordAudit(tx, { actorId: user.id, action: 'auth.session_revoke', targetType: 'session', targetId: id, result: 'success', ip });
  });
}
