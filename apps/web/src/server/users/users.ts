import 'server-only';
import type { Repositories, Role, Store } from '@weft/db';
import { recordAudit } from '../audit';
import { toUserView, type UserView } from '../auth/auth-user';
import { hashPassword } from '../auth/password';
import { ApiError } from '../http/errors';
import { errorCode } from '../http/map-error';
import { mapPage, type Page, type PageQuery } from '../pagination';
import { createWithRoleGrant, mayGiveRole } from './roles';

/** All users, oldest first (so the owner leads the list). */
export async function listUsers(
  store: Pick<Repositories, 'users'>,
  page: PageQuery,
): Promise<Page<UserView & { active: boolean }>> {
  return mapPage(await store.users.listPage(page), (u) => ({ ...toUserView(u), active: u.deactivatedAt === null }));
}

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  role: Role;
}

/**
 * Creates a user. Only an owner may create owners or admins; an admin may add members.
 * (The caller already passed the route's owner/admin check.)
 */
export async function createUser(
  store: Store,
  actor: { id: string; role: Role },
  input: CreateUserInput,
  ip: string | null,
): Promise<UserView> {
  if (!mayGiveRole(actor, input.role))
    throw new ApiError('FORBIDDEN', `Only an owner may create a user with role ${input.role}`);
  const passwordHash = await hashPassword(input.password);
  try {
    const user = await createWithRoleGrant(
      store,
      actor.id,
      { action: 'user.create', targetType: 'user', email: input.email, role: input.role },
      (tx) => tx.users.create({ email: input.email, name: input.name, role: input.role, passwordHash }),
      ip,
    );
    return toUserView(user);
  } catch (err) {
    if (errorCode(err) === 'P2002') throw new ApiError('CONFLICT', 'A user with this email already exists');
    throw err;
  }
}

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  /** false deactivates (sessions end, keys and JWTs stop); true reactivates. */
  active?: boolean;
}

/**
 * Changes a user's name, role or whether they are active (SPEC §7, docs/access.md). Only an
 * owner makes or unmakes owners and admins (transfers ownership), or deactivates one; an admin
 * manages members. The last active owner can't be demoted or deactivated (409). Deactivating
 * ends the user's sessions in the same transaction; their API keys and JWTs stop at once (the
 * user is checked on every request) and work again if they are reactivated.
 */
export async function updateUser(
  store: Store,
  actor: { id: string; role: Role },
  id: string,
  input: UpdateUserInput,
  ip: string | null,
): Promise<UserView & { active: boolean }> {
  const target = await store.users.findById(id);
  if (!target) throw new ApiError('NOT_FOUND', 'User not found');
  const touchesPrivileged = target.role !== 'member' || (input.role !== undefined && input.role !== 'member');
  if (touchesPrivileged && actor.role !== 'owner' && (input.role !== undefined || input.active !== undefined)) {
    throw new ApiError(
      'FORBIDDEN',
      'Only an owner may change the role of an owner or admin, make admins or owners, or deactivate them',
    );
  }
  const demoted = target.role === 'owner' && input.role !== undefined && input.role !== 'owner';
  const deactivated = input.active === false && target.deactivatedAt === null;
  return store.transaction(async (tx) => {
    // Counted under the owners' lock, in this transaction: two owners demoting each other at once must leave one.
    if ((demoted || deactivated) && target.role === 'owner' && (await tx.users.countOtherActiveOwners(id)) === 0)
      throw new ApiError('CONFLICT', 'This is the last active owner: make another owner first');
    const updated = await tx.users.update(id, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.active === false
        ? { deactivatedAt: target.deactivatedAt ?? new Date() }
        : input.active === true
          ? { deactivatedAt: null }
          : {}),
    });
    if (deactivated) await tx.sessions.deleteAllOfUser(id);
    const action = deactivated
      ? 'user.deactivate'
      : input.active === true && target.deactivatedAt
        ? 'user.reactivate'
        : input.role !== undefined && input.role !== target.role
          ? 'user.role'
          : 'user.update';
    await recordAudit(tx, {
      actorId: actor.id,
      action,
      targetType: 'user',
      targetId: id,
      result: 'success',
      details: { from: { role: target.role, active: target.deactivatedAt === null }, to: input },
      ip,
    });
    return { ...toUserView(updated), active: updated.deactivatedAt === null };
  });
}
