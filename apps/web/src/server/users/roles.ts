import type { Role } from '@weft/db';

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
