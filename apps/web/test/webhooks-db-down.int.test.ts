import { afterAll, describe, expect, it } from 'vitest';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import { disposeServices } from '../src/server/composition';
import { errorOf, ORIGIN, routeParams } from './helpers';

// Postgres is unreachable for this whole file (nothing listens on port 1). Set in the test
// body, after the setup file pointed DATABASE_URL at the real test database.
afterAll(() => disposeServices());

describe('with Postgres down', () => {
  it('a webhook delivery answers 503 so the sender retries, never 500', async () => {
    process.env.DATABASE_URL = 'postgresql://postgres@127.0.0.1:1/weft_test';
    await disposeServices();
    const res = await hookRoute.POST(
      new Request(`${ORIGIN}/api/hooks/some-token`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json' },
      }),
      routeParams({ token: 'some-token' }),
    );
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('SERVICE_UNAVAILABLE');
  });

  it('an authenticated API call answers 503 too', async () => {
    const res = await runRoute.POST(
      new Request(`${ORIGIN}/api/workflows/0195f0a0-0000-7000-8000-000000000001/run`, {
        method: 'POST',
        body: '{}',
        headers: { 'content-type': 'application/json', authorization: 'Bearer wft_x' },
      }),
      routeParams({ id: '0195f0a0-0000-7000-8000-000000000001' }),
    );
    expect(res.status).toBe(503);
  });
});
