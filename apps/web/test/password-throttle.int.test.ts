// Guessing the current password through POST /api/auth/password is throttled like sign-in
// (docs/security.md "Scrypt runs only behind a throttle"): per account and per address, on
// the real Redis, checked before the password is.
import { afterAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

// One proxy in front, so each test can be its own client address (X-Forwarded-For).
process.env.TRUST_PROXY = 'true';
process.env.QUEUE_PREFIX = uniqueQueuePrefix('password-throttle');

import * as passwordRoute from '../src/app/api/auth/password/route';
import * as loginRoute from '../src/app/api/auth/login/route';
import * as meRoute from '../src/app/api/auth/me/route';
import { hashPassword } from '../src/server/auth/password';
import {
  PASSWORD_ACCOUNT_LOCKOUT_SECONDS,
  PASSWORD_ACCOUNT_MAX_FAILURES,
  PASSWORD_IP_MAX_FAILURES,
} from '../src/server/auth/throttle';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request, sessionCookieFrom, uniqueIp } from './helpers';
import { testDb } from '../../../test/integration/db';

afterAll(() => disposeServices());

type U = Awaited<ReturnType<typeof createUserWithSession>>;
const NEW_PASSWORD = 'a brand new password';

function change(u: U, currentPassword: string, ip: string): Promise<Response> {
  return passwordRoute.POST(
    request('/api/auth/password', {
      headers: { 'x-forwarded-for': ip },
      cookie: u.cookie,
      body: { currentPassword, newPassword: NEW_PASSWORD },
    }),
  );
}
async function failTimes(n: number, u: U, ip: string): Promise<void> {
  for (let i = 0; i < n; i++) expect((await change(u, 'not my password', ip)).status).toBe(400);
}

describe('per account', () => {
  it(
    `after ${PASSWORD_ACCOUNT_MAX_FAILURES} wrong current passwords the next change, even with the right one, ` +
      `is 429 and changes nothing`,
    async () => {
      const u = await createUserWithSession('member', 'pw-thr');
      const other = sessionCookieFrom(
        await loginRoute.POST(
          request('/api/auth/login', {
            headers: { 'x-forwarded-for': uniqueIp() },
            body: { email: u.email, password: PASSWORD },
          }),
        ),
      );
      const ip = uniqueIp();
      await failTimes(PASSWORD_ACCOUNT_MAX_FAILURES, u, ip);
      const prisma = testDb();
      const hashBefore = (await prisma.user.findUniqueOrThrow({ where: { id: u.user.id } })).passwordHash;

      const refused = await change(u, PASSWORD, ip);
      expect(refused.status).toBe(429);
      expect(await errorOf(refused)).toEqual({ code: 'RATE_LIMITED', message: 'Too many attempts; try again later' });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(PASSWORD_ACCOUNT_LOCKOUT_SECONDS - 30);
      expect(retryAfter).toBeLessThanOrEqual(PASSWORD_ACCOUNT_LOCKOUT_SECONDS);
      // The lock is on the account: another address is refused too.
      expect((await change(u, PASSWORD, uniqueIp())).status).toBe(429);

      // Nothing changed: same hash, the other session still signed in.
      expect((await prisma.user.findUniqueOrThrow({ where: { id: u.user.id } })).passwordHash).toBe(hashBefore);
      expect((await meRoute.GET(request('/api/auth/me', { cookie: other }))).status).toBe(200);
      const audits = await prisma.auditEvent.findMany({
        where: { action: 'user.password', targetId: u.user.id, result: 'failure' },
        orderBy: { id: 'asc' },
      });
      expect(audits.map((a) => (a.details as { reason: string }).reason)).toEqual([
        ...Array<string>(PASSWORD_ACCOUNT_MAX_FAILURES).fill('wrong_current_password'),
        'rate_limited',
        'rate_limited',
      ]);
      expect(audits[PASSWORD_ACCOUNT_MAX_FAILURES]?.ip).toBe(ip);
    },
  );

  it('a refused change costs no password hash', async () => {
    const u = await createUserWithSession('member', 'pw-thr-fast');
    const ip = uniqueIp();
    await failTimes(PASSWORD_ACCOUNT_MAX_FAILURES, u, ip);
    const n = 6;
    let started = performance.now();
    for (let i = 0; i < n; i++) await hashPassword(NEW_PASSWORD);
    const hashing = performance.now() - started;
    started = performance.now();
    for (let i = 0; i < n; i++) expect((await change(u, PASSWORD, ip)).status).toBe(429);
    expect(performance.now() - started).toBeLessThan(hashing / 2);
  });

  it('a successful change forgets earlier failures', async () => {
    const u = await createUserWithSession('member', 'pw-thr-ok');
    const ip = uniqueIp();
    await failTimes(PASSWORD_ACCOUNT_MAX_FAILURES - 1, u, ip);
    expect((await change(u, PASSWORD, ip)).status).toBe(204);
    await failTimes(PASSWORD_ACCOUNT_MAX_FAILURES - 1, u, ip);
    expect(
      (
        await passwordRoute.POST(
          request('/api/auth/password', {
            headers: { 'x-forwarded-for': ip },
            cookie: u.cookie,
            body: { currentPassword: NEW_PASSWORD, newPassword: PASSWORD },
          }),
        )
      ).status,
    ).toBe(204);
  });
});

describe('per client address', () => {
  it(`locks an address after ${PASSWORD_IP_MAX_FAILURES} wrong current passwords across accounts, and only that address`, async () => {
    const ip = uniqueIp();
    // Two tries per account: under the account limit, so only the address trips.
    const users: U[] = [];
    for (let i = 0; i < PASSWORD_IP_MAX_FAILURES / 2; i++)
      users.push(await createUserWithSession('member', `pw-stuff${i}`));
    for (const u of users) await failTimes(2, u, ip);

    const fresh = await createUserWithSession('member', 'pw-thr-ip');
    const refused = await change(fresh, PASSWORD, ip);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await change(fresh, PASSWORD, uniqueIp())).status).toBe(204);
  });
});
