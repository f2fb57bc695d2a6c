import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Redis is unreachable for this whole file (port 1 refuses connections at once).
process.env.REDIS_URL = 'redis://127.0.0.1:1';

import { POST as login } from '../src/app/api/auth/login/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request } from './helpers';

let user: Awaited<ReturnType<typeof createUserWithSession>>;

beforeAll(async () => {
  user = await createUserWithSession('member', 'redis-down');
});

afterAll(() => disposeServices());

describe('login with Redis down', () => {
  it('answers 503 (not 500, and not an unthrottled sign-in) and starts no session', async () => {
    const before = await getServices().prisma.session.count({ where: { userId: user.user.id } });
    const res = await login(request('/api/auth/login', { body: { email: user.email, password: PASSWORD } }));
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('SERVICE_UNAVAILABLE');
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(await getServices().prisma.session.count({ where: { userId: user.user.id } })).toBe(before);
  });
});
