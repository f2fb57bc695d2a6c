import { describe, expect, it } from 'vitest';
import type { Store } from '../../src';
import { unique, type MakeStore } from './harness';

const HOUR_MS = 60 * 60 * 1000;

async function userWithSessions(store: Store, n: number, expiresAt = new Date(Date.now() + HOUR_MS)) {
  const user = await store.users.create({
    email: `${unique('sess')}@example.test`,
    name: 'S',
    role: 'member',
    passwordHash: 'h',
  });
  const sessions = [];
  for (let i = 0; i < n; i++) {
    sessions.push(
      await store.sessions.create({ userId: user.id, tokenHash: unique('th'), expiresAt, createdAt: new Date() }),
    );
  }
  return { user, sessions };
}

export function contract(make: MakeStore) {
  describe('SessionRepository', () => {
    it('creates a session and finds it by token hash with its user', async () => {
      const { store } = make();
      const createdAt = new Date(Date.now() - 5000);
      const { user } = await userWithSessions(store, 0);
      const s = await store.sessions.create({
        userId: user.id,
        tokenHash: unique('th'),
        expiresAt: new Date(Date.now() + HOUR_MS),
        createdAt,
      });
      expect(s.createdAt).toEqual(createdAt);
      const found = await store.sessions.findByTokenHash(s.tokenHash);
      expect(found).toMatchObject({
        id: s.id,
        userId: user.id,
        user: { id: user.id, email: user.email, name: 'S', role: 'member', deactivatedAt: null },
      });
      expect(found!.user).not.toHaveProperty('passwordHash');
      expect(await store.sessions.findByTokenHash(unique('nope'))).toBeNull();
      await expect(
        store.sessions.create({ userId: user.id, tokenHash: s.tokenHash, expiresAt: s.expiresAt, createdAt }),
      ).rejects.toMatchObject({ code: 'P2002' });
    });

    it('renews, and deletes by id, by token hash (saying whose) and only the owner’s', async () => {
      const { store } = make();
      const { user, sessions } = await userWithSessions(store, 3);
      const [a, b, c] = sessions as [(typeof sessions)[0], (typeof sessions)[0], (typeof sessions)[0]];
      const seen = new Date();
      const until = new Date(Date.now() + 2 * HOUR_MS);
      await store.sessions.renew(a.id, seen, until);
      expect(await store.sessions.findByTokenHash(a.tokenHash)).toMatchObject({ lastSeenAt: seen, expiresAt: until });

      await store.sessions.delete(a.id);
      await store.sessions.delete(a.id);
      expect(await store.sessions.findByTokenHash(a.tokenHash)).toBeNull();

      expect(await store.sessions.deleteByTokenHash(b.tokenHash)).toEqual({ userId: user.id });
      expect(await store.sessions.deleteByTokenHash(b.tokenHash)).toBeNull();

      const stranger = await userWithSessions(store, 0);
      expect(await store.sessions.deleteOwn(c.id, stranger.user.id)).toBe(false);
      expect(await store.sessions.findByTokenHash(c.tokenHash)).not.toBeNull();
      expect(await store.sessions.deleteOwn(c.id, user.id)).toBe(true);
      expect(await store.sessions.deleteOwn(c.id, user.id)).toBe(false);
    });

    it('lists a user’s live sessions newest first and ends all of them but one', async () => {
      const { store } = make();
      const { user, sessions } = await userWithSessions(store, 3);
      await store.sessions.create({
        userId: user.id,
        tokenHash: unique('th'),
        expiresAt: new Date(Date.now() - 1000),
        createdAt: new Date(),
      });
      const other = await userWithSessions(store, 1);
      const live = await store.sessions.listLive(user.id, new Date());
      expect(live.map((s) => s.id)).toEqual(sessions.map((s) => s.id).reverse());

      expect(await store.sessions.deleteAllOfUser(user.id, sessions[0]!.id)).toBe(3);
      expect((await store.sessions.listLive(user.id, new Date())).map((s) => s.id)).toEqual([sessions[0]!.id]);
      expect(await store.sessions.deleteAllOfUser(user.id)).toBe(1);
      expect(await store.sessions.listLive(other.user.id, new Date())).toHaveLength(1);
    });
  });
}
