// A user's own account: change the password (other sessions end), see and revoke sessions.
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import * as passwordRoute from '../src/app/api/auth/password/route';
import * as sessionsRoute from '../src/app/api/auth/sessions/route';
import * as sessionRoute from '../src/app/api/auth/sessions/[id]/route';
import * as meRoute from '../src/app/api/auth/me/route';
import * as loginRoute from '../src/app/api/auth/login/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request, routeParams, sessionCookieFrom } from './helpers';
import { testDb } from '../../../test/integration/db';

afterAll(() => disposeServices());

async function signIn(email: string, password = PASSWORD): Promise<string> {
  const res = await loginRoute.POST(request('/api/auth/login', { body: { email, password } }));
  expect(res.status).toBe(200);
  return sessionCookieFrom(res);
}
const me = (cookie: string) => meRoute.GET(request('/api/auth/me', { cookie }));

describe('my account', () => {
  it('changes the password: the current one is required, other sessions end, this one stays', async () => {
    const u = await createUserWithSession('member', 'acct-pw');
    const other = await signIn(u.email);
    const wrong = await passwordRoute.POST(
      request('/api/auth/password', {
        body: { currentPassword: 'not it at all', newPassword: 'a brand new password' },
        cookie: u.cookie,
      }),
    );
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).details?.[0]?.path).toBe('body.currentPassword');
    const short = await passwordRoute.POST(
      request('/api/auth/password', { body: { currentPassword: PASSWORD, newPassword: 'short' }, cookie: u.cookie }),
    );
    expect((await errorOf(short)).details?.[0]?.path).toBe('body.newPassword');

    const ok = await passwordRoute.POST(
      request('/api/auth/password', {
        body: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
        cookie: u.cookie,
      }),
    );
    expect(ok.status).toBe(204);
    expect((await me(u.cookie)).status).toBe(200);
    expect((await me(other)).status).toBe(401);
    expect(
      (await loginRoute.POST(request('/api/auth/login', { body: { email: u.email, password: PASSWORD } }))).status,
    ).toBe(401);
    await signIn(u.email, 'a brand new password');
    expect(await testDb().auditEvent.count({ where: { action: 'user.password', targetId: u.user.id } })).toBe(2);
  });

  it('lists my sessions (marking this one) and revokes another; someone else’s is 404', async () => {
    const u = await createUserWithSession('member', 'acct-sessions');
    const laptop = await signIn(u.email);
    const list = (await (await sessionsRoute.GET(request('/api/auth/sessions', { cookie: u.cookie }))).json()) as {
      items: Array<{ id: string; current: boolean }>;
    };
    expect(list.items).toHaveLength(2);
    expect(list.items.filter((s) => s.current)).toHaveLength(1);
    const other = list.items.find((s) => !s.current)!;
    const stranger = await createUserWithSession('member', 'acct-stranger');
    expect(
      (
        await sessionRoute.DELETE(
          request(`/api/auth/sessions/${other.id}`, { method: 'DELETE', cookie: stranger.cookie }),
          routeParams({ id: other.id }),
        )
      ).status,
    ).toBe(404);
    expect(
      (
        await sessionRoute.DELETE(
          request(`/api/auth/sessions/${other.id}`, { method: 'DELETE', cookie: u.cookie }),
          routeParams({ id: other.id }),
        )
      ).status,
    ).toBe(204);
    expect((await me(laptop)).status).toBe(401);
    expect((await me(u.cookie)).status).toBe(200);
    expect(
      (
        await sessionRoute.DELETE(
          request(`/api/auth/sessions/${randomUUID()}`, { method: 'DELETE', cookie: u.cookie }),
          routeParams({ id: randomUUID() }),
        )
      ).status,
    ).toBe(404);
  });
});
