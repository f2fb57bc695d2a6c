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

import { createPrismaClient } from '@weft/db';
import { disposeServices } from '../src/server/composition';
import { DATABASE_RETRY_MS } from '../src/server/executions/start';
import { createUserWithSession, errorOf } from './helpers';
import { startInProcessWorker, waitForExecution } from './run-worker';
import { createWebhook, deliverSigned, importActiveWorkflow, type Hook } from './webhooks';

// Reads past the proxy, so the test sees the database while the web can't.
const direct = createPrismaClient(DIRECT_URL);
let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let hook: Hook;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'db-restart-owner');
  worker = await startInProcessWorker();
  hook = await createWebhook(owner, await importActiveWorkflow(owner));
});

afterAll(async () => {
  await proxy.restore();
  await worker?.stop();
  await disposeServices();
  await direct.$disconnect();
  await proxy.close();
});

const deliver = (body: string, headers: Record<string, string> = {}) => deliverSigned(hook, body, { headers });

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
