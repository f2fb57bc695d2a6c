// Invite by a one-time link (docs/access.md): shown to the admin, accepted once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as invitesRoute from '../src/app/api/users/invites/route';
import * as inviteRoute from '../src/app/api/auth/invite/route';
import * as meRoute from '../src/app/api/auth/me/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, errorOf, ORIGIN, request, sessionCookieFrom, uniqueEmail } from './helpers';

type U = Awaited<ReturnType<typeof createUserWithSession>>;
let owner: U;
let admin: U;
beforeAll(async () => {
  owner = await createUserWithSession('owner', 'inv-owner');
  admin = await createUserWithSession('admin', 'inv-admin');
});
afterAll(() => disposeServices());

const invite = (body: unknown, cookie = admin.cookie) => invitesRoute.POST(request('/api/users/invites', { body, cookie }));
const tokenOf = (link: string) => link.split('/invite/')[1]!;

describe('invites', () => {
  it('an admin invites a member; the link is shown once, read, accepted once, and signs the new user in', async () => {
    const email = uniqueEmail('invitee');
    const res = await invite({ email, name: 'New Person' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; link: string; role: string; expiresAt: string };
    expect(created.link).toMatch(new RegExp(`^${ORIGIN}/invite/[A-Za-z0-9_-]{43}$`));
    expect(created.role).toBe('member');
    const token = tokenOf(created.link);
    const row = await getServices().prisma.userInvite.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).not.toContain(token);

    expect(await (await inviteRoute.GET(request(`/api/auth/invite?token=${token}`))).json()).toMatchObject({ email, name: 'New Person', role: 'member' });
    const [a, b] = await Promise.all([
      inviteRoute.POST(request('/api/auth/invite', { body: { token, password: 'invited password 1' } })),
      inviteRoute.POST(request('/api/auth/invite', { body: { token, password: 'invited password 2' } })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 404]);
    const accepted = a.status === 201 ? a : b;
    const me = await meRoute.GET(request('/api/auth/me', { cookie: sessionCookieFrom(accepted) }));
    expect(await me.json()).toMatchObject({ email, role: 'member' });
    expect((await inviteRoute.GET(request(`/api/auth/invite?token=${token}`))).status).toBe(404);
    expect(await getServices().prisma.user.count({ where: { email } })).toBe(1);
    const actions = (await getServices().prisma.auditEvent.findMany({ where: { OR: [{ targetId: created.id }, { action: 'user.invite_accept', details: { path: ['inviteId'], equals: created.id } }] } })).map((e) => e.action);
    expect(actions.sort()).toEqual(['user.invite', 'user.invite_accept']);
  });

  it('only an owner invites admins; a taken email is 409; bad input names the field; expired links are 404', async () => {
    expect((await invite({ email: uniqueEmail('inv-a'), name: 'A', role: 'admin' })).status).toBe(403);
    expect((await invite({ email: uniqueEmail('inv-b'), name: 'B', role: 'admin' }, owner.cookie)).status).toBe(201);
    expect((await invite({ email: admin.email, name: 'Taken' })).status).toBe(409);
    const bad = await invite({ email: 'not-an-email', name: 'C' });
    expect((await errorOf(bad)).details?.[0]?.path).toBe('body.email');
    const member = await createUserWithSession('member', 'inv-member');
    expect((await invite({ email: uniqueEmail('inv-c'), name: 'C' }, member.cookie)).status).toBe(403);

    const { link, id } = (await (await invite({ email: uniqueEmail('inv-old'), name: 'Old' })).json()) as { link: string; id: string };
    await getServices().prisma.userInvite.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await inviteRoute.POST(request('/api/auth/invite', { body: { token: tokenOf(link), password: 'a fine password' } }));
    expect(late.status).toBe(404);
    expect((await errorOf(late)).message).toMatch(/expired/);
    const weak = await inviteRoute.POST(request('/api/auth/invite', { body: { token: 'x', password: 'short' } }));
    expect((await errorOf(weak)).details?.[0]?.path).toBe('body.password');
  });
});
