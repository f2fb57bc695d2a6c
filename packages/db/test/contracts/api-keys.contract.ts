import { describe, expect, it } from 'vitest';
import type { Store } from '../../src';
import { unique, type MakeStore } from './harness';

async function newUser(store: Store) {
  return store.users.create({ email: `${unique('keys')}@example.test`, name: 'K', role: 'member', passwordHash: 'h' });
}

function newKey(store: Store, userId: string, name = 'key', keyHash = unique('kh')) {
  return store.apiKeys.create({ userId, name, prefix: 'wft_abcdefgh', keyHash, expiresAt: null, scopes: ['read'] });
}

export function contract(make: MakeStore) {
  describe('ApiKeyRepository', () => {
    it('creates a key and lists its owner’s keys newest first, never the hash', async () => {
      const { store } = make();
      const user = await newUser(store);
      const expiresAt = new Date(Date.now() + 60_000);
      const a = await store.apiKeys.create({
        userId: user.id,
        name: 'a',
        prefix: 'wft_12345678',
        keyHash: unique('kh'),
        expiresAt,
        scopes: ['read', 'execute'],
      });
      expect(a).toMatchObject({ name: 'a', prefix: 'wft_12345678', scopes: ['read', 'execute'], expiresAt });
      expect(a.lastUsedAt).toBeNull();
      expect(a).not.toHaveProperty('keyHash');
      const b = await newKey(store, user.id, 'b');
      const first = await store.apiKeys.listForUser(user.id, { limit: 1 });
      expect(first.items).toEqual([b]);
      expect(first.nextCursor).toBe(b.id);
      const second = await store.apiKeys.listForUser(user.id, { limit: 1, cursor: first.nextCursor! });
      expect(second).toEqual({ items: [a], nextCursor: null });
      expect((await store.apiKeys.listForUser((await newUser(store)).id, { limit: 10 })).items).toEqual([]);
    });

    it('finds a key by hash with its user; a taken hash is P2002', async () => {
      const { store } = make();
      const user = await newUser(store);
      const keyHash = unique('kh');
      const created = await newKey(store, user.id, 'k', keyHash);
      const found = await store.apiKeys.findByKeyHash(keyHash);
      expect(found).toMatchObject({
        id: created.id,
        scopes: ['read'],
        user: { id: user.id, email: user.email, role: 'member', deactivatedAt: null },
      });
      expect(await store.apiKeys.findByKeyHash(unique('nope'))).toBeNull();
      await expect(
        store.apiKeys.create({ userId: user.id, name: 'dup', prefix: 'p', keyHash, expiresAt: null, scopes: [] }),
      ).rejects.toMatchObject({ code: 'P2002' });
    });

    it('revokes only the owner’s key, once', async () => {
      const { store } = make();
      const user = await newUser(store);
      const stranger = await newUser(store);
      const key = await newKey(store, user.id, 'mine');
      expect(await store.apiKeys.revokeOwn(key.id, stranger.id)).toBeNull();
      expect((await store.apiKeys.listForUser(user.id, { limit: 10 })).items).toHaveLength(1);
      expect(await store.apiKeys.revokeOwn(key.id, user.id)).toEqual({ id: key.id, name: 'mine', prefix: key.prefix });
      expect(await store.apiKeys.revokeOwn(key.id, user.id)).toBeNull();
    });

    it('touchLastUsed writes only when the last use is older than staleBefore', async () => {
      const { store } = make();
      const user = await newUser(store);
      const keyHash = unique('kh');
      const key = await newKey(store, user.id, 'k', keyHash);
      const t1 = new Date(Date.now() - 10_000);
      await store.apiKeys.touchLastUsed(key.id, t1, new Date(t1.getTime() - 60_000));
      expect((await store.apiKeys.findByKeyHash(keyHash))!.lastUsedAt).toEqual(t1);
      // Used since the stale mark: no write.
      await store.apiKeys.touchLastUsed(key.id, new Date(), new Date(t1.getTime() - 1));
      expect((await store.apiKeys.findByKeyHash(keyHash))!.lastUsedAt).toEqual(t1);
      const t2 = new Date();
      await store.apiKeys.touchLastUsed(key.id, t2, new Date(t1.getTime() + 1));
      expect((await store.apiKeys.findByKeyHash(keyHash))!.lastUsedAt).toEqual(t2);
    });
  });
}
