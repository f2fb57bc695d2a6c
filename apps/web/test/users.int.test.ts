import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '../src/app/api/auth/login/route';
import { GET as listUsers, POST as createUser } from '../src/app/api/users/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request, uniqueEmail, withAuditRefusing } from './helpers';
import { testDb } from '../../../test/integration/db';

let owner: Awaited<ReturnType<typeof createUserWithSession>>;
let admin: Awaited<ReturnType<typeof createUserWithSession>>;
let member: Awaited<ReturnType<typeof createUserWithSession>>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'owner');
  admin = await createUserWithSession('admin', 'admin');
  member = await createUserWithSession('member', 'member');
});

afterAll(async () => {
  await disposeServices();
});

/** POST /api/users with the session of `cookie` (none when undefined). */
const postUser = (cookie: string | undefined, body: Record<string, unknown>) =>
  createUser(request('/api/users', { cookie, body }));

describe('POST /api/users', () => {
  it('lets an owner create a user who can then sign in', async () => {
    const email = uniqueEmail('New');
    const res = await postUser(owner.cookie, { email, name: 'New Person', password: PASSWORD, role: 'admin' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: expect.any(String),
      email: email.toLowerCase(),
      name: 'New Person',
      role: 'admin',
    });
    expect(body).not.toHaveProperty('passwordHash');

    const signIn = await login(request('/api/auth/login', { body: { email, password: PASSWORD } }));
    expect(signIn.status).toBe(200);

    const audit = await testDb().auditEvent.findFirst({
      where: { action: 'user.create', targetId: body.id as string },
    });
    expect(audit?.actorId).toBe(owner.user.id);
  });

  it('defaults the role to member', async () => {
    const res = await postUser(owner.cookie, { email: uniqueEmail('dflt'), name: 'D', password: PASSWORD });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ role: 'member' });
  });

  it('is 409 for an email already in use (case-insensitive)', async () => {
    const res = await postUser(owner.cookie, {
      email: member.email.toUpperCase(),
      name: 'Dup',
      password: PASSWORD,
      role: 'member',
    });
    expect(res.status).toBe(409);
    expect(await errorOf(res)).toMatchObject({ code: 'CONFLICT', message: 'A user with this email already exists' });
  });

  it('lets an admin create members but not admins', async () => {
    const ok = await postUser(admin.cookie, { email: uniqueEmail('m'), name: 'M', password: PASSWORD, role: 'member' });
    expect(ok.status).toBe(201);
    const email = uniqueEmail('a');
    const denied = await postUser(admin.cookie, { email, name: 'A', password: PASSWORD, role: 'admin' });
    expect(denied.status).toBe(403);
    expect(await testDb().user.count({ where: { email } })).toBe(0);
  });

  it('is 403 for a member and 401 for nobody', async () => {
    const body = { email: uniqueEmail('z'), name: 'Z', password: PASSWORD, role: 'member' };
    expect((await postUser(member.cookie, body)).status).toBe(403);
    expect((await postUser(undefined, body)).status).toBe(401);
  });

  it('creates no user when its audit record cannot be written (one transaction)', async () => {
    const email = uniqueEmail('unaudited');
    const res = await withAuditRefusing('user.create', () =>
      postUser(owner.cookie, { email, name: 'U', password: PASSWORD }),
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(await testDb().user.count({ where: { email } })).toBe(0);
  });

  it('rejects an unknown role naming the field', async () => {
    const res = await postUser(owner.cookie, { email: uniqueEmail('r'), name: 'R', password: PASSWORD, role: 'root' });
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details?.map((d) => d.path)).toEqual(['body.role']);
  });
});

describe('GET /api/users', () => {
  it('lists users for owners and admins, never with password hashes', async () => {
    for (const caller of [owner, admin]) {
      const res = await listUsers(request('/api/users?limit=500', { cookie: caller.cookie }));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: Array<Record<string, unknown>>; nextCursor: string | null };
      expect(body.nextCursor).toBeNull();
      expect(body.items.map((u) => u.email)).toEqual(expect.arrayContaining([owner.email, admin.email, member.email]));
      expect(body.items.every((u) => !('passwordHash' in u))).toBe(true);
    }
  });

  it('is 403 for a member', async () => {
    const res = await listUsers(request('/api/users', { cookie: member.cookie }));
    expect(res.status).toBe(403);
    expect((await errorOf(res)).code).toBe('FORBIDDEN');
  });

  it('validates paging parameters', async () => {
    const res = await listUsers(request('/api/users?limit=9999', { cookie: owner.cookie }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details?.[0]).toEqual({ path: 'query.limit', message: 'must be <= 500' });
  });
});
