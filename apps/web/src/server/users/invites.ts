import 'server-only';
import type { PendingInvite } from '@weft/contracts';
import type { Repositories, Role, RoleHolder, Store, UserInvite } from '@weft/db';
import { recordAudit } from '../audit';
import { toUserView, type UserView } from '../auth/auth-user';
import { hashPassword } from '../auth/password';
import type { StartedSession } from '../auth/sessions';
import { startSignedInSession } from '../auth/sign-in';
import { rateLimited, reserveInviteAttempt, type Attempt } from '../auth/throttle';
import { hashToken, randomToken } from '../auth/tokens';
import type { Services } from '../composition';
import { ApiError } from '../http/errors';
import { errorCode } from '../http/map-error';
import { mapPage, type Page, type PageQuery } from '../pagination';
import { createWithRoleGrant, mayGiveRole, recordRoleGrant } from './roles';

/** How long an invite link works. */
export const INVITE_TTL_MS = 7 * 24 * 60 * 60 * 1000;

const GONE = 'This invite link is unknown, already used or expired; ask for a new one';
const ORPHANED = 'This invite link no longer works: whoever made it may no longer invite this role; ask for a new one';
const TAKEN = 'A user with this email already exists';

type Limited = Pick<Services, 'store' | 'rateLimiter'>;

/**
 * Invites a user by a one-time link (docs/access.md): owners and admins; only an owner invites
 * admins or owners. The link is returned once (only its hash is kept); no e-mail is sent.
 */
export async function createInvite(
  store: Store,
  actor: { id: string; role: Role },
  input: { email: string; name: string; role: Role },
  origin: string,
  ip: string | null,
) {
  if (!mayGiveRole(actor, input.role))
    throw new ApiError('FORBIDDEN', `Only an owner may invite a user with role ${input.role}`);
  if (await store.users.findByEmail(input.email)) throw new ApiError('CONFLICT', TAKEN);
  const token = randomToken();
  const invite = await createWithRoleGrant(
    store,
    actor.id,
    { action: 'user.invite', targetType: 'invite', email: input.email, role: input.role },
    (tx) =>
      tx.users.createInvite({
        ...input,
        tokenHash: hashToken(token),
        invitedById: actor.id,
        expiresAt: new Date(Date.now() + INVITE_TTL_MS),
      }),
    ip,
  );
  return {
    id: invite.id,
    email: invite.email,
    name: invite.name,
    role: invite.role,
    expiresAt: invite.expiresAt.toISOString(),
    link: `${origin}/invite/${token}`,
  };
}

type Reason = 'unknown_token' | 'used' | 'expired' | 'inviter_lost_role' | 'email_taken';

/** Why an invite can't be read or accepted; becomes the 404/409 the caller sees, and the audit reason. */
class InviteRefused extends Error {
  constructor(
    readonly reason: Reason,
    readonly inviteId: string | null,
  ) {
    super(reason);
  }

  toApiError(): ApiError {
    if (this.reason === 'email_taken') return new ApiError('CONFLICT', TAKEN);
    return new ApiError('NOT_FOUND', this.reason === 'inviter_lost_role' ? ORPHANED : GONE);
  }
}

/** True while the invite's maker could still make it: active, and holding a role that gives `invite.role`. */
function inviterMayStill(inviter: RoleHolder | null, invite: Pick<UserInvite, 'role'>): boolean {
  return inviter !== null && mayGiveRole({ role: inviter.role, active: inviter.deactivatedAt === null }, invite.role);
}

/** The invite `token` names if it can be accepted now, else InviteRefused. Cheap: no scrypt. */
async function usableInvite(store: Pick<Repositories, 'users'>, token: string): Promise<UserInvite> {
  const invite = await store.users.findInviteByTokenHash(hashToken(token));
  if (!invite) throw new InviteRefused('unknown_token', null);
  if (invite.acceptedAt) throw new InviteRefused('used', invite.id);
  if (invite.expiresAt <= new Date()) throw new InviteRefused('expired', invite.id);
  const inviter = invite.invitedById ? await store.users.findById(invite.invitedById) : null;
  if (!inviterMayStill(inviter, invite)) throw new InviteRefused('inviter_lost_role', invite.id);
  return invite;
}

/**
 * Runs `fn` on one attempt of the address's invite budget (auth/throttle.ts): a refusal keeps
 * the point, a success hands it back, so only bad links can lock an address.
 */
async function throttled<T>(
  services: Limited,
  ip: string | null,
  onRefused: (err: InviteRefused | null) => Promise<void>,
  fn: () => Promise<T>,
): Promise<T> {
  const reservation = await reserveInviteAttempt(services, ip);
  if (!reservation.ok) {
    await onRefused(null);
    throw rateLimited(reservation.retryAfterSeconds);
  }
  const attempt: Attempt = reservation.attempt;
  try {
    const result = await fn();
    await attempt.succeeded();
    return result;
  } catch (err) {
    if (!(err instanceof InviteRefused)) throw err;
    await attempt.failed();
    await onRefused(err);
    throw err.toApiError();
  }
}

/** What an invite link is for (the accept page shows it); 404 when unknown, used, expired or its inviter lost the role. */
export async function readInvite(services: Limited, token: string, ip: string | null) {
  const invite = await throttled(
    services,
    ip,
    async () => undefined,
    () => usableInvite(services.store, token),
  );
  return { email: invite.email, name: invite.name, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
}

/**
 * Accepts an invite: creates the user with the chosen password and signs them in. Works once,
 * even when sent twice at once, and only while the inviter still holds a role that could make
 * it. Every check runs before the password is hashed, so a bad link costs no scrypt; the
 * inviter's row is locked while the user is created, so a demotion that commits meanwhile wins.
 */
export async function acceptInvite(
  services: Limited,
  input: { token: string; password: string; name?: string | undefined },
  ip: string | null,
): Promise<{ user: UserView; session: StartedSession }> {
  const { store } = services;
  const audit = (err: InviteRefused | null) =>
    recordAudit(store, {
      actorId: null,
      action: 'user.invite_accept',
      targetType: 'invite',
      targetId: err?.inviteId ?? null,
      result: 'failure',
      details: { reason: err?.reason ?? 'rate_limited' },
      ip,
    });
  return throttled(services, ip, audit, async () => {
    const checked = await usableInvite(store, input.token);
    if (await store.users.findByEmail(checked.email)) throw new InviteRefused('email_taken', checked.id);
    const passwordHash = await hashPassword(input.password);
    try {
      return await store.transaction(async (tx) => {
        // The claim is the one-time check: a second accept finds nothing to claim.
        const invite = await tx.users.claimInvite(checked.id, new Date());
        if (!invite) throw new InviteRefused('used', checked.id);
        // Locked for share: a role change in flight is waited for, and its result read.
        const inviter = invite.invitedById ? await tx.users.lockRoleHolder(invite.invitedById) : null;
        if (!inviterMayStill(inviter, invite)) throw new InviteRefused('inviter_lost_role', invite.id);
        const user = await tx.users.create({
          email: invite.email,
          name: input.name ?? invite.name,
          role: invite.role,
          passwordHash,
        });
        const session = await startSignedInSession(tx, user.id, {
          action: 'user.invite_accept',
          details: { inviteId: invite.id, invitedById: invite.invitedById, role: invite.role },
          ip,
        });
        return { user: toUserView(user), session };
      });
    } catch (err) {
      if (errorCode(err) === 'P2002') throw new InviteRefused('email_taken', checked.id);
      throw err;
    }
  });
}

/**
 * Pending invites (not used, not expired), newest first, for owners and admins: who they are
 * for, who made them and whether the link still works (`usable` is false once the inviter
 * lost the role that could make it). Never the token or link: only its hash is stored.
 */
export async function listInvites(store: Pick<Repositories, 'users'>, page: PageQuery): Promise<Page<PendingInvite>> {
  const rows = await store.users.listPendingInvites(new Date(), page);
  const inviterIds = [...new Set(rows.items.flatMap((r) => (r.invitedById ? [r.invitedById] : [])))];
  const inviters = new Map((await store.users.findByIds(inviterIds)).map((u) => [u.id, u]));
  return mapPage(rows, (r) => {
    const inviter = (r.invitedById && inviters.get(r.invitedById)) || null;
    return {
      id: r.id,
      email: r.email,
      name: r.name,
      role: r.role,
      invitedBy: inviter ? { id: inviter.id, email: inviter.email, name: inviter.name } : null,
      createdAt: r.createdAt.toISOString(),
      expiresAt: r.expiresAt.toISOString(),
      usable: inviterMayStill(inviter, r),
    };
  });
}

/**
 * Revokes an invite that was not used yet: its link stops working at once. Whoever may make an
 * invite for that role may revoke it (an admin: member invites; an owner: any). Used or
 * unknown → 404. The deletion and its audit record commit together.
 */
export async function revokeInvite(
  store: Store,
  actor: { id: string; role: Role },
  id: string,
  ip: string | null,
): Promise<void> {
  await store.transaction(async (tx) => {
    const invite = await tx.users.findUnusedInvite(id);
    if (!invite) throw new ApiError('NOT_FOUND', 'Invite not found, or already used');
    if (!mayGiveRole(actor, invite.role))
      throw new ApiError('FORBIDDEN', `Only an owner may revoke an invite for role ${invite.role}`);
    // Conditional: an accept that claimed it meanwhile wins, and this is a 404.
    if (!(await tx.users.deleteUnusedInvite(id))) throw new ApiError('NOT_FOUND', 'Invite not found, or already used');
    await recordRoleGrant(
      tx,
      actor.id,
      { action: 'user.invite_revoke', targetType: 'invite', targetId: id, email: invite.email, role: invite.role },
      ip,
    );
  });
}
