import 'server-only';
import type { PrismaClient, Role } from '@weft/db';
import { recordAudit } from '../audit';
import { toUserView, type UserView } from '../auth/auth-user';
import { hashPassword } from '../auth/password';
import { startSession, type StartedSession } from '../auth/sessions';
import { hashToken, randomToken } from '../auth/tokens';
import { ApiError } from '../http/errors';
import { errorCode } from '../http/map-error';

/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const GONE = 'This invite link is unknown, already used or expired; ask for a new one';

/**
 * Invites a user by a one-time link (docs/access.md): owners and admins; only an owner invites
 * admins or owners. The link is returned once (only its hash is kept); no e-mail is sent.
 */
export async function createInvite(prisma: PrismaClient, actor: { id: string; role: Role }, input: { email: string; name: string; role: Role }, origin: string, ip: string | null) {
  if (input.role !== 'member' && actor.role !== 'owner') throw new ApiError('FORBIDDEN', `Only an owner may invite a user with role ${input.role}`);
  if (await prisma.user.findUnique({ where: { email: input.email }, select: { id: true } })) throw new ApiError('CONFLICT', 'A user with this email already exists');
  const token = randomToken();
  const invite = await prisma.$transaction(async (tx) => {
    const created = await tx.userInvite.create({ data: { ...input, tokenHash: hashToken(token), invitedById: actor.id, expiresAt: new Date(Date.now() + INVITE_TTL_MS) } });
    await recordAudit(tx, { actorId: actor.id, action: 'user.invite', targetType: 'invite', targetId: created.id, result: 'success', details: { email: input.email, role: input.role }, ip });
    return created;
  });
  return { id: invite.id, email: invite.email, name: invite.name, role: invite.role, expiresAt: invite.expiresAt.toISOString(), link: `${origin}/invite/${token}` };
}

/** What an invite link is for (the accept page shows it); 404 when unknown, used or expired. */
export async function readInvite(prisma: PrismaClient, token: string) {
  const invite = await prisma.userInvite.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!invite || invite.acceptedAt || invite.expiresAt <= new Date()) throw new ApiError('NOT_FOUND', GONE);
  return { email: invite.email, name: invite.name, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
}

/** Accepts an invite: creates the user with the chosen password and signs them in. Works once, even when sent twice at once. */
export async function acceptInvite(prisma: PrismaClient, input: { token: string; password: string; name?: string | undefined }, ip: string | null): Promise<{ user: UserView; session: StartedSession }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const now = new Date();
      // The conditional update is the one-time check: a second accept finds nothing to claim.
      const claimed = await tx.userInvite.updateManyAndReturn({ where: { tokenHash: hashToken(input.token), acceptedAt: null, expiresAt: { gt: now } }, data: { acceptedAt: now } });
      const invite = claimed[0];
      if (!invite) throw new ApiError('NOT_FOUND', GONE);
      const user = await tx.user.create({ data: { email: invite.email, name: input.name ?? invite.name, role: invite.role, passwordHash } });
      const session = await startSession(tx, user.id);
      await recordAudit(tx, { actorId: user.id, action: 'user.invite_accept', targetType: 'user', targetId: user.id, result: 'success', details: { inviteId: invite.id, invitedById: invite.invitedById, role: invite.role }, ip });
      return { user: toUserView(user), session };
    });
  } catch (err) {
    if (errorCode(err) === 'P2002') throw new ApiError('CONFLICT', 'A user with this email already exists');
    throw err;
  }
}
