import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Redis is unreachable for this whole file (port 1 refuses connections at once).
process.env.REDIS_URL = 'redis://127.0.0.1:1';
// One proxy in front, so a request can name its client address (X-Forwarded-For).
process.env.TRUST_PROXY = 'true';

import { POST as login } from '../src/app/api/auth/login/route';
import { POST as changePassword } from '../src/app/api/auth/password/route';
import { GET as readInvite, POST as acceptInvite } from '../src/app/api/auth/invite/route';
import { hashToken, randomToken } from '../src/server/auth/tokens';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request, uniqueEmail, uniqueIp } from './helpers';
import { testDb } from '../../../test/integration/db';

let user: Awaited<ReturnType<typeof createUserWithSession>>;

beforeAll(async () => {
  user = await createUserWithSession('member', 'redis-down');
});

afterAll(() => disposeServices());

describe('login with Redis down', () => {
  it('answers 503 (not 500, and not an unthrottled sign-in) and starts no session', async () => {
    const before = await testDb().session.count({ where: { userId: user.user.id } });
    const res = await login(request('/api/auth/login', { body: { email: user.email, password: PASSWORD } }));
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('SERVICE_UNAVAILABLE');
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await testDb().session.count({ where: { userId: user.user.id } })).toBe(before);
  });
});

describe('the other password checks with Redis down fail closed too', () => {
  it('a password change answers 503 and changes nothing', async () => {
    const prisma = testDb();
    const before = await prisma.user.findUniqueOrThrow({ where: { id: user.user.id } });
    const res = await changePassword(
      request('/api/auth/password', {
        cookie: user.cookie,
        body: { currentPassword: PASSWORD, newPassword: 'a brand new password' },
      }),
    );
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('SERVICE_UNAVAILABLE');
    expect((await prisma.user.findUniqueOrThrow({ where: { id: user.user.id } })).passwordHash).toBe(
      before.passwordHash,
    );
  });

  it('an invite link from a known address answers 503, read or accepted, and creates no user', async () => {
    const prisma = testDb();
    const token = randomToken();
    const email = uniqueEmail('redis-down-invitee');
    const invite = await prisma.userInvite.create({
      data: {
        email,
        name: 'Invitee',
        tokenHash: hashToken(token),
        invitedById: user.user.id,
        expiresAt: new Date(Date.now() + 60_000),
      },
    });
    const headers = { 'x-forwarded-for': uniqueIp() };
    expect((await readInvite(request(`/api/auth/invite?token=${token}`, { headers }))).status).toBe(503);
    const res = await acceptInvite(
      request('/api/auth/invite', { headers, body: { token, password: 'a fine password' } }),
    );
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('SERVICE_UNAVAILABLE');
    expect(await prisma.user.count({ where: { email } })).toBe(0);
    expect((await prisma.userInvite.findUniqueOrThrow({ where: { id: invite.id } })).acceptedAt).toBeNull();
  });
});
