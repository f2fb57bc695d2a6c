// Cross-site request forgery defences in defineRoute: an Origin / Sec-Fetch-Site check on
// every unsafe request a browser could have sent with our cookie (or to sign someone in),
// and no form content types on them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

// Read once, at the first getServices(): a proxy in front, and a public address.
process.env.TRUST_PROXY = 'true';
process.env.PUBLIC_URL = 'https://weft.example.com';
process.env.QUEUE_PREFIX = uniqueQueuePrefix('csrf');

import { POST as createKey } from '../src/app/api/api-keys/route';
import { POST as login } from '../src/app/api/auth/login/route';
import { POST as logout } from '../src/app/api/auth/logout/route';
import { POST as createUser } from '../src/app/api/users/route';
import { hashToken } from '../src/server/auth/tokens';
import { disposeServices } from '../src/server/composition';
import { defineRoute } from '../src/server/http/define-route';
import { createUserWithSession, errorOf, ORIGIN, PASSWORD, request, uniqueEmail } from './helpers';
import { testDb } from '../../../test/integration/db';

let owner: Awaited<ReturnType<typeof createUserWithSession>>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'csrf');
});

afterAll(async () => {
  await disposeServices();
});

function newUser(headers: Record<string, string>, cookie = owner.cookie) {
  const email = uniqueEmail('csrf-new');
  return { email, req: request('/api/users', { cookie, headers, body: { email, name: 'N', password: PASSWORD } }) };
}

async function usersWith(email: string): Promise<number> {
  return testDb().user.count({ where: { email } });
}

describe('origin check on cookie-authenticated requests', () => {
  it('refuses a cross-site Origin with 403 naming the check, and writes nothing', async () => {
    const { email, req } = newUser({ origin: 'https://evil.example' });
    const res = await createUser(req);
    expect(res.status).toBe(403);
    const error = await errorOf(res);
    expect(error.code).toBe('FORBIDDEN');
    expect(error.message).toMatch(/Origin/);
    expect(await usersWith(email)).toBe(0);
  });

  it('refuses Sec-Fetch-Site: cross-site (and same-site) without a matching Origin', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const { email, req } = newUser({ 'sec-fetch-site': site });
      const res = await createUser(req);
      expect(res.status).toBe(403);
      expect(await usersWith(email)).toBe(0);
    }
  });

  it('refuses Origin: null (sandboxed frames, privacy redirects)', async () => {
    const { email, req } = newUser({ origin: 'null' });
    expect((await createUser(req)).status).toBe(403);
    expect(await usersWith(email)).toBe(0);
  });

  it('allows Sec-Fetch-Site: same-origin and none', async () => {
    for (const site of ['same-origin', 'none']) {
      const { email, req } = newUser({ 'sec-fetch-site': site });
      expect((await createUser(req)).status).toBe(201);
      expect(await usersWith(email)).toBe(1);
    }
  });

  it('allows an Origin equal to the request URL, the Host, the forwarded host or PUBLIC_URL', async () => {
    const cases: Array<Record<string, string>> = [
      { origin: ORIGIN },
      { origin: 'http://weft.internal:8080', host: 'weft.internal:8080' },
      { origin: 'https://proxy.example', 'x-forwarded-host': 'proxy.example', 'x-forwarded-proto': 'https' },
      { origin: 'https://weft.example.com' },
      { origin: 'https://weft.example.com', 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of cases) {
      // Over https (the forwarded case) the session cookie is the __Host- one.
      const cookie = headers['x-forwarded-proto'] === 'https' ? `__Host-${owner.cookie}` : owner.cookie;
      const { email, req } = newUser(headers, cookie);
      const res = await createUser(req);
      expect(res.status, JSON.stringify(headers)).toBe(201);
      expect(await usersWith(email)).toBe(1);
    }
  });

  it('refuses an Origin that differs only in scheme or port', async () => {
    for (const origin of ['https://localhost:3000', 'http://localhost:3001', 'http://weft.example.com']) {
      const { email, req } = newUser({ origin });
      expect((await createUser(req)).status, origin).toBe(403);
      expect(await usersWith(email)).toBe(0);
    }
  });

  it('allows clients that send neither Origin nor Sec-Fetch-Site (curl, scripts)', async () => {
    const { email, req } = newUser({});
    expect((await createUser(req)).status).toBe(201);
    expect(await usersWith(email)).toBe(1);
  });

  it('exempts API-key requests: a browser never attaches Authorization cross-site', async () => {
    const created = (await (
      await createKey(request('/api/api-keys', { cookie: owner.cookie, body: { name: 'csrf' } }))
    ).json()) as { key: string };
    const res = await createKey(
      request('/api/api-keys', {
        bearer: created.key,
        headers: { origin: 'https://elsewhere.example', 'sec-fetch-site': 'cross-site' },
        body: { name: 'from a key' },
      }),
    );
    expect(res.status).toBe(201);
  });
});

describe('form content types', () => {
  it('refuses a form post with an empty body (415) and does not log the user out', async () => {
    const { cookie } = await createUserWithSession('member', 'csrf-form');
    const tokenHash = hashToken(cookie.split('=')[1]!);
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain;charset=UTF-8',
    ]) {
      const res = await logout(
        request('/api/auth/logout', { method: 'POST', cookie, headers: { 'content-type': type } }),
      );
      expect(res.status, type).toBe(415);
      expect((await errorOf(res)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    }
    expect(await testDb().session.count({ where: { tokenHash } })).toBe(1);
  });

  it('refuses a form content type on a route with a body schema even when the body is empty', async () => {
    const res = await createUser(
      request('/api/users', { method: 'POST', cookie: owner.cookie, headers: { 'content-type': 'text/plain' } }),
    );
    expect(res.status).toBe(415);
    // …and for API-key callers too: the schema route only speaks JSON.
    const created = (await (
      await createKey(request('/api/api-keys', { cookie: owner.cookie, body: { name: 'csrf-2' } }))
    ).json()) as { key: string };
    const keyed = await createKey(
      request('/api/api-keys', {
        method: 'POST',
        bearer: created.key,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(keyed.status).toBe(415);
  });

  it('still accepts a bodiless POST with no content type', async () => {
    const { cookie } = await createUserWithSession('member', 'csrf-bare');
    expect((await logout(request('/api/auth/logout', { method: 'POST', cookie }))).status).toBe(204);
  });
});

describe('requests without credentials', () => {
  it('refuses a cross-site login (login CSRF) with 403 and starts no session', async () => {
    const { user, email } = await createUserWithSession('member', 'csrf-login');
    const before = await testDb().session.count({ where: { userId: user.id } });
    const res = await login(
      request('/api/auth/login', {
        headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
        body: { email, password: PASSWORD },
      }),
    );
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await testDb().session.count({ where: { userId: user.id } })).toBe(before);

    const same = await login(
      request('/api/auth/login', {
        headers: { origin: ORIGIN, 'sec-fetch-site': 'same-origin' },
        body: { email, password: PASSWORD },
      }),
    );
    expect(same.status).toBe(200);
  });

  it('lets a route opt out (`csrf: false`, e.g. public webhooks that external senders post to)', async () => {
    const open = defineRoute({ permission: 'public', csrf: false }, () => ({ ok: true }));
    const res = await open(
      request('/api/hooks/x', {
        method: 'POST',
        body: 'a=1',
        headers: {
          origin: 'https://sender.example',
          'sec-fetch-site': 'cross-site',
          'content-type': 'application/x-www-form-urlencoded',
        },
      }),
    );
    expect(res.status).toBe(200);
    const checked = defineRoute({ permission: 'public' }, () => ({ ok: true }));
    expect(
      (await checked(request('/api/x', { method: 'POST', headers: { origin: 'https://sender.example' } }))).status,
    ).toBe(403);
  });

  it('never checks safe methods', async () => {
    const read = defineRoute({ permission: 'public' }, () => ({ ok: true }));
    expect(
      (await read(request('/api/x', { headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } })))
        .status,
    ).toBe(200);
  });
});
