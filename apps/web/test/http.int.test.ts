// defineRoute's request handling, through real routes: malformed JSON, wrong types,
// body size cap, content type, query and path validation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DELETE as revokeKey } from '../src/app/api/api-keys/[id]/route';
import { POST as createUser } from '../src/app/api/users/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request, routeParams, uniqueEmail } from './helpers';
import { testDb } from '../../../test/integration/db';

let owner: Awaited<ReturnType<typeof createUserWithSession>>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'http');
});

afterAll(async () => {
  await disposeServices();
});

describe('request bodies', () => {
  it('answers malformed JSON with 400 INVALID_JSON', async () => {
    const res = await createUser(request('/api/users', { cookie: owner.cookie, body: '{"email": "a@b.c",' }));
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('INVALID_JSON');
    expect(error.message).toMatch(/^Request body is not valid JSON: /);
  });

  it('answers a wrong field type with 400 naming the field', async () => {
    const res = await createUser(
      request('/api/users', { cookie: owner.cookie, body: { email: uniqueEmail('t'), name: 42, password: PASSWORD } }),
    );
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details).toEqual([{ path: 'body.name', message: 'must be a string' }]);
    expect(error.message).toContain('body.name');
  });

  it('rejects a JSON array where an object is expected', async () => {
    const res = await createUser(request('/api/users', { cookie: owner.cookie, body: [] }));
    expect(res.status).toBe(400);
    expect((await errorOf(res)).code).toBe('VALIDATION_ERROR');
  });

  it('answers an oversized body with 413 and stores nothing', async () => {
    const email = uniqueEmail('big');
    const huge = { email, name: 'x'.repeat(1024 * 1024 + 10), password: PASSWORD };
    const res = await createUser(request('/api/users', { cookie: owner.cookie, body: huge }));
    expect(res.status).toBe(413);
    expect((await errorOf(res)).code).toBe('PAYLOAD_TOO_LARGE');
    expect(await testDb().user.count({ where: { email } })).toBe(0);
  });

  it('refuses a declared Content-Length over the cap without reading', async () => {
    const req = request('/api/users', {
      cookie: owner.cookie,
      body: '{}',
      headers: { 'content-length': String(2 * 1024 * 1024) },
    });
    const res = await createUser(req);
    expect(res.status).toBe(413);
  });

  it('requires a JSON content type for a non-empty body', async () => {
    const res = await createUser(
      request('/api/users', {
        cookie: owner.cookie,
        body: JSON.stringify({ email: uniqueEmail('ct') }),
        headers: { 'content-type': 'text/plain' },
      }),
    );
    expect(res.status).toBe(415);
    expect(await errorOf(res)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('authenticates before reading the body', async () => {
    const res = await createUser(request('/api/users', { body: '{not json' }));
    expect(res.status).toBe(401);
  });
});

describe('path parameters', () => {
  it('validates them (400 naming params.id)', async () => {
    const res = await revokeKey(
      request('/api/api-keys/nope', { method: 'DELETE', cookie: owner.cookie }),
      routeParams({ id: 'nope' }),
    );
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual([{ path: 'params.id', message: 'must be a UUID' }]);
  });
});

describe('error responses', () => {
  it('are JSON, uncached, in the SPEC shape', async () => {
    const res = await createUser(request('/api/users', { body: {} }));
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(Object.keys((await res.json()) as object)).toEqual(['error']);
  });
});
