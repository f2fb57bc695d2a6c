import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as login } from '../src/app/api/auth/login/route';
import { POST as logout } from '../src/app/api/auth/logout/route';
import { GET as me } from '../src/app/api/auth/me/route';
import { hashToken } from '../src/server/auth/tokens';
import { disposeServices } from '../src/server/composition';
import {
  createUserWithSession,
  errorOf,
  PASSWORD,
  request,
  sessionCookieFrom,
  uniqueEmail,
  uniqueQueuePrefix,
  withAuditRefusing,
} from './helpers';
import { testDb } from '../../../test/integration/db';

// Failed logins spend rate-limit budgets in Redis; start from a clean slate every run.
process.env.QUEUE_PREFIX = uniqueQueuePrefix('auth-session');

let email: string;
let userId: string;

beforeAll(async () => {
  const created = await createUserWithSession('member', 'Login');
  email = created.email;
  userId = created.user.id;
});

afterAll(async () => {
  await disposeServices();
});

async function signIn(): Promise<string> {
  const res = await login(request('/api/auth/login', { body: { email, password: PASSWORD } }));
  expect(res.status).toBe(200);
  return sessionCookieFrom(res);
}

describe('login', () => {
  it('signs in with the right password (email case-insensitive) and audits it', async () => {
    const res = await login(request('/api/auth/login', { body: { email: email.toUpperCase(), password: PASSWORD } }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: userId, email, role: 'member' });
    const cookie = sessionCookieFrom(res);

    // Only the token's hash is stored.
    const token = cookie.split('=')[1]!;
    const prisma = testDb();
    expect(await prisma.session.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
    expect(await prisma.session.count({ where: { tokenHash: token } })).toBe(0);

    const audit = await prisma.auditEvent.findFirst({
      where: { action: 'auth.login', actorId: userId, result: 'success' },
    });
    expect(audit).not.toBeNull();
  });

  it('answers a wrong password and an unknown email with the same 401', async () => {
    const wrong = await login(request('/api/auth/login', { body: { email, password: 'not the password' } }));
    const unknown = await login(
      request('/api/auth/login', { body: { email: uniqueEmail('nobody'), password: PASSWORD } }),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const [a, b] = [await errorOf(wrong), await errorOf(unknown)];
    expect(a).toEqual({ code: 'UNAUTHENTICATED', message: 'Invalid email or password' });
    expect(b).toEqual(a);
    expect(wrong.headers.getSetCookie()).toEqual([]);

    const failures = await testDb().auditEvent.findMany({
      where: { action: 'auth.login', result: 'failure', targetId: userId },
    });
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures[0]?.details).toMatchObject({ email, reason: 'wrong_password' });
  });

  it('starts no session when the login cannot be audited (one transaction)', async () => {
    const prisma = testDb();
    const before = await prisma.session.count({ where: { userId } });
    const res = await withAuditRefusing('auth.login', () =>
      login(request('/api/auth/login', { body: { email, password: PASSWORD } })),
    );
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({ error: { code: 'INTERNAL', message: 'Internal server error' } });
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await prisma.session.count({ where: { userId } })).toBe(before);
  });
});

describe('session lifetime', () => {
  const DAY_MS = 24 * 3600_000;

  it('ends a session 30 days after sign-in even while it is in use', async () => {
    const cookie = await signIn();
    const tokenHash = hashToken(cookie.split('=')[1]!);
    const prisma = testDb();
    // Active a minute ago, sliding expiry days away, but signed in 31 days ago.
    await prisma.session.update({
      where: { tokenHash },
      data: {
        createdAt: new Date(Date.now() - 31 * DAY_MS),
        lastSeenAt: new Date(Date.now() - 60_000),
        expiresAt: new Date(Date.now() + 6 * DAY_MS),
      },
    });
    expect((await me(request('/api/auth/me', { cookie }))).status).toBe(401);
    expect(await prisma.session.count({ where: { tokenHash } })).toBe(0);
  });

  it('never slides a session past its absolute end, in the row or the cookie', async () => {
    const cookie = await signIn();
    const tokenHash = hashToken(cookie.split('=')[1]!);
    const prisma = testDb();
    const createdAt = new Date(Date.now() - 30 * DAY_MS + 12 * 3600_000); // 12 hours left
    await prisma.session.update({
      where: { tokenHash },
      data: { createdAt, lastSeenAt: new Date(Date.now() - 2 * 3600_000), expiresAt: new Date(Date.now() + 3600_000) },
    });

    const res = await me(request('/api/auth/me', { cookie }));
    expect(res.status).toBe(200);
    const maxAge = Number(/Max-Age=(\d+)/.exec(res.headers.getSetCookie()[0] ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(12 * 3600 - 60);
    expect(maxAge).toBeLessThanOrEqual(12 * 3600);
    const session = await prisma.session.findUniqueOrThrow({ where: { tokenHash } });
    expect(session.expiresAt.getTime()).toBe(createdAt.getTime() + 30 * DAY_MS);
  });
});

describe('GET /api/auth/me', () => {
  it('returns the user for a session cookie', async () => {
    const res = await me(request('/api/auth/me', { cookie: await signIn() }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: userId, email, name: 'Test Login', role: 'member', via: 'session' });
  });

  it('is 401 without credentials, or with an unknown cookie', async () => {
    const anonymous = await me(request('/api/auth/me'));
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).code).toBe('UNAUTHENTICATED');
    expect((await me(request('/api/auth/me', { cookie: 'weft_session=forged' }))).status).toBe(401);
  });

  it('is 401 once the session has expired', async () => {
    const cookie = await signIn();
    const tokenHash = hashToken(cookie.split('=')[1]!);
    await testDb().session.update({
      where: { tokenHash },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await me(request('/api/auth/me', { cookie }))).status).toBe(401);
  });

  it('slides an hour-old session forward and re-sends the cookie', async () => {
    const cookie = await signIn();
    const tokenHash = hashToken(cookie.split('=')[1]!);
    const prisma = testDb();
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    await prisma.session.update({
      where: { tokenHash },
      data: { lastSeenAt: twoHoursAgo, expiresAt: new Date(Date.now() + 3600_000) },
    });

    const res = await me(request('/api/auth/me', { cookie }));
    expect(res.status).toBe(200);
    expect(sessionCookieFrom(res)).toBe(cookie);
    expect(res.headers.getSetCookie()[0]).toMatch(/Max-Age=604800/);
    const session = await prisma.session.findUniqueOrThrow({ where: { tokenHash } });
    expect(session.expiresAt.getTime()).toBeGreaterThan(Date.now() + 6 * 24 * 3600_000);
  });
});

describe('POST /api/auth/logout', () => {
  it('deletes the session and clears the cookie', async () => {
    const cookie = await signIn();
    const tokenHash = hashToken(cookie.split('=')[1]!);

    const res = await logout(request('/api/auth/logout', { method: 'POST', cookie }));
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/weft_session=; .*Max-Age=0/);
    expect(await testDb().session.count({ where: { tokenHash } })).toBe(0);

    expect((await me(request('/api/auth/me', { cookie }))).status).toBe(401);
  });

  it('is harmless without a session', async () => {
    const res = await logout(request('/api/auth/logout', { method: 'POST' }));
    expect(res.status).toBe(204);
  });
});
