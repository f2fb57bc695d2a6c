// JWT bearer tokens (docs/access.md): HS256 with JWT_SECRET, `sub` = a user id, `exp` required.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'jwt-test-secret-0123456789abcdef-0123456789';
process.env.JWT_SECRET = SECRET;

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as meRoute from '../src/app/api/auth/me/route';
import * as keysRoute from '../src/app/api/api-keys/route';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as workflowRoute from '../src/app/api/workflows/[id]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';

let owner: Awaited<ReturnType<typeof createUserWithSession>>;
let member: Awaited<ReturnType<typeof createUserWithSession>>;
let workflowId: string;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'jwt-owner');
  member = await createUserWithSession('member', 'jwt-member');
  workflowId = (
    (await (
      await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }))
    ).json()) as { id: string }
  ).id;
});
afterAll(() => disposeServices());

const key = new TextEncoder().encode(SECRET);
function token(
  claims: Record<string, unknown>,
  { alg = 'HS256', exp = '5m', secret = key }: { alg?: string; exp?: string | null; secret?: Uint8Array } = {},
) {
  const jwt = new SignJWT(claims).setProtectedHeader({ alg }).setIssuedAt();
  if (exp) jwt.setExpirationTime(exp);
  return jwt.sign(secret);
}
const me = (bearer: string) => meRoute.GET(request('/api/auth/me', { bearer }));

describe('JWT bearer', () => {
  it('authenticates as the user named by sub, with that user’s role and grants', async () => {
    const res = await me(await token({ sub: owner.user.id }));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: owner.user.id, role: 'owner', via: 'jwt' });
    const asMember = await workflowRoute.GET(
      request(`/api/workflows/${workflowId}`, { bearer: await token({ sub: member.user.id }) }),
      routeParams({ id: workflowId }),
    );
    expect(asMember.status).toBe(404);
  });

  it('refuses a token without exp, expired, with the wrong secret, another alg, an unknown sub, or no sub: 401', async () => {
    const cases: Array<[string, string]> = [
      ['no exp', await token({ sub: owner.user.id }, { exp: null })],
      ['expired', await token({ sub: owner.user.id }, { exp: '-2m' })],
      ['wrong secret', await token({ sub: owner.user.id }, { secret: new TextEncoder().encode('x'.repeat(40)) })],
      [
        'HS512',
        await token({ sub: owner.user.id }, { alg: 'HS512', secret: new TextEncoder().encode(SECRET + SECRET) }),
      ],
      ['unknown sub', await token({ sub: randomUUID() })],
      ['no sub', await token({ role: 'owner' })],
      [
        'alg none',
        [
          Buffer.from('{"alg":"none"}').toString('base64url'),
          Buffer.from(JSON.stringify({ sub: owner.user.id, exp: 9e9 })).toString('base64url'),
          '',
        ].join('.'),
      ],
    ];
    for (const [what, t] of cases) {
      const res = await me(t);
      expect(res.status, what).toBe(401);
      expect((await errorOf(res)).code, what).toBe('UNAUTHENTICATED');
    }
  });

  it('a scope claim limits it like an API key', async () => {
    const readOnly = await token({ sub: owner.user.id, scope: 'read' });
    expect((await me(readOnly)).status).toBe(200);
    const del = await workflowRoute.DELETE(
      request(`/api/workflows/${workflowId}`, { method: 'DELETE', bearer: readOnly }),
      routeParams({ id: workflowId }),
    );
    expect(del.status).toBe(403);
    expect((await errorOf(del)).message).toMatch(/lacks the write scope/);
  });

  it(
    'takes scope as a space-separated string or an array of strings (as OAuth libraries send it); an array ' +
      'limits like a string',
    async () => {
      const doomed = (
        (await (
          await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }))
        ).json()) as { id: string }
      ).id;
      const readOnly = await token({ sub: owner.user.id, scope: ['read'] });
      expect(
        (
          await workflowRoute.GET(
            request(`/api/workflows/${doomed}`, { bearer: readOnly }),
            routeParams({ id: doomed }),
          )
        ).status,
      ).toBe(200);
      const del = await workflowRoute.DELETE(
        request(`/api/workflows/${doomed}`, { method: 'DELETE', bearer: readOnly }),
        routeParams({ id: doomed }),
      );
      expect(del.status).toBe(403);
      expect((await errorOf(del)).message).toBe('This token lacks the write scope (it has: read)');
      expect(
        (
          await workflowRoute.GET(
            request(`/api/workflows/${doomed}`, { cookie: owner.cookie }),
            routeParams({ id: doomed }),
          )
        ).status,
      ).toBe(200);
    },
  );

  it('refuses a scope claim of any other type: 401', async () => {
    for (const scope of [42, true, null, { read: true }, ['read', 1], [['read']]]) {
      const res = await me(await token({ sub: owner.user.id, scope }));
      expect(res.status, JSON.stringify(scope)).toBe(401);
      expect((await errorOf(res)).code).toBe('UNAUTHENTICATED');
    }
  });

  it('ignores unknown scope names but never widens: a claim with no known name gives no scopes, not full rights', async () => {
    const readAndJunk = await token({ sub: owner.user.id, scope: ['read', 'admin'] });
    expect((await me(readAndJunk)).status).toBe(200);
    const put = await workflowRoute.DELETE(
      request(`/api/workflows/${workflowId}`, { method: 'DELETE', bearer: readAndJunk }),
      routeParams({ id: workflowId }),
    );
    expect(put.status).toBe(403);
    for (const scope of ['admin', '', [], ['root']]) {
      const res = await me(await token({ sub: owner.user.id, scope }));
      expect(res.status, JSON.stringify(scope)).toBe(403);
      expect((await errorOf(res)).message).toBe('This token lacks the read scope (it has: none)');
    }
  });

  it('mints API keys only within its scopes and never outliving it; without a scope claim, with every scope but its expiry', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const sign = (claims: Record<string, unknown>) =>
      new SignJWT({ ...claims, sub: member.user.id })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime(exp)
        .sign(key);
    const expiresAt = new Date(exp * 1000).toISOString();
    const createKey = async (bearer: string, body: Record<string, unknown>) =>
      keysRoute.POST(request('/api/api-keys', { bearer, body }));

    const writer = await sign({ scope: 'write' });
    const child = await createKey(writer, { name: 'from a write token' });
    expect(child.status).toBe(201);
    expect(await child.json()).toMatchObject({ scopes: ['write'], expiresAt });
    const wider = await createKey(writer, { name: 'wider', scopes: ['write', 'execute'] });
    expect(wider.status).toBe(403);
    expect((await errorOf(wider)).details).toEqual([
      { path: 'body.scopes', message: expect.stringContaining('execute') },
    ]);

    const unscoped = await sign({});
    const full = await createKey(unscoped, { name: 'from an unscoped token' });
    expect(full.status).toBe(201);
    expect(await full.json()).toMatchObject({ scopes: ['read', 'write', 'execute'], expiresAt });
    for (const later of [new Date((exp + 60) * 1000).toISOString(), null]) {
      const res = await createKey(unscoped, { name: 'outlives the token', expiresAt: later });
      expect(res.status, String(later)).toBe(403);
      expect((await errorOf(res)).details?.[0]?.path).toBe('body.expiresAt');
    }
  });
});
