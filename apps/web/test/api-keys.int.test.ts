import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as revoke } from '../src/app/api/api-keys/[id]/route';
import { GET as list, POST as create } from '../src/app/api/api-keys/route';
import { GET as me } from '../src/app/api/auth/me/route';
import { hashToken } from '../src/server/auth/tokens';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams, withAuditRefusing } from './helpers';
import { testDb } from '../../../test/integration/db';

interface CreatedKey {
  id: string;
  name: string;
  key: string;
  prefix: string;
  expiresAt: string | null;
}

let alice: Awaited<ReturnType<typeof createUserWithSession>>;
let bob: Awaited<ReturnType<typeof createUserWithSession>>;

beforeAll(async () => {
  alice = await createUserWithSession('member', 'alice');
  bob = await createUserWithSession('member', 'bob');
});

afterAll(async () => {
  await disposeServices();
});

async function createKey(cookie: string, body: Record<string, unknown>): Promise<CreatedKey> {
  const res = await create(request('/api/api-keys', { cookie, body }));
  expect(res.status).toBe(201);
  return (await res.json()) as CreatedKey;
}

describe('API keys', () => {
  it('creates a key shown once, stored only as a hash, usable as a Bearer token', async () => {
    const created = await createKey(alice.cookie, { name: 'CI' });
    expect(created).toMatchObject({ name: 'CI', expiresAt: null });
    expect(created.key).toMatch(/^wft_[A-Za-z0-9_-]{43}$/);
    expect(created.key.startsWith(created.prefix)).toBe(true);

    const row = await testDb().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.keyHash).toBe(hashToken(created.key));
    expect(JSON.stringify(row)).not.toContain(created.key);

    const res = await me(request('/api/auth/me', { bearer: created.key }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: alice.user.id, via: 'api_key' });

    const used = await testDb().apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(used.lastUsedAt).not.toBeNull();
  });

  it('lists only the caller’s keys, without the secret, with cursor paging', async () => {
    await createKey(alice.cookie, { name: 'one' });
    await createKey(alice.cookie, { name: 'two' });
    await createKey(bob.cookie, { name: 'bob’s' });

    const page1 = await list(request('/api/api-keys?limit=1', { cookie: alice.cookie }));
    expect(page1.status).toBe(200);
    const body1 = (await page1.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
    expect(body1.items).toHaveLength(1);
    expect(body1.items[0]).toMatchObject({ name: 'two' }); // newest first
    expect(body1.items[0]).not.toHaveProperty('key');
    expect(body1.items[0]).not.toHaveProperty('keyHash');
    expect(body1.nextCursor).toEqual(expect.any(String));

    const all = await list(request('/api/api-keys?limit=500', { cookie: alice.cookie }));
    const names = ((await all.json()) as { items: Array<{ name: string }> }).items.map((k) => k.name);
    expect(names).toEqual(expect.arrayContaining(['one', 'two', 'CI']));
    expect(names).not.toContain('bob’s');

    const page2 = await list(request(`/api/api-keys?limit=1&cursor=${body1.nextCursor}`, { cookie: alice.cookie }));
    expect(((await page2.json()) as { items: Array<{ name: string }> }).items[0]?.name).toBe('one');
  });

  it('revokes a key: 204, then the key is 401', async () => {
    const created = await createKey(alice.cookie, { name: 'temp' });
    const res = await revoke(
      request(`/api/api-keys/${created.id}`, { method: 'DELETE', cookie: alice.cookie }),
      routeParams({ id: created.id }),
    );
    expect(res.status).toBe(204);
    expect((await me(request('/api/auth/me', { bearer: created.key }))).status).toBe(401);
    const audit = await testDb().auditEvent.findFirst({
      where: { action: 'api_key.revoke', targetId: created.id },
    });
    expect(audit?.actorId).toBe(alice.user.id);
  });

  it('will not revoke another user’s key (404)', async () => {
    const created = await createKey(alice.cookie, { name: 'mine' });
    const res = await revoke(
      request(`/api/api-keys/${created.id}`, { method: 'DELETE', cookie: bob.cookie }),
      routeParams({ id: created.id }),
    );
    expect(res.status).toBe(404);
    expect((await me(request('/api/auth/me', { bearer: created.key }))).status).toBe(200);
  });

  it('rejects an expired key with 401', async () => {
    const created = await createKey(alice.cookie, {
      name: 'short-lived',
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(created.expiresAt).not.toBeNull();
    expect((await me(request('/api/auth/me', { bearer: created.key }))).status).toBe(200);
    await testDb().apiKey.update({
      where: { id: created.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await me(request('/api/auth/me', { bearer: created.key }))).status).toBe(401);
  });

  it('does not fall back to the cookie when a bad Bearer key is sent', async () => {
    const res = await me(request('/api/auth/me', { cookie: alice.cookie, bearer: 'wft_not-a-real-key' }));
    expect(res.status).toBe(401);
  });

  it('validates input: past expiry, bad date, missing name', async () => {
    const past = await create(
      request('/api/api-keys', { cookie: alice.cookie, body: { name: 'x', expiresAt: '2001-01-01T00:00:00Z' } }),
    );
    expect(past.status).toBe(400);
    expect((await errorOf(past)).details?.[0]?.path).toBe('body.expiresAt');

    const bad = await create(
      request('/api/api-keys', { cookie: alice.cookie, body: { name: 'x', expiresAt: 'tomorrow' } }),
    );
    expect((await errorOf(bad)).details?.[0]?.path).toBe('body.expiresAt');

    const noName = await create(request('/api/api-keys', { cookie: alice.cookie, body: {} }));
    expect((await errorOf(noName)).details).toContainEqual({ path: 'body.name', message: 'is required' });
  });

  it('creates no key when its audit record cannot be written (one transaction)', async () => {
    const name = `unaudited-${Date.now()}`;
    const res = await withAuditRefusing('api_key.create', () =>
      create(request('/api/api-keys', { cookie: alice.cookie, body: { name } })),
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(await testDb().apiKey.count({ where: { userId: alice.user.id, name } })).toBe(0);
  });

  it('keeps a key whose revocation cannot be audited (one transaction)', async () => {
    const created = await createKey(alice.cookie, { name: 'kept' });
    const res = await withAuditRefusing('api_key.revoke', () =>
      revoke(
        request(`/api/api-keys/${created.id}`, { method: 'DELETE', cookie: alice.cookie }),
        routeParams({ id: created.id }),
      ),
    );
    expect(res.status).toBe(500);
    expect((await me(request('/api/auth/me', { bearer: created.key }))).status).toBe(200);
  });

  it('scopes: every scope by default; a narrower key is refused what it lacks (403 naming the scope); bad scopes are a 400', async () => {
    const full = (await createKey(alice.cookie, { name: 'full' })) as CreatedKey & { scopes: string[] };
    expect(full.scopes).toEqual(['read', 'write', 'execute']);
    const readOnly = (await createKey(alice.cookie, { name: 'ro', scopes: ['read', 'read'] })) as CreatedKey & {
      scopes: string[];
    };
    expect(readOnly.scopes).toEqual(['read']);
    expect((await me(request('/api/auth/me', { bearer: readOnly.key }))).status).toBe(200);
    const denied = await create(request('/api/api-keys', { bearer: readOnly.key, body: { name: 'escalate' } }));
    expect(denied.status).toBe(403);
    expect((await errorOf(denied)).message).toMatch(/lacks the write scope/);
    const listed = (await (await list(request('/api/api-keys', { cookie: alice.cookie }))).json()) as {
      items: Array<{ id: string; scopes: string[] }>;
    };
    expect(listed.items.find((k) => k.id === readOnly.id)?.scopes).toEqual(['read']);
    for (const [scopes, path] of [
      [['admin'], 'body.scopes.0'],
      [[], 'body.scopes'],
      ['read', 'body.scopes'],
    ] as const) {
      const res = await create(request('/api/api-keys', { cookie: alice.cookie, body: { name: 'bad', scopes } }));
      expect(res.status, JSON.stringify(scopes)).toBe(400);
      expect((await errorOf(res)).details?.[0]?.path).toBe(path);
    }
  });

  it(
    'a key mints only keys within its own scopes: omitted scopes are its own, others are 403 naming body.scopes ' +
      'and what it lacks',
    async () => {
      const writeOnly = await createKey(alice.cookie, { name: 'write only', scopes: ['write'] });
      const child = await create(request('/api/api-keys', { bearer: writeOnly.key, body: { name: 'child' } }));
      expect(child.status).toBe(201);
      expect(((await child.json()) as { scopes: string[] }).scopes).toEqual(['write']);

      const readWrite = await createKey(alice.cookie, { name: 'read write', scopes: ['read', 'write'] });
      for (const [scopes, lacks] of [
        [['read', 'write', 'execute'], 'execute'],
        [['execute'], 'execute'],
      ] as const) {
        const wider = await create(
          request('/api/api-keys', { bearer: readWrite.key, body: { name: `wider ${scopes.join(' ')}`, scopes } }),
        );
        expect(wider.status, JSON.stringify(scopes)).toBe(403);
        const error = await errorOf(wider);
        expect(error.code).toBe('FORBIDDEN');
        expect(error.details).toEqual([{ path: 'body.scopes', message: expect.stringContaining(lacks) }]);
        expect(error.message).toMatch(/only with its own scopes \(read, write\)/);
      }
      expect(await testDb().apiKey.count({ where: { userId: alice.user.id, name: { startsWith: 'wider' } } })).toBe(0);
      const narrower = await create(
        request('/api/api-keys', { bearer: readWrite.key, body: { name: 'narrower', scopes: ['read'] } }),
      );
      expect(narrower.status).toBe(201);
    },
  );

  it(
    'a key mints only keys that expire no later than it: omitted expiry is its own, later or never is 403 ' +
      'naming body.expiresAt',
    async () => {
      const expiresAt = new Date(Date.now() + 3_600_000);
      const parent = await createKey(alice.cookie, { name: 'expiring parent', expiresAt: expiresAt.toISOString() });

      const child = await create(request('/api/api-keys', { bearer: parent.key, body: { name: 'child of expiring' } }));
      expect(child.status).toBe(201);
      expect(((await child.json()) as CreatedKey).expiresAt).toBe(expiresAt.toISOString());

      for (const later of [new Date(expiresAt.getTime() + 1000).toISOString(), null]) {
        const res = await create(
          request('/api/api-keys', { bearer: parent.key, body: { name: 'outlives', expiresAt: later } }),
        );
        expect(res.status, String(later)).toBe(403);
        const error = await errorOf(res);
        expect(error.details?.[0]?.path).toBe('body.expiresAt');
        expect(error.message).toContain(expiresAt.toISOString());
      }
      expect(await testDb().apiKey.count({ where: { userId: alice.user.id, name: 'outlives' } })).toBe(0);

      const sooner = new Date(Date.now() + 60_000).toISOString();
      const shorter = await create(
        request('/api/api-keys', { bearer: parent.key, body: { name: 'shorter', expiresAt: sooner } }),
      );
      expect(shorter.status).toBe(201);
      expect(((await shorter.json()) as CreatedKey).expiresAt).toBe(sooner);
    },
  );

  it('a key that never expires, and a signed-in person, may mint keys that never expire', async () => {
    const forever = await createKey(alice.cookie, { name: 'forever' });
    const child = await create(request('/api/api-keys', { bearer: forever.key, body: { name: 'forever child' } }));
    expect(child.status).toBe(201);
    expect(await child.json()).toMatchObject({ expiresAt: null, scopes: ['read', 'write', 'execute'] });
  });

  it('needs a signed-in caller', async () => {
    expect((await list(request('/api/api-keys'))).status).toBe(401);
    expect((await create(request('/api/api-keys', { body: { name: 'x' } }))).status).toBe(401);
  });
});
