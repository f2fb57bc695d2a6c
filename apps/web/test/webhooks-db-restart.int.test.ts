// A Postgres restart while deliveries arrive (issue 19, item 9): the web waits it out for up to
// DATABASE_RETRY_MS instead of refusing, and a 503 — past that — means nothing was recorded.
// Postgres is reached through a TCP proxy that the test cuts (connections dropped, new ones
// refused) and restores, as a restart does.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from '../../../test/integration/tcp-proxy';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('db-restart');
const DIRECT_URL = process.env.DATABASE_URL!;
const proxy: TcpProxy = await startTcpProxy(Number(new URL(DIRECT_URL).port || 5432));
process.env.DATABASE_URL = proxy.url(DIRECT_URL);

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import { createPrismaClient } from '@weft/db';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import { disposeServices } from '../src/server/composition';
import { DATABASE_RETRY_MS } from '../src/server/executions/start';
import { signPayload } from '../src/server/webhooks/signature';
import { createUserWithSession, errorOf, ORIGIN, request, routeParams } from './helpers';
import { startInProcessWorker, waitForExecution } from './run-worker';

// Reads past the proxy, so the test sees the database while the web can't.
const direct = createPrismaClient(DIRECT_URL);
let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let hook: { id: string; token: string; secret: string };

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'db-restart-owner');
  worker = await startInProcessWorker();
  const wf = (await (
    await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }))
  ).json()) as { id: string };
  await activateRoute.POST(
    request(`/api/workflows/${wf.id}/activate`, { body: {}, cookie: owner.cookie }),
    routeParams({ id: wf.id }),
  );
  hook = (await (
    await webhooksRoute.POST(
      request(`/api/workflows/${wf.id}/webhooks`, { body: {}, cookie: owner.cookie }),
      routeParams({ id: wf.id }),
    )
  ).json()) as typeof hook;
});

afterAll(async () => {
  await proxy.restore();
  await worker?.stop();
  await disposeServices();
  await direct.$disconnect();
  await proxy.close();
});

function deliver(body: string, headers: Record<string, string> = {}): Promise<Response> {
  const t = Math.floor(Date.now() / 1000);
  const req = new Request(`${ORIGIN}/api/hooks/${hook.token}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-weft-signature': `t=${t},v1=${signPayload(hook.secret, t, hook.token, body)}`,
      ...headers,
    },
    body,
  });
  return hookRoute.POST(req, routeParams({ token: hook.token }));
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
const executionsWith = (n: number) =>
  direct.execution.findMany({ where: { webhookId: hook.id, triggerData: { path: ['body', 'n'], equals: n } } });

describe('a Postgres restart while deliveries arrive', () => {
  it.each([
    ['a delivery', 1, {}],
    ['a keyed delivery', 2, { 'idempotency-key': 'restart-2' }],
  ])(
    '%s that arrives during a restart shorter than DATABASE_RETRY_MS waits and is accepted: 202, one execution, which runs',
    async (_what, n, headers) => {
      await proxy.cut();
      const answer = deliver(JSON.stringify({ n, a: 1, b: 2 }), headers);
      await pause(1_500);
      await proxy.restore();
      const res = await answer;
      expect(res.status, JSON.stringify(await res.clone().json())).toBe(202);
      const { executionId } = (await res.json()) as { executionId: string };
      expect((await executionsWith(n)).map((e) => e.id)).toEqual([executionId]);
      expect(
        await waitForExecution(async () => (await direct.execution.findUnique({ where: { id: executionId } }))?.status),
      ).toBe('succeeded');
    },
  );

  it('a restart longer than that is answered 503 and records nothing, so the sender’s retry is the only run', async () => {
    await proxy.cut();
    const started = Date.now();
    let res: Response;
    try {
      res = await deliver(JSON.stringify({ n: 3, a: 1, b: 2 }), { 'idempotency-key': 'restart-3' });
    } finally {
      await proxy.restore();
    }
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('SERVICE_UNAVAILABLE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(DATABASE_RETRY_MS - 1_000);
    expect(await executionsWith(3)).toEqual([]);
    const retry = await deliver(JSON.stringify({ n: 3, a: 1, b: 2 }), { 'idempotency-key': 'restart-3' });
    expect(retry.status).toBe(202);
    expect(await executionsWith(3)).toHaveLength(1);
  });
});
