import { afterAll, describe, expect, it } from 'vitest';
import { GET as live } from '../src/app/api/health/live/route';
import { GET as ready } from '../src/app/api/health/ready/route';
import { disposeServices, getServices } from '../src/server/composition';
import { errorOf, request } from './helpers';

afterAll(async () => {
  await disposeServices();
});

describe('health', () => {
  it('live is 200 {status:"ok"}', async () => {
    const res = live();
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('ready is 200 when Postgres answers', async () => {
    const res = await ready(request('/api/health/ready'));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; checks: Record<string, string> };
    expect(body).toMatchObject({ status: 'ok', checks: { database: 'ok' } });
    // Redis is checked too whenever the app holds a connection.
    if (getServices().redis) expect(body.checks.redis).toBe('ok');
    // And every migration in prisma/migrations is applied.
    expect(body.checks.migrations).toBe('ok');
  });

  it('ready is 503 naming Redis when it does not answer', async () => {
    const services = getServices();
    const previous = services.redis;
    // Stand-in for an unreachable Redis (the real one is up for these tests); this checks
    // how readiness reports it, not Redis itself.
    services.redis = {
      ping: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:1')),
      quit: () => Promise.resolve('OK'),
    };
    try {
      const res = await ready(request('/api/health/ready'));
      expect(res.status).toBe(503);
      const error = await errorOf(res);
      expect(error.code).toBe('SERVICE_UNAVAILABLE');
      expect(error.details).toEqual([{ path: 'redis', message: 'check failed' }]);
    } finally {
      services.redis = previous;
    }
  });
});
