import { describe, expect, it } from 'vitest';
import type { Store } from '../../src';
import { unique, type MakeStore } from './harness';

const DAY_MS = 24 * 60 * 60 * 1000;

function newUser(store: Pick<Store, 'users'>, role: 'owner' | 'admin' | 'member' = 'member') {
  const email = `${unique('user')}@example.test`;
  return store.users.create({ email, name: 'U', role, passwordHash: 'hash' });
}

function newInvite(store: Pick<Store, 'users'>, invitedById: string, expiresAt = new Date(Date.now() + DAY_MS)) {
  return store.users.createInvite({
    email: `${unique('invitee')}@example.test`,
    name: 'Invitee',
    role: 'member',
    tokenHash: unique('token-hash'),
    invitedById,
    expiresAt,
  });
}

export function contract(make: MakeStore) {
  describe('UserRepository', () => {
    it('creates users, finds them by id, email and ids, and refuses a taken email as P2002', async () => {
      const { store } = make();
      const u = await newUser(store, 'admin');
      expect(u).toMatchObject({ role: 'admin', name: 'U', passwordHash: 'hash', deactivatedAt: null });
      expect(await store.users.findById(u.id)).toEqual(u);
      expect(await store.users.findByEmail(u.email)).toEqual(u);
      expect(await store.users.findByEmail(`${unique('nobody')}@example.test`)).toBeNull();
      expect(await store.users.findById('00000000-0000-7000-8000-000000000000')).toBeNull();
      const other = await newUser(store);
      const found = await store.users.findByIds([u.id, other.id, '00000000-0000-7000-8000-000000000000']);
      expect(found.map((f) => f.id).sort()).toEqual([u.id, other.id].sort());
      expect(await store.users.anyExists()).toBe(true);
      await expect(
        store.users.create({ email: u.email, name: 'Dup', role: 'member', passwordHash: 'x' }),
      ).rejects.toMatchObject({ code: 'P2002' });
    });

    it('createFirstOwner creates no one once a user exists', async () => {
      const { store } = make();
      await newUser(store);
      const email = `${unique('first')}@example.test`;
      expect(await store.transaction((tx) => tx.users.createFirstOwner({ email, name: 'F', passwordHash: 'h' }))).toBe(
        null,
      );
      expect(await store.users.findByEmail(email)).toBeNull();
    });

    it('updates name, role, deactivation and password hash, moving updatedAt', async () => {
      const { store } = make();
      const u = await newUser(store);
      const off = new Date();
      const changed = await store.users.update(u.id, { name: 'New', role: 'admin', deactivatedAt: off });
      expect(changed).toMatchObject({ name: 'New', role: 'admin', deactivatedAt: off, email: u.email });
      expect(changed.updatedAt.getTime()).toBeGreaterThanOrEqual(u.updatedAt.getTime());
      expect(await store.users.update(u.id, { deactivatedAt: null })).toMatchObject({
        deactivatedAt: null,
        name: 'New',
      });
      await store.users.setPasswordHash(u.id, 'new-hash');
      expect((await store.users.findById(u.id))!.passwordHash).toBe('new-hash');
    });

    it('counts the other active owners (not the one asked about, not deactivated ones)', async () => {
      const { store } = make();
      const a = await newUser(store, 'owner');
      const b = await newUser(store, 'owner');
      // As differences within one transaction: other suites add owners to the shared database meanwhile.
      const gap = () =>
        store.transaction(
          async (tx) => (await tx.users.countOtherActiveOwners(b.id)) - (await tx.users.countOtherActiveOwners(a.id)),
        );
      expect(await gap()).toBe(0);
      await store.users.update(b.id, { deactivatedAt: new Date() });
      expect(await gap()).toBe(1);
      await store.users.update(a.id, { role: 'member' });
      expect(await gap()).toBe(0);
    });

    it('reads a role holder under a share lock; null for an unknown id', async () => {
      const { store } = make();
      const u = await newUser(store, 'admin');
      expect(await store.transaction((tx) => tx.users.lockRoleHolder(u.id))).toEqual({
        role: 'admin',
        deactivatedAt: null,
      });
      expect(await store.transaction((tx) => tx.users.lockRoleHolder('00000000-0000-7000-8000-000000000000'))).toBe(
        null,
      );
    });

    it('lists users oldest first in keyset pages', async () => {
      const { store } = make();
      const a = await newUser(store);
      const b = await newUser(store);
      const page = await store.users.listPage({ limit: 1, cursor: a.id });
      expect(page.items[0]!.id).toBe(b.id);
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const p = await store.users.listPage({ limit: 50, ...(cursor ? { cursor } : {}) });
        all.push(...p.items.map((u) => u.id));
        cursor = p.nextCursor ?? undefined;
      } while (cursor);
      expect(all.indexOf(a.id)).toBeLessThan(all.indexOf(b.id));
      expect([...all].sort()).toEqual(all);
    });

    it('invites: found by token hash and while unused; claimed once; an expired one is not claimed', async () => {
      const { store } = make();
      const inviter = await newUser(store, 'admin');
      const invite = await newInvite(store, inviter.id);
      expect(invite).toMatchObject({ acceptedAt: null, invitedById: inviter.id, role: 'member' });
      expect(await store.users.findInviteByTokenHash(invite.tokenHash)).toEqual(invite);
      expect(await store.users.findInviteByTokenHash(unique('nope'))).toBeNull();
      expect(await store.users.findUnusedInvite(invite.id)).toEqual(invite);

      const now = new Date();
      const claimed = await store.users.claimInvite(invite.id, now);
      expect(claimed).toMatchObject({ id: invite.id, acceptedAt: now });
      expect(await store.users.claimInvite(invite.id, new Date())).toBeNull();
      expect(await store.users.findUnusedInvite(invite.id)).toBeNull();
      expect(await store.users.deleteUnusedInvite(invite.id)).toBe(false);

      const expired = await newInvite(store, inviter.id, new Date(Date.now() - 1000));
      expect(await store.users.claimInvite(expired.id, new Date())).toBeNull();
      expect(await store.users.findUnusedInvite(expired.id)).not.toBeNull();
    });

    it('of two concurrent claims of one invite, exactly one wins', async () => {
      const { store } = make();
      const inviter = await newUser(store, 'admin');
      const invite = await newInvite(store, inviter.id);
      const results = await Promise.all([
        store.transaction((tx) => tx.users.claimInvite(invite.id, new Date())),
        store.transaction((tx) => tx.users.claimInvite(invite.id, new Date())),
      ]);
      expect(results.filter((r) => r !== null)).toHaveLength(1);
    });

    it('deletes an unused invite once, and lists pending invites newest first', async () => {
      const { store } = make();
      const inviter = await newUser(store, 'owner');
      const first = await newInvite(store, inviter.id);
      const second = await newInvite(store, inviter.id);
      const expired = await newInvite(store, inviter.id, new Date(Date.now() - 1000));
      const used = await newInvite(store, inviter.id);
      await store.users.claimInvite(used.id, new Date());

      const pending = await store.users.listPendingInvites(new Date(), { limit: 1, cursor: second.id });
      expect(pending.items.map((i) => i.id)).toEqual([first.id]);
      const mine = (await store.users.listPendingInvites(new Date(), { limit: 1000 })).items.filter(
        (i) => i.invitedById === inviter.id,
      );
      expect(mine.map((i) => i.id)).toEqual([second.id, first.id]);
      expect(mine.map((i) => i.id)).not.toContain(expired.id);

      expect(await store.users.deleteUnusedInvite(first.id)).toBe(true);
      expect(await store.users.deleteUnusedInvite(first.id)).toBe(false);
      expect(await store.users.findUnusedInvite(first.id)).toBeNull();
    });
  });
}
