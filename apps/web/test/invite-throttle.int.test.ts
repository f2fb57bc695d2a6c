// Invite links are guessed cheaply and throttled per address (docs/security.md "Scrypt runs only
// behind a throttle"): a token that is unknown, used, expired or whose inviter lost the role
// costs no password hash, and each one counts against the client address, on the real Redis.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

// One proxy in front, so each test can be its own client address (X-Forwarded-For).
process.env.TRUST_PROXY = 'true';
process.env.QUEUE_PREFIX = uniqueQueuePrefix('invite-throttle');

import * as invitesRoute from '../src/app/api/users/invites/route';
import * as inviteRoute from '../src/app/api/auth/invite/route';
import * as userRoute from '../src/app/api/users/[id]/route';
import { hashPassword } from '../src/server/auth/password';
import { INVITE_IP_LOCKOUT_SECONDS, INVITE_IP_MAX_FAILURES } from '../src/server/auth/throttle';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams, uniqueEmail, uniqueIp } from './helpers';
import { testDb } from '../../../test/integration/db';

type U = Awaited<ReturnType<typeof createUserWithSession>>;
let owner: U;
let admin: U;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'thr-owner');
  admin = await createUserWithSession('admin', 'thr-admin');
});
afterAll(() => disposeServices());

const PASSWORD = 'a fine new password';
const headersFor = (ip: string | null): Record<string, string> => (ip ? { 'x-forwarded-for': ip } : {});
const accept = (token: string, ip: string | null) =>
  inviteRoute.POST(request('/api/auth/invite', { headers: headersFor(ip), body: { token, password: PASSWORD } }));
const read = (token: string, ip: string | null) =>
  inviteRoute.GET(request(`/api/auth/invite?token=${encodeURIComponent(token)}`, { headers: headersFor(ip) }));
const guess = () => randomBytes(32).toString('base64url');

/** A fresh invite by `by` (default the owner): its id, token and email. */
async function makeInvite(by: U = owner, role: 'member' | 'admin' = 'member') {
  const email = uniqueEmail('thr-invitee');
  const res = await invitesRoute.POST(
    request('/api/users/invites', { body: { email, name: 'Invitee', role }, cookie: by.cookie }),
  );
  expect(res.status).toBe(201);
  const created = (await res.json()) as { id: string; link: string };
  return { id: created.id, token: created.link.split('/invite/')[1]!, email };
}

async function nothingWritten(invite: { id: string; email: string }): Promise<void> {
  const prisma = testDb();
  expect(await prisma.user.count({ where: { email: invite.email } })).toBe(0);
  expect((await prisma.userInvite.findUniqueOrThrow({ where: { id: invite.id } })).acceptedAt).toBeNull();
}

describe('a bad invite token costs no password hash', () => {
  it('unknown, used, expired and orphaned tokens are refused in a fraction of the time a hash takes', async () => {
    const prisma = testDb();
    // Warm up (first Redis connection, first route import) from an address of its own.
    expect((await accept(guess(), uniqueIp())).status).toBe(404);

    const used = await makeInvite();
    expect((await accept(used.token, uniqueIp())).status).toBe(201);
    const expired = await makeInvite();
    await prisma.userInvite.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    // Its inviter was deactivated: the invite no longer works (docs/access.md).
    const inviter = await createUserWithSession('admin', 'thr-inviter');
    const orphaned = await makeInvite(inviter);
    expect(
      (
        await userRoute.PATCH(
          request(`/api/users/${inviter.user.id}`, { method: 'PATCH', body: { active: false }, cookie: owner.cookie }),
          routeParams({ id: inviter.user.id }),
        )
      ).status,
    ).toBe(200);
    const bad = [
      guess(),
      used.token,
      expired.token,
      orphaned.token,
      guess(),
      used.token,
      expired.token,
      orphaned.token,
    ];

    // The yardstick: as many password hashes as requests, on this machine, now.
    let started = performance.now();
    for (const _ of bad) await hashPassword(PASSWORD);
    const hashing = performance.now() - started;

    const ip = uniqueIp();
    started = performance.now();
    for (const token of bad) expect((await accept(token, ip)).status).toBe(404);
    const refusing = performance.now() - started;
    // Each refusal is a Redis round trip and a query or two; a hash is ~50–200 ms.
    expect(refusing).toBeLessThan(hashing / 2);
    await nothingWritten(expired);
    await nothingWritten(orphaned);
  });
});

describe('per client address', () => {
  it(
    `after ${INVITE_IP_MAX_FAILURES} bad tokens (read or accept), even a good link is 429 with Retry-After and ` +
      `nothing is written`,
    async () => {
      const ip = uniqueIp();
      for (let i = 0; i < INVITE_IP_MAX_FAILURES; i++)
        expect((await (i % 2 ? read(guess(), ip) : accept(guess(), ip))).status).toBe(404);

      const good = await makeInvite();
      const refused = await accept(good.token, ip);
      expect(refused.status).toBe(429);
      expect(await errorOf(refused)).toEqual({ code: 'RATE_LIMITED', message: 'Too many attempts; try again later' });
      const retryAfter = Number(refused.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(INVITE_IP_LOCKOUT_SECONDS - 30);
      expect(retryAfter).toBeLessThanOrEqual(INVITE_IP_LOCKOUT_SECONDS);
      expect(refused.headers.getSetCookie()).toEqual([]);
      expect((await read(good.token, ip)).status).toBe(429);
      await nothingWritten(good);
      const audit = await testDb().auditEvent.findFirst({
        where: { action: 'user.invite_accept', result: 'failure', ip },
        orderBy: { createdAt: 'desc' },
      });
      expect(audit?.details).toMatchObject({ reason: 'rate_limited' });

      // Only that address: the same link works from another one.
      expect((await accept(good.token, uniqueIp())).status).toBe(201);
    },
  );

  it('a good link hands its point back: reading and accepting valid invites never locks an address', async () => {
    const ip = uniqueIp();
    for (let i = 0; i < INVITE_IP_MAX_FAILURES - 1; i++) expect((await read(guess(), ip)).status).toBe(404);
    const good = await makeInvite(admin);
    expect((await read(good.token, ip)).status).toBe(200);
    expect((await accept(good.token, ip)).status).toBe(201);
    // The last point of the budget is still there.
    expect((await read(guess(), ip)).status).toBe(404);
    expect((await read(guess(), ip)).status).toBe(429);
  });

  it('an unknown address is not one shared bucket', async () => {
    for (let i = 0; i < INVITE_IP_MAX_FAILURES + 2; i++) expect((await accept(guess(), null)).status).toBe(404);
    const good = await makeInvite();
    expect((await accept(good.token, null)).status).toBe(201);
  });
});
