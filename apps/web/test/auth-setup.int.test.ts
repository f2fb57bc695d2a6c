import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as PasswordModule from '../src/server/auth/password';
import { uniqueQueuePrefix } from './helpers';

// One proxy in front, so each test is its own client address (setup is throttled per address).
process.env.TRUST_PROXY = 'true';
process.env.QUEUE_PREFIX = uniqueQueuePrefix('auth-setup');

// A pass-through spy: proves a refused setup never pays for a password hash.
vi.mock('../src/server/auth/password', async (importOriginal) => {
  const actual = await importOriginal<typeof PasswordModule>();
  return { ...actual, hashPassword: vi.fn(actual.hashPassword) };
});

import { GET as setupStatus, POST as setupRoute } from '../src/app/api/auth/setup/route';
import { GET as me } from '../src/app/api/auth/me/route';
import { hashPassword } from '../src/server/auth/password';
import { SETUP_IP_MAX_ATTEMPTS } from '../src/server/auth/throttle';
import { disposeServices } from '../src/server/composition';
import { errorOf, PASSWORD, request, sessionCookieFrom, uniqueEmail, uniqueIp } from './helpers';
import { testDb } from '../../../test/integration/db';

let ip: string;

// First-run setup needs "no user exists". Integration files run one at a time, so this
// file owns the users table while it runs: every test starts with none.
beforeEach(async () => {
  await testDb().user.deleteMany();
  ip = uniqueIp();
});

/** The setup route, called from this test's client address. */
function setup(req: Request): Promise<Response> {
  if (!req.headers.has('x-forwarded-for')) req.headers.set('x-forwarded-for', ip);
  return setupRoute(req);
}

afterAll(async () => {
  await disposeServices();
});

function setupBody(tag: string) {
  return { email: uniqueEmail(tag), password: PASSWORD, name: `Owner ${tag}` };
}

describe('POST /api/auth/setup', () => {
  it('reports setup as needed while no user exists', async () => {
    const res = await setupStatus(request('/api/auth/setup'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ needed: true });
  });

  it('creates the owner, signs them in and closes setup', async () => {
    const body = setupBody('Owner');
    const res = await setup(request('/api/auth/setup', { body }));
    expect(res.status).toBe(201);
    const user = (await res.json()) as Record<string, unknown>;
    expect(user).toMatchObject({ email: body.email.toLowerCase(), name: body.name, role: 'owner' });
    expect(user).not.toHaveProperty('passwordHash');

    const setCookie = res.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/weft_session=[A-Za-z0-9_-]{43}/);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Lax/);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Secure/); // plain http here

    const meRes = await me(request('/api/auth/me', { cookie: sessionCookieFrom(res) }));
    expect(meRes.status).toBe(200);
    expect(await meRes.json()).toMatchObject({ email: body.email.toLowerCase(), role: 'owner', via: 'session' });

    expect(await (await setupStatus(request('/api/auth/setup'))).json()).toEqual({ needed: false });
    const audit = await testDb().auditEvent.findFirst({
      where: { action: 'auth.setup', targetId: user.id as string },
    });
    expect(audit?.result).toBe('success');
  });

  it('marks the cookie Secure when the request came over https', async () => {
    const req = new Request('https://weft.example/api/auth/setup', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
      body: JSON.stringify(setupBody('https')),
    });
    const res = await setup(req);
    expect(res.status).toBe(201);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/; Secure/);
  });

  it('refuses a second setup with 409', async () => {
    expect((await setup(request('/api/auth/setup', { body: setupBody('first') }))).status).toBe(201);
    const res = await setup(request('/api/auth/setup', { body: setupBody('second') }));
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('CONFLICT');
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  it('answers 409 at once when set up, without hashing the password', async () => {
    expect((await setup(request('/api/auth/setup', { body: setupBody('first') }))).status).toBe(201);
    vi.mocked(hashPassword).mockClear();
    const res = await setup(request('/api/auth/setup', { body: setupBody('late') }));
    expect(res.status).toBe(409);
    expect(hashPassword).not.toHaveBeenCalled();
  });

  it(`throttles setup to ${SETUP_IP_MAX_ATTEMPTS} attempts per address`, async () => {
    const prisma = testDb();
    for (let i = 0; i < SETUP_IP_MAX_ATTEMPTS; i++) {
      await prisma.user.deleteMany();
      expect((await setup(request('/api/auth/setup', { body: setupBody(`again${i}`) }))).status).toBe(201);
    }
    await prisma.user.deleteMany();
    vi.mocked(hashPassword).mockClear();
    const refused = await setup(request('/api/auth/setup', { body: setupBody('one-too-many') }));
    expect(refused.status).toBe(429);
    expect((await errorOf(refused)).code).toBe('RATE_LIMITED');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(hashPassword).not.toHaveBeenCalled();
    expect(await prisma.user.count()).toBe(0);

    const elsewhere = request('/api/auth/setup', {
      body: setupBody('other-address'),
      headers: { 'x-forwarded-for': uniqueIp() },
    });
    expect((await setup(elsewhere)).status).toBe(201);
  });

  it('creates exactly one owner when setups race', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => setup(request('/api/auth/setup', { body: setupBody(`race${i}`) }))),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409]);
    expect(await testDb().user.count()).toBe(1);
    expect(await testDb().user.count({ where: { role: 'owner' } })).toBe(1);
  });

  it('names every invalid field and stores nothing', async () => {
    const res = await setup(
      request('/api/auth/setup', { body: { email: 'not-an-email', password: 'short', name: '' } }),
    );
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details?.map((d) => d.path).sort()).toEqual(['body.email', 'body.name', 'body.password']);
    expect(error.details?.find((d) => d.path === 'body.password')?.message).toMatch(/at least 8/);
    expect(await testDb().user.count()).toBe(0);
  });

  it('rejects unknown fields (strict bodies) and reports missing ones', async () => {
    const res = await setup(
      request('/api/auth/setup', { body: { email: uniqueEmail('x'), password: PASSWORD, role: 'owner' } }),
    );
    expect(res.status).toBe(400);
    const details = (await errorOf(res)).details ?? [];
    expect(details).toContainEqual({ path: 'body.role', message: 'is not a known field' });
    expect(details).toContainEqual({ path: 'body.name', message: 'is required' });
  });
});
