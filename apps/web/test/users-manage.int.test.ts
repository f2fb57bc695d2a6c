// PATCH /api/users/:id: roles and deactivation (docs/access.md).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as userRoute from '../src/app/api/users/[id]/route';
import * as usersRoute from '../src/app/api/users/route';
import * as meRoute from '../src/app/api/auth/me/route';
import * as loginRoute from '../src/app/api/auth/login/route';
import * as keysRoute from '../src/app/api/api-keys/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

type U = Awaited<ReturnType<typeof createUserWithSession>>;
let owner: U;
let admin: U;
beforeAll(async () => {
  owner = await createUserWithSession('owner', 'manage-owner');
  admin = await createUserWithSession('admin', 'manage-admin');
});
afterAll(() => disposeServices());

const patch = (id: string, body: unknown, cookie: string) =>
  userRoute.PATCH(request(`/api/users/${id}`, { method: 'PATCH', body, cookie }), routeParams({ id }));

describe('managing users', () => {
  it('an admin manages members; only an owner makes or unmakes admins and owners', async () => {
    const m = await createUserWithSession('member', 'manage-m');
    expect(await (await patch(m.user.id, { name: 'Renamed' }, admin.cookie)).json()).toMatchObject({
      name: 'Renamed',
      role: 'member',
      active: true,
    });
    const promote = await patch(m.user.id, { role: 'admin' }, admin.cookie);
    expect(promote.status).toBe(403);
    expect((await patch(m.user.id, { role: 'admin' }, owner.cookie)).status).toBe(200);
    expect((await patch(m.user.id, { active: false }, admin.cookie)).status).toBe(403);
    expect((await patch(m.user.id, { role: 'member' }, owner.cookie)).status).toBe(200);
    const audit = await testDb().auditEvent.findMany({
      where: { targetId: m.user.id },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['user.update', 'user.role', 'user.role']);
  });

  it('the last active owner cannot be demoted or deactivated (409); with a second owner it can', async () => {
    const prisma = testDb();
    const others = await prisma.user.findMany({ where: { role: 'owner', id: { not: owner.user.id } } });
    await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { role: 'admin' } });
    try {
      for (const body of [{ role: 'admin' }, { active: false }]) {
        const res = await patch(owner.user.id, body, owner.cookie);
        expect(res.status, JSON.stringify(body)).toBe(409);
        expect((await errorOf(res)).message).toMatch(/last active owner/);
      }
      const second = await createUserWithSession('owner', 'manage-owner2');
      expect((await patch(second.user.id, { role: 'admin' }, owner.cookie)).status).toBe(200);
      await patch(second.user.id, { role: 'owner' }, owner.cookie);
      expect((await patch(second.user.id, { active: false }, owner.cookie)).status).toBe(200);
    } finally {
      await prisma.user.updateMany({ where: { id: { in: others.map((o) => o.id) } }, data: { role: 'owner' } });
    }
  });

  it('deactivating stops the sessions and keys at once; reactivating lets keys and login work again', async () => {
    const m = await createUserWithSession('member', 'manage-off');
    const { key } = (await (
      await keysRoute.POST(request('/api/api-keys', { body: { name: 'k' }, cookie: m.cookie }))
    ).json()) as { key: string };
    expect((await meRoute.GET(request('/api/auth/me', { bearer: key }))).status).toBe(200);
    const off = await patch(m.user.id, { active: false }, admin.cookie);
    expect(await off.json()).toMatchObject({ active: false });
    expect((await meRoute.GET(request('/api/auth/me', { cookie: m.cookie }))).status).toBe(401);
    expect((await meRoute.GET(request('/api/auth/me', { bearer: key }))).status).toBe(401);
    expect(await testDb().session.count({ where: { userId: m.user.id } })).toBe(0);
    const login = await loginRoute.POST(request('/api/auth/login', { body: { email: m.email, password: PASSWORD } }));
    expect(login.status).toBe(401);
    expect((await errorOf(login)).message).toMatch(/deactivated/);
    const list = (await (await usersRoute.GET(request('/api/users?limit=500', { cookie: admin.cookie }))).json()) as {
      items: Array<{ id: string; active: boolean }>;
    };
    expect(list.items.find((u) => u.id === m.user.id)?.active).toBe(false);

    await patch(m.user.id, { active: true }, admin.cookie);
    expect((await meRoute.GET(request('/api/auth/me', { bearer: key }))).status).toBe(200);
    expect(
      (await loginRoute.POST(request('/api/auth/login', { body: { email: m.email, password: PASSWORD } }))).status,
    ).toBe(200);
  });

  it('names bad input; unknown users are 404; members may not manage users', async () => {
    const m = await createUserWithSession('member', 'manage-bad');
    for (const [body, path] of [
      [{ role: 'root' }, 'body.role'],
      [{ active: 'no' }, 'body.active'],
      [{ email: 'x@y.z' }, 'body.email'],
    ] as const) {
      const res = await patch(m.user.id, body, owner.cookie);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details?.[0]?.path).toBe(path);
    }
    expect((await patch(randomUUID(), { name: 'x' }, owner.cookie)).status).toBe(404);
    expect((await patch(owner.user.id, { name: 'x' }, m.cookie)).status).toBe(403);
  });
});
