// User management and invites on the in-memory store (@weft/db/memory): who may do what (403),
// what is unknown (404) or taken (409), the last-owner guard, the one-time invite claim, audit rows,
// and nothing half-written when a step fails.
import type { Role, Store, User } from '@weft/db';
import { describe, expect, it } from 'vitest';
import { resolveSession, startSession } from '@/server/auth/sessions';
import { acceptInvite, createInvite, listInvites, readInvite, revokeInvite } from '@/server/users/invites';
import { createUser, listUsers, updateUser } from '@/server/users/users';
import { auditActions, memoryServices, PASSWORD, seedUser, withAuditFailing } from './people-fakes';

const IP = '203.0.113.9';
const ORIGIN = 'http://weft.test';

function invite(store: Store, actor: User, email: string, role: Role = 'member') {
  return createInvite(store, actor, { email, name: email.split('@')[0]!, role }, ORIGIN, IP);
}

function tokenOf(link: string): string {
  return link.slice(`${ORIGIN}/invite/`.length);
}

describe('users', () => {
  it('an admin creates members but not admins (403); a taken email is 409; listed oldest first', async () => {
    const { store } = memoryServices();
    const owner = await seedUser(store, 'owner');
    const admin = await seedUser(store, 'admin');
    const input = { email: 'new@example.test', name: 'New', password: PASSWORD, role: 'admin' as const };
    await expect(createUser(store, admin, input, IP)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const created = await createUser(store, admin, { ...input, role: 'member' }, IP);
    expect(created).toMatchObject({ email: 'new@example.test', role: 'member' });
    await expect(createUser(store, owner, input, IP)).rejects.toMatchObject({ code: 'CONFLICT' });
    const listed = await listUsers(store, { limit: 2 });
    expect(listed.items.map((u) => u.id)).toEqual([owner.id, admin.id]);
    expect((await listUsers(store, { limit: 2, cursor: listed.nextCursor! })).items).toEqual([
      expect.objectContaining({ id: created.id, active: true }),
    ]);
    expect(await auditActions(store)).toEqual(['user.create:success']);
  });

  it('creates no user when its audit record cannot be written', async () => {
    const { store } = memoryServices();
    const owner = await seedUser(store, 'owner');
    const input = { email: 'lost@example.test', name: 'L', password: PASSWORD, role: 'member' as const };
    await expect(createUser(withAuditFailing(store), owner, input, IP)).rejects.toThrow('audit down');
    expect(await store.users.findByEmail('lost@example.test')).toBeNull();
  });

  it('the last active owner cannot be demoted or deactivated (409, nothing changed); with a second owner it can', async () => {
    const { store } = memoryServices();
    const owner = await seedUser(store, 'owner');
    await expect(updateUser(store, owner, owner.id, { role: 'admin' }, IP)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(updateUser(store, owner, owner.id, { active: false }, IP)).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    expect(await store.users.findById(owner.id)).toMatchObject({ role: 'owner', deactivatedAt: null });
    const second = await seedUser(store, 'owner', 'second');
    expect(await updateUser(store, second, owner.id, { role: 'admin' }, IP)).toMatchObject({ role: 'admin' });
    expect(await auditActions(store)).toEqual(['user.role:success']);
  });

  it('only an owner changes an admin; an admin manages members; unknown users are 404', async () => {
    const { store } = memoryServices();
    const admin = await seedUser(store, 'admin');
    const other = await seedUser(store, 'admin', 'other');
    const member = await seedUser(store, 'member');
    await expect(updateUser(store, admin, other.id, { active: false }, IP)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(updateUser(store, admin, member.id, { role: 'admin' }, IP)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await updateUser(store, admin, member.id, { name: 'Renamed' }, IP)).toMatchObject({ name: 'Renamed' });
    await expect(
      updateUser(store, admin, '00000000-0000-7000-8000-000000000000', { name: 'x' }, IP),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deactivating ends the user’s sessions; reactivating is audited as such', async () => {
    const { store } = memoryServices();
    const owner = await seedUser(store, 'owner');
    const member = await seedUser(store, 'member');
    const session = await startSession(store, member.id);
    expect(await updateUser(store, owner, member.id, { active: false }, IP)).toMatchObject({ active: false });
    expect(store.tables.sessions.size).toBe(0);
    expect(await resolveSession(store, session.token)).toBeNull();
    expect(await updateUser(store, owner, member.id, { active: true }, IP)).toMatchObject({ active: true });
    expect(await auditActions(store)).toEqual(['user.deactivate:success', 'user.reactivate:success']);
  });
});

describe('invites', () => {
  it('an invite link is read, accepted once (signing the new user in), and then gone', async () => {
    const services = memoryServices();
    const admin = await seedUser(services.store, 'admin');
    const created = await invite(services.store, admin, 'invitee@example.test', 'member');
    const token = tokenOf(created.link);
    expect(await readInvite(services, token, IP)).toMatchObject({ email: 'invitee@example.test', role: 'member' });
    const { user, session } = await acceptInvite(services, { token, password: PASSWORD, name: 'Chosen' }, IP);
    expect(user).toMatchObject({ email: 'invitee@example.test', name: 'Chosen', role: 'member' });
    expect(await resolveSession(services.store, session.token)).toMatchObject({ user: { id: user.id } });
    await expect(acceptInvite(services, { token, password: PASSWORD }, IP)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(readInvite(services, token, IP)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await auditActions(services.store)).toEqual([
      'user.invite:success',
      'user.invite_accept:success',
      'user.invite_accept:failure',
    ]);
  });

  it('an admin may not invite an admin (403); an email already in use is 409', async () => {
    const { store } = memoryServices();
    const admin = await seedUser(store, 'admin');
    const input = { email: 'x@example.test', name: 'X', role: 'admin' as const };
    await expect(createInvite(store, admin, input, ORIGIN, IP)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      createInvite(store, admin, { ...input, email: admin.email, role: 'member' }, ORIGIN, IP),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(store.tables.invites.size).toBe(0);
  });

  it('stops working once its inviter lost the role that could make it (listed as not usable)', async () => {
    const services = memoryServices();
    const owner = await seedUser(services.store, 'owner');
    const admin = await seedUser(services.store, 'admin');
    const created = await invite(services.store, admin, 'orphan@example.test', 'member');
    await updateUser(services.store, owner, admin.id, { role: 'member' }, IP);
    expect((await listInvites(services.store, { limit: 10 })).items).toEqual([
      expect.objectContaining({ id: created.id, usable: false, invitedBy: expect.objectContaining({ id: admin.id }) }),
    ]);
    await expect(acceptInvite(services, { token: tokenOf(created.link), password: PASSWORD }, IP)).rejects.toThrow(
      /no longer works/,
    );
    expect(await services.store.users.findByEmail('orphan@example.test')).toBeNull();
  });

  it('creates no user and leaves the invite unused when the accept cannot be audited', async () => {
    const services = memoryServices();
    const owner = await seedUser(services.store, 'owner');
    const created = await invite(services.store, owner, 'later@example.test', 'member');
    const failing = { ...services, store: withAuditFailing(services.store) };
    await expect(acceptInvite(failing, { token: tokenOf(created.link), password: PASSWORD }, IP)).rejects.toThrow(
      'audit down',
    );
    expect(await services.store.users.findByEmail('later@example.test')).toBeNull();
    expect(await services.store.users.findUnusedInvite(created.id)).not.toBeNull();
  });

  it('revokes an unused invite (an admin: not an owner’s invite for an admin); then it is 404', async () => {
    const services = memoryServices();
    const owner = await seedUser(services.store, 'owner');
    const admin = await seedUser(services.store, 'admin');
    const forAdmin = await invite(services.store, owner, 'a@example.test', 'admin');
    await expect(revokeInvite(services.store, admin, forAdmin.id, IP)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await revokeInvite(services.store, owner, forAdmin.id, IP);
    await expect(revokeInvite(services.store, owner, forAdmin.id, IP)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readInvite(services, tokenOf(forAdmin.link), IP)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await listInvites(services.store, { limit: 10 })).items).toEqual([]);
  });
});
