// Over https the session cookie is `__Host-weft_session`: Secure, Path=/, no Domain, so a
// sibling subdomain can neither set nor overwrite it. Plain http keeps `weft_session`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

// X-Forwarded-Proto is believed only behind a trusted proxy (read at the first getServices()).
process.env.TRUST_PROXY = 'true';
process.env.QUEUE_PREFIX = uniqueQueuePrefix('host-cookie');

import { POST as loginRoute } from '../src/app/api/auth/login/route';
import { POST as logoutRoute } from '../src/app/api/auth/logout/route';
import { GET as me } from '../src/app/api/auth/me/route';
import { hashToken } from '../src/server/auth/tokens';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, PASSWORD } from './helpers';
import { testDb } from '../../../test/integration/db';

let email: string;

beforeAll(async () => {
  ({ email } = await createUserWithSession('member', 'host-cookie'));
});

afterAll(async () => {
  await disposeServices();
});

const HTTPS = { url: 'https://weft.example.com', headers: {} };
const PROXIED_HTTPS = { url: 'http://127.0.0.1:3000', headers: { 'x-forwarded-proto': 'https' } };
const HTTP = { url: 'http://localhost:3000', headers: {} };
type Via = typeof HTTPS;

function req(via: Via, path: string, init: { method?: string; body?: unknown; cookie?: string } = {}): Request {
  const headers = new Headers(via.headers);
  if (init.body !== undefined) headers.set('content-type', 'application/json');
  if (init.cookie) headers.set('cookie', init.cookie);
  return new Request(via.url + path, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function signIn(via: Via): Promise<{ setCookie: string; token: string }> {
  const res = await loginRoute(req(via, '/api/auth/login', { body: { email, password: PASSWORD } }));
  expect(res.status).toBe(200);
  const setCookie = res.headers.getSetCookie().join('\n');
  const token = /^(?:__Host-)?weft_session=([^;]+)/.exec(setCookie)?.[1];
  if (!token) throw new Error(`no session cookie in ${setCookie}`);
  return { setCookie, token };
}

describe('session cookie name', () => {
  for (const [label, via] of [
    ['an https URL', HTTPS],
    ['X-Forwarded-Proto: https behind TRUST_PROXY', PROXIED_HTTPS],
  ] as const) {
    it(`is __Host-weft_session, Secure, Path=/ and without Domain over ${label}`, async () => {
      const { setCookie } = await signIn(via);
      expect(setCookie).toMatch(/^__Host-weft_session=[A-Za-z0-9_-]{43}; /);
      expect(setCookie).toMatch(/; Path=\/(;|$)/);
      expect(setCookie).toMatch(/; Secure(;|$)/);
      expect(setCookie).not.toMatch(/Domain=/i);
    });
  }

  it('stays weft_session, without Secure, over plain http', async () => {
    const { setCookie } = await signIn(HTTP);
    expect(setCookie).toMatch(/^weft_session=/);
    expect(setCookie).not.toMatch(/Secure/);
  });
});

describe('reading the cookie', () => {
  it('accepts __Host-weft_session over https, and never the plain name there', async () => {
    const { token } = await signIn(HTTPS);
    expect((await me(req(HTTPS, '/api/auth/me', { cookie: `__Host-weft_session=${token}` }))).status).toBe(200);
    expect((await me(req(PROXIED_HTTPS, '/api/auth/me', { cookie: `__Host-weft_session=${token}` }))).status).toBe(200);
    // A plain-named cookie could have been planted by a sibling subdomain: not over https.
    expect((await me(req(HTTPS, '/api/auth/me', { cookie: `weft_session=${token}` }))).status).toBe(401);
    // With both present (a planted one first), the __Host- one decides.
    const both = await me(req(HTTPS, '/api/auth/me', { cookie: `weft_session=planted; __Host-weft_session=${token}` }));
    expect(both.status).toBe(200);
  });

  it('accepts only weft_session over plain http', async () => {
    const { token } = await signIn(HTTP);
    expect((await me(req(HTTP, '/api/auth/me', { cookie: `weft_session=${token}` }))).status).toBe(200);
    expect((await me(req(HTTP, '/api/auth/me', { cookie: `__Host-weft_session=${token}` }))).status).toBe(401);
  });

  it('re-sends a slid session under the __Host- name over https', async () => {
    const { token } = await signIn(HTTPS);
    await testDb().session.update({
      where: { tokenHash: hashToken(token) },
      data: { lastSeenAt: new Date(Date.now() - 2 * 3600_000) },
    });
    const res = await me(req(HTTPS, '/api/auth/me', { cookie: `__Host-weft_session=${token}` }));
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().join('\n')).toMatch(new RegExp(`^__Host-weft_session=${token}; .*Secure`));
  });
});

describe('logout', () => {
  it('ends the session and clears __Host-weft_session over https', async () => {
    const { token } = await signIn(HTTPS);
    const res = await logoutRoute(
      req(HTTPS, '/api/auth/logout', { method: 'POST', cookie: `__Host-weft_session=${token}` }),
    );
    expect(res.status).toBe(204);
    expect(res.headers.getSetCookie().join('\n')).toMatch(/^__Host-weft_session=; .*Max-Age=0.*Secure/);
    expect(await testDb().session.count({ where: { tokenHash: hashToken(token) } })).toBe(0);
  });
});
