// Invite by a one-time link (docs/access.md): shown to the admin, accepted once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as invitesRoute from '../src/app/api/users/invites/route';
import * as inviteItemRoute from '../src/app/api/users/invites/[id]/route';
import * as userRoute from '../src/app/api/users/[id]/route';
import * as inviteRoute from '../src/app/api/auth/invite/route';
import * as meRoute from '../src/app/api/auth/me/route';
import { disposeServices } from '../src/server/composition';
import {
  createUserWithSession,
  errorOf,
  ORIGIN,
  request,
  routeParams,
  sessionCookieFrom,
  uniqueEmail,
} from './helpers';
import { testDb } from '../../../test/integration/db';

type U = Awaited<ReturnType<typeof createUserWithSession>>;
let owner: U;
let admin: U;
beforeAll(async () => {
  owner = await createUserWithSession('owner', 'inv-owner');
  admin = await createUserWithSession('admin', 'inv-admin');
});
afterAll(() => disposeServices());

const invite = (body: unknown, cookie = admin.cookie) =>
  invitesRoute.POST(request('/api/users/invites', { body, cookie }));
const tokenOf = (link: string) => link.split('/invite/')[1]!;

/** An invite whose link has been used to sign up (201). */
async function usedInvite(emailTag: string, name: string): Promise<{ id: string }> {
  const used = (await (await invite({ email: uniqueEmail(emailTag), name })).json()) as { id: string; link: string };
  const accepted = await inviteRoute.POST(
    request('/api/auth/invite', { body: { token: tokenOf(used.link), password: 'a fine password' } }),
  );
  expect(accepted.status).toBe(201);
  return used;
}

describe('invites', () => {
  it('an admin invites a member; the link is shown once, read, accepted once, and signs the new user in', async () => {
    const email = uniqueEmail('invitee');
    const res = await invite({ email, name: 'New Person' });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { id: string; link: string; role: string; expiresAt: string };
    expect(created.link).toMatch(new RegExp(`^${ORIGIN}/invite/[A-Za-z0-9_-]{43}$`));
    expect(created.role).toBe('member');
    const token = tokenOf(created.link);
    const row = await testDb().userInvite.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.tokenHash).not.toContain(token);

    expect(await (await inviteRoute.GET(request(`/api/auth/invite?token=${token}`))).json()).toMatchObject({
      email,
      name: 'New Person',
      role: 'member',
    });
    const [a, b] = await Promise.all([
      inviteRoute.POST(request('/api/auth/invite', { body: { token, password: 'invited password 1' } })),
      inviteRoute.POST(request('/api/auth/invite', { body: { token, password: 'invited password 2' } })),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 404]);
    const accepted = a.status === 201 ? a : b;
    const me = await meRoute.GET(request('/api/auth/me', { cookie: sessionCookieFrom(accepted) }));
    expect(await me.json()).toMatchObject({ email, role: 'member' });
    expect((await inviteRoute.GET(request(`/api/auth/invite?token=${token}`))).status).toBe(404);
    expect(await testDb().user.count({ where: { email } })).toBe(1);
    const actions = (
      await testDb().auditEvent.findMany({
        where: {
          OR: [
            { targetId: created.id },
            { action: 'user.invite_accept', details: { path: ['inviteId'], equals: created.id } },
          ],
        },
      })
    ).map((e) => `${e.action} ${e.result}`);
    // The second, concurrent accept is refused and recorded as such.
    expect(actions.sort()).toEqual(['user.invite success', 'user.invite_accept failure', 'user.invite_accept success']);
  });

  it('only an owner invites admins; a taken email is 409; bad input names the field; expired links are 404', async () => {
    expect((await invite({ email: uniqueEmail('inv-a'), name: 'A', role: 'admin' })).status).toBe(403);
    expect((await invite({ email: uniqueEmail('inv-b'), name: 'B', role: 'admin' }, owner.cookie)).status).toBe(201);
    expect((await invite({ email: admin.email, name: 'Taken' })).status).toBe(409);
    const bad = await invite({ email: 'not-an-email', name: 'C' });
    expect((await errorOf(bad)).details?.[0]?.path).toBe('body.email');
    const member = await createUserWithSession('member', 'inv-member');
    expect((await invite({ email: uniqueEmail('inv-c'), name: 'C' }, member.cookie)).status).toBe(403);

    const { link, id } = (await (await invite({ email: uniqueEmail('inv-old'), name: 'Old' })).json()) as {
      link: string;
      id: string;
    };
    await testDb().userInvite.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const late = await inviteRoute.POST(
      request('/api/auth/invite', { body: { token: tokenOf(link), password: 'a fine password' } }),
    );
    expect(late.status).toBe(404);
    expect((await errorOf(late)).message).toMatch(/expired/);
    const weak = await inviteRoute.POST(request('/api/auth/invite', { body: { token: 'x', password: 'short' } }));
    expect((await errorOf(weak)).details?.[0]?.path).toBe('body.password');
  });
});

/** Backends of this test database blocked on a row or table lock right now. */
async function waitingForLocks(): Promise<number> {
  const [row] = await testDb().$queryRaw<
    Array<{ n: number }>
  >`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`;
  return row?.n ?? 0;
}

describe('an invite ends with its inviter’s role', () => {
  const patchUser = (id: string, body: unknown) =>
    userRoute.PATCH(request(`/api/users/${id}`, { method: 'PATCH', body, cookie: owner.cookie }), routeParams({ id }));
  const read = (token: string) => inviteRoute.GET(request(`/api/auth/invite?token=${token}`));
  const accept = (token: string) =>
    inviteRoute.POST(request('/api/auth/invite', { body: { token, password: 'a fine password' } }));
  const made = async (by: U, role: 'member' | 'admin' | 'owner' = 'member') => {
    const res = await invite({ email: uniqueEmail('inv-end'), name: 'End', role }, by.cookie);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; email: string; link: string };
    return { ...body, token: tokenOf(body.link) };
  };
  const refusedAndUnwritten = async (inv: { id: string; email: string; token: string }) => {
    const r = await read(inv.token);
    expect(r.status).toBe(404);
    expect((await errorOf(r)).message).toMatch(/no longer/);
    expect((await accept(inv.token)).status).toBe(404);
    const prisma = testDb();
    expect(await prisma.user.count({ where: { email: inv.email } })).toBe(0);
    expect((await prisma.userInvite.findUniqueOrThrow({ where: { id: inv.id } })).acceptedAt).toBeNull();
  };

  it('a deactivated admin’s member invite stops working (read and accept), and works again once they are reactivated', async () => {
    const inviter = await createUserWithSession('admin', 'inv-gone');
    const inv = await made(inviter);
    expect((await patchUser(inviter.user.id, { active: false })).status).toBe(200);
    await refusedAndUnwritten(inv);
    const audit = await testDb().auditEvent.findFirst({
      where: { action: 'user.invite_accept', result: 'failure', targetId: inv.id },
    });
    expect(audit?.details).toMatchObject({ reason: 'inviter_lost_role' });
    expect((await patchUser(inviter.user.id, { active: true })).status).toBe(200);
    expect((await accept(inv.token)).status).toBe(201);
  });

  it('a demoted admin’s member invite stops working', async () => {
    const inviter = await createUserWithSession('admin', 'inv-demoted');
    const inv = await made(inviter);
    expect((await patchUser(inviter.user.id, { role: 'member' })).status).toBe(200);
    await refusedAndUnwritten(inv);
  });

  it('an owner demoted to admin: their owner and admin invites stop working, their member invites still work', async () => {
    const inviter = await createUserWithSession('owner', 'inv-exowner');
    const asOwner = await made(inviter, 'owner');
    const asAdmin = await made(inviter, 'admin');
    const asMember = await made(inviter, 'member');
    expect((await patchUser(inviter.user.id, { role: 'admin' })).status).toBe(200);
    await refusedAndUnwritten(asOwner);
    await refusedAndUnwritten(asAdmin);
    expect((await accept(asMember.token)).status).toBe(201);
  });

  it('a demotion committed while the invite is being accepted wins: no owner is created', async () => {
    const inviter = await createUserWithSession('owner', 'inv-race');
    const inv = await made(inviter, 'owner');
    const prisma = testDb();
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    // The demotion holds the inviter's row (uncommitted) while the accept runs.
    const demotion = prisma.$transaction(
      async (tx) => {
        await tx.user.update({ where: { id: inviter.user.id }, data: { role: 'member' } });
        await committing;
      },
      { timeout: 30_000 },
    );
    await new Promise((r) => setTimeout(r, 100));
    const accepting = accept(inv.token);
    // Until the accept waits for the inviter's row (or 10 s: then it didn't, and answers 201).
    for (let waited = 0; waited < 10_000 && (await waitingForLocks()) === 0; waited += 50)
      await new Promise((r) => setTimeout(r, 50));
    commit();
    await demotion;
    expect((await accepting).status).toBe(404);
    expect(await prisma.user.count({ where: { email: inv.email } })).toBe(0);
  });
});

describe('pending invites: list and revoke', () => {
  const list = (cookie = admin.cookie) => invitesRoute.GET(request('/api/users/invites', { cookie }));
  const revoke = (id: string, cookie = admin.cookie) =>
    inviteItemRoute.DELETE(request(`/api/users/invites/${id}`, { method: 'DELETE', cookie }), routeParams({ id }));
  type Item = {
    id: string;
    email: string;
    name: string;
    role: string;
    invitedBy: { id: string; email: string; name: string } | null;
    createdAt: string;
    expiresAt: string;
    usable: boolean;
  };
  const items = async (cookie?: string) => ((await (await list(cookie)).json()) as { items: Item[] }).items;

  it('lists pending invites (never the token or link), newest first, with who invited and whether the link still works', async () => {
    const prisma = testDb();
    const a = (await (await invite({ email: uniqueEmail('inv-list-a'), name: 'A' })).json()) as {
      id: string;
      link: string;
    };
    const b = (await (
      await invite({ email: uniqueEmail('inv-list-b'), name: 'B', role: 'admin' }, owner.cookie)
    ).json()) as { id: string; link: string };
    const used = await usedInvite('inv-list-used', 'Used');
    const old = (await (await invite({ email: uniqueEmail('inv-list-old'), name: 'Old' })).json()) as { id: string };
    await prisma.userInvite.update({ where: { id: old.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const gone = await createUserWithSession('admin', 'inv-list-gone');
    const orphan = (await (
      await invite({ email: uniqueEmail('inv-list-orphan'), name: 'Orphan' }, gone.cookie)
    ).json()) as { id: string };
    await prisma.user.update({ where: { id: gone.user.id }, data: { deactivatedAt: new Date() } });

    const res = await list();
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).not.toContain(tokenOf(a.link));
    expect(text).not.toMatch(/link|token/i);
    const got = (JSON.parse(text) as { items: Item[] }).items;
    const ids = got.map((i) => i.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id, orphan.id]));
    expect(ids).not.toContain(used.id);
    expect(ids).not.toContain(old.id);
    expect(ids.indexOf(orphan.id)).toBeLessThan(ids.indexOf(a.id));
    const itemA = got.find((i) => i.id === a.id)!;
    expect(itemA).toMatchObject({
      name: 'A',
      role: 'member',
      usable: true,
      invitedBy: { id: admin.user.id, email: admin.email },
    });
    expect(Object.keys(itemA).sort()).toEqual([
      'createdAt',
      'email',
      'expiresAt',
      'id',
      'invitedBy',
      'name',
      'role',
      'usable',
    ]);
    expect(got.find((i) => i.id === b.id)).toMatchObject({
      role: 'admin',
      usable: true,
      invitedBy: { id: owner.user.id },
    });
    expect(got.find((i) => i.id === orphan.id)).toMatchObject({ usable: false, invitedBy: { id: gone.user.id } });

    const member = await createUserWithSession('member', 'inv-list-member');
    expect((await list(member.cookie)).status).toBe(403);
  });

  it('revokes an invite: 204, audited, the link is dead and the list no longer shows it; unknown or used is 404', async () => {
    const created = (await (await invite({ email: uniqueEmail('inv-revoke'), name: 'R' })).json()) as {
      id: string;
      link: string;
    };
    const res = await revoke(created.id);
    expect(res.status).toBe(204);
    expect((await inviteRoute.GET(request(`/api/auth/invite?token=${tokenOf(created.link)}`))).status).toBe(404);
    expect(
      (
        await inviteRoute.POST(
          request('/api/auth/invite', { body: { token: tokenOf(created.link), password: 'a fine password' } }),
        )
      ).status,
    ).toBe(404);
    expect((await items()).map((i) => i.id)).not.toContain(created.id);
    const audit = await testDb().auditEvent.findFirst({
      where: { action: 'user.invite_revoke', targetId: created.id },
    });
    expect(audit).toMatchObject({ actorId: admin.user.id, targetType: 'invite', result: 'success' });
    expect(audit?.details).toMatchObject({ role: 'member' });

    expect((await revoke(created.id)).status).toBe(404);
    expect((await revoke(randomUUID())).status).toBe(404);
    const used = await usedInvite('inv-revoke-used', 'U');
    expect((await revoke(used.id)).status).toBe(404);
    expect((await errorOf(await revoke('not-a-uuid'))).details?.[0]?.path).toBe('params.id');
  });

  it('an admin may not revoke an owner’s admin invite (only an owner may make or unmake those)', async () => {
    const created = (await (
      await invite({ email: uniqueEmail('inv-revoke-adm'), name: 'Adm', role: 'admin' }, owner.cookie)
    ).json()) as { id: string; link: string };
    expect((await revoke(created.id)).status).toBe(403);
    expect((await inviteRoute.GET(request(`/api/auth/invite?token=${tokenOf(created.link)}`))).status).toBe(200);
    expect((await revoke(created.id, owner.cookie)).status).toBe(204);
  });
});
