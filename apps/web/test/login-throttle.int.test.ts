// Brute-force protection on POST /api/auth/login, on the real Redis (auth/throttle.ts).
import type * as PasswordModule from '../src/server/auth/password';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

// One proxy in front, so each test can be its own client address (X-Forwarded-For).
process.env.TRUST_PROXY = 'true';
process.env.QUEUE_PREFIX = uniqueQueuePrefix('login-throttle');

// A pass-through spy: proves a refused attempt never reaches scrypt.
vi.mock('../src/server/auth/password', async (importOriginal) => {
  const actual = await importOriginal<typeof PasswordModule>();
  return { ...actual, verifyPassword: vi.fn(actual.verifyPassword) };
});

import { POST as loginRoute } from '../src/app/api/auth/login/route';
import { verifyPassword } from '../src/server/auth/password';
import {
  LOGIN_ACCOUNT_LOCKOUT_SECONDS,
  LOGIN_ACCOUNT_MAX_FAILURES,
  LOGIN_IP_MAX_FAILURES,
} from '../src/server/auth/throttle';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request, uniqueEmail, uniqueIp } from './helpers';
import { testDb } from '../../../test/integration/db';

let user: Awaited<ReturnType<typeof createUserWithSession>>;

beforeEach(async () => {
  // Each test locks its own account, so it needs a fresh one.
  user = await createUserWithSession('member', 'throttled');
});

afterAll(async () => {
  await disposeServices();
});

function login(email: string, password: string, ip: string): Promise<Response> {
  return loginRoute(request('/api/auth/login', { headers: { 'x-forwarded-for': ip }, body: { email, password } }));
}

async function failTimes(n: number, email: string, ip: string): Promise<void> {
  for (let i = 0; i < n; i++) expect((await login(email, 'wrong password', ip)).status).toBe(401);
}

describe('per account', () => {
  it(
    `locks after ${LOGIN_ACCOUNT_MAX_FAILURES} failures: the next try, even with the right password, is 429 and ` +
      `checks no password`,
    async () => {
      const ip = uniqueIp();
      // Case doesn't matter: the account is keyed by the lower-cased email.
      await failTimes(LOGIN_ACCOUNT_MAX_FAILURES - 1, user.email, ip);
      await failTimes(1, user.email.toUpperCase(), ip);

      const sessionsBefore = await testDb().session.count({ where: { userId: user.user.id } });
      vi.mocked(verifyPassword).mockClear();
      const res = await login(user.email, PASSWORD, ip);
      expect(res.status).toBe(429);
      expect(await errorOf(res)).toEqual({ code: 'RATE_LIMITED', message: 'Too many attempts; try again later' });
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(LOGIN_ACCOUNT_LOCKOUT_SECONDS - 30);
      expect(retryAfter).toBeLessThanOrEqual(LOGIN_ACCOUNT_LOCKOUT_SECONDS);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(verifyPassword).not.toHaveBeenCalled();

      // The lock is on the account, not the address: another address is refused too.
      expect((await login(user.email, PASSWORD, uniqueIp())).status).toBe(429);
      expect(await testDb().session.count({ where: { userId: user.user.id } })).toBe(sessionsBefore);
    },
  );

  it('audits a refused attempt as an auth.login failure with reason rate_limited', async () => {
    const ip = uniqueIp();
    await failTimes(LOGIN_ACCOUNT_MAX_FAILURES, user.email, ip);
    expect((await login(user.email, PASSWORD, ip)).status).toBe(429);
    const audit = await testDb().auditEvent.findFirst({
      where: { action: 'auth.login', result: 'failure', targetId: user.user.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit).toMatchObject({ ip, details: { email: user.email, reason: 'rate_limited' } });
  });

  it('throttles an unknown email exactly like a real one', async () => {
    const ip = uniqueIp();
    const nobody = uniqueEmail('nobody');
    await failTimes(LOGIN_ACCOUNT_MAX_FAILURES, nobody, ip);
    await failTimes(LOGIN_ACCOUNT_MAX_FAILURES, user.email, ip);
    const [a, b] = [await login(nobody, PASSWORD, ip), await login(user.email, PASSWORD, ip)];
    expect([a.status, b.status]).toEqual([429, 429]);
    expect(await errorOf(a)).toEqual(await errorOf(b));
    expect(a.headers.get('retry-after')).not.toBeNull();
  });

  it('forgets earlier failures after a successful login', async () => {
    const ip = uniqueIp();
    await failTimes(LOGIN_ACCOUNT_MAX_FAILURES - 1, user.email, ip);
    expect((await login(user.email, PASSWORD, ip)).status).toBe(200);
    await failTimes(LOGIN_ACCOUNT_MAX_FAILURES - 1, user.email, ip);
    expect((await login(user.email, PASSWORD, ip)).status).toBe(200);
  });
});

describe('per client address', () => {
  it(`locks an address after ${LOGIN_IP_MAX_FAILURES} failures across accounts, and only that address`, async () => {
    const ip = uniqueIp();
    // Two tries per made-up account: well under the account limit, so only the address trips.
    for (let i = 0; i < LOGIN_IP_MAX_FAILURES / 2; i++) await failTimes(2, uniqueEmail(`stuffing${i}`), ip);

    vi.mocked(verifyPassword).mockClear();
    const refused = await login(user.email, PASSWORD, ip);
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(verifyPassword).not.toHaveBeenCalled();

    expect((await login(user.email, PASSWORD, uniqueIp())).status).toBe(200);
  });

  it('does not count successful logins against the address', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < LOGIN_IP_MAX_FAILURES + 2; i++)
      expect((await login(user.email, PASSWORD, ip)).status).toBe(200);
  });
});

describe('an unknown client address', () => {
  it('is not one shared bucket: past the address limit, logins from unknown addresses still work', async () => {
    // No X-Forwarded-For and no peer proof: the address is unknown (null).
    const unknown = (email: string, password: string) =>
      loginRoute(request('/api/auth/login', { body: { email, password } }));
    for (let i = 0; i < LOGIN_IP_MAX_FAILURES / 2 + 1; i++) {
      const email = uniqueEmail(`nobody${i}`);
      for (let j = 0; j < 2; j++) expect((await unknown(email, 'wrong password')).status).toBe(401);
    }
    expect((await unknown(user.email, PASSWORD)).status).toBe(200);
  });
});
