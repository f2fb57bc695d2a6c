import type { Repositories, Role, Store } from '@weft/db';
import { recordAudit } from '../audit';

/**
 * Who may give someone a role — create a user with it, invite one, or revoke such an invite
 * (docs/access.md): an owner gives any role; an admin gives `member`; a member or a
 * deactivated user gives none. One rule, so an invite is usable exactly while its inviter
 * could still make it (`active` is false once deactivated).
 */
export function mayGiveRole(actor: { role: Role; active?: boolean }, role: Role): boolean {
  if (actor.active === false) return false;
  return actor.role === 'owner' || (actor.role === 'admin' && role === 'member');
}

/** One of the acts `mayGiveRole` allows, as its audit record names it: whom (email) it gave which role. */
export interface RoleGrant {
  action: 'user.create' | 'user.invite' | 'user.invite_revoke';
  targetType: 'user' | 'invite';
  targetId: string;
  email: string;
  role: Role;
}

/** Audits a role given or withdrawn by `actorId`; inside `store.transaction` it commits with the change. */
export function recordRoleGrant(
  tx: Pick<Repositories, 'audit' | 'afterCommit'>,
  actorId: string,
  { action, targetType, targetId, email, role }: RoleGrant,
  ip: string | null,
): Promise<void> {
  return recordAudit(tx, { actorId, action, targetType, targetId, result: 'success', details: { email, role }, ip });
}

/** Creates what gives a role (a user, an invite) and audits the grant: both commit together, or neither does. */
export function createWithRoleGrant<T extends { id: string }>(
  store: Store,
  actorId: string,
  grant: Omit<RoleGrant, 'targetId'>,
  create: (tx: Repositories) => Promise<T>,
  ip: string | null,
): Promise<T> {
  return store.transaction(async (tx) => {
    const created = await create(tx);
    await recordRoleGrant(tx, actorId, { ...grant, targetId: created.id }, ip);
    return created;
  });
}
