// U+0000 in any API input (body field, query, path) is stored as U+FFFD or refused by
// validation — never a 500 from Postgres, which can't hold NUL in text or jsonb.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('nul-input');

import { POST as loginRoute } from '../src/app/api/auth/login/route';
import * as workflowsRoute from '../src/app/api/workflows/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, ORIGIN, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

let owner: Awaited<ReturnType<typeof createUserWithSession>>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'nul-input');
});

afterAll(() => disposeServices());

describe('NUL in API input', () => {
  it('a login email with NUL is an ordinary failed login, not a 500', async () => {
    const res = await loginRoute(
      request('/api/auth/login', { body: { email: 'a\u0000b@example.test', password: 'whatever it is' } }),
    );
    expect([400, 401]).toContain(res.status);
  });

  it('a workflow name with NUL is stored with U+FFFD', async () => {
    const res = await workflowsRoute.POST(
      request('/api/workflows', { cookie: owner.cookie, body: { name: 'Nul\u0000name', description: 'd\u0000' } }),
    );
    expect(res.status).toBe(201);
    const { id } = (await res.json()) as { id: string };
    const row = await testDb().workflow.findUniqueOrThrow({ where: { id } });
    expect(row.name).toBe('Nul\uFFFDname');
    expect(row.description).toBe('d\uFFFD');
  });

  it('a NUL in a search query or a hook token is answered normally', async () => {
    const list = await workflowsRoute.GET(request('/api/workflows?search=%00', { cookie: owner.cookie }));
    expect(list.status).toBe(200);
    const hook = await hookRoute.POST(
      new Request(`${ORIGIN}/api/hooks/a%00b`, { method: 'POST', body: '{}' }),
      routeParams({ token: 'a\u0000b' }),
    );
    expect(hook.status).toBe(404);
  });
});
