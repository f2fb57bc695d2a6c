// The Workers and Queue APIs with Redis unreachable for this whole file (port 1 refuses at
// once): a clear 503 naming Redis, never a 500 or a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.REDIS_URL = 'redis://127.0.0.1:1';

import * as workersRoute from '../src/app/api/workers/route';
import * as queueRoute from '../src/app/api/queue/route';
import * as purgeRoute from '../src/app/api/queue/purge/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request } from './helpers';

let admin: Awaited<ReturnType<typeof createUserWithSession>>;

beforeAll(async () => {
  admin = await createUserWithSession('admin', 'fleet-redis-down');
});

afterAll(() => disposeServices());

describe('with Redis down', () => {
  it('GET /api/workers, GET /api/queue and POST /api/queue/purge answer 503 naming Redis', async () => {
    for (const res of [
      await workersRoute.GET(request('/api/workers', { cookie: admin.cookie })),
      await queueRoute.GET(request('/api/queue', { cookie: admin.cookie })),
      await purgeRoute.POST(
        request('/api/queue/purge', { body: { state: 'waiting', confirm: 'executions' }, cookie: admin.cookie }),
      ),
    ]) {
      expect(res.status).toBe(503);
      const error = await errorOf(res);
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.message).toMatch(/Redis/);
    }
  });
});
