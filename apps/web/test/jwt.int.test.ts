// JWT bearer tokens (docs/access.md): HS256 with JWT_SECRET, `sub` = a user id, `exp` required.
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SECRET = 'jwt-test-secret-0123456789abcdef-0123456789';
process.env.JWT_SECRET = SECRET;

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as meRoute from '../src/app/api/auth/me/route';
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
  workflowId = ((await (await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }))).json()) as { id: string }).id;
});
afterAll(() => disposeServices());

const key = new TextEncoder().encode(SECRET);
function token(claims: Record<string, unknown>, { alg = 'HS256', exp = '5m', secret = key }: { alg?: string; exp?: string | null; secret?: Uint8Array } = {}) {
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
    const asMember = await workflowRoute.GET(request(`/api/workflows/${workflowId}`, { bearer: await token({ sub: member.user.id }) }), routeParams({ id: workflowId }));
    expect(asMember.status).toBe(404);
  });

  it('refuses a token without exp, expired, with the wrong secret, another alg, an unknown sub, or no sub: 401', async () => {
    const cases: Array<[string, string]> = [
      ['no exp', await token({ sub: owner.user.id }, { exp: null })],
      ['expired', await token({ sub: owner.user.id }, { exp: '-2m' })],
      ['wrong secret', await token({ sub: owner.user.id }, { secret: new TextEncoder().encode('x'.repeat(40)) })],
      ['HS512', await token({ sub: owner.user.id }, { alg: 'HS512', secret: new TextEncoder().encode(SECRET + SECRET) })],
      ['unknown sub', await token({ sub: randomUUID() })],
      ['no sub', await token({ role: 'owner' })],
      ['alg none', `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: owner.user.id, exp: 9e9 })).toString('base64url')}.`],
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
    const del = await workflowRoute.DELETE(request(`/api/workflows/${workflowId}`, { method: 'DELETE', bearer: readOnly }), routeParams({ id: workflowId }));
    expect(del.status).toBe(403);
    expect((await errorOf(del)).message).toMatch(/lacks the write scope/);
  });
});
