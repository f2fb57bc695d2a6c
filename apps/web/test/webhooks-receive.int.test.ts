import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.QUEUE_PREFIX = `weft-test-${randomUUID().slice(0, 8)}`;
process.env.MAX_PAYLOAD_BYTES = '2048';
process.env.HTTP_ALLOW_PRIVATE = 'true';

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as webhookRoute from '../src/app/api/webhooks/[id]/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import * as executionsRoute from '../src/app/api/executions/route';
import { disposeServices } from '../src/server/composition';
import { signPayload } from '../src/server/webhooks/signature';
import { createUserWithSession, errorOf, ORIGIN, request, routeParams } from './helpers';
import { peerHeader } from './peer';
import { startInProcessWorker, waitForExecution } from './run-worker';
import { createWorkflowWithWebhook, deliverSigned, type Delivery } from './webhooks';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let slowServer: Server;
let slowUrl: string;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'hook-owner');
  worker = await startInProcessWorker();
  slowServer = createServer((_req, res) => setTimeout(() => res.end('{}'), 1_500));
  await new Promise<void>((r) => slowServer.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(slowServer.address() as { port: number }).port}/slow`;
});

afterAll(async () => {
  await new Promise((r) => slowServer?.close(r));
  await worker?.stop();
  await disposeServices();
});

const workflowWithWebhook = (
  settings: Record<string, unknown> = {},
  definition: unknown = sumAndBranch,
  activate = true,
) => createWorkflowWithWebhook(owner, { settings, definition, activate });

// Every delivery here comes from a documentation address, with a query string the payload keeps.
const deliver = (hook: { token: string; secret: string }, body: string, opts: Delivery = {}) =>
  deliverSigned(hook, body, { query: '?src=test', peer: '203.0.113.9', ...opts });

const executionsOf = (workflowId: string) => testDb().execution.findMany({ where: { workflowId } });

describe('ANY /api/hooks/:token', () => {
  it('accepts a signed delivery: 202, one execution of the active version with the request as trigger payload', async () => {
    const hook = await workflowWithWebhook();
    const res = await deliver(hook, JSON.stringify({ a: 7, b: 5 }));
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };
    const status = await waitForExecution(
      async () => (await testDb().execution.findUnique({ where: { id: executionId } }))?.status,
    );
    expect(status).toBe('succeeded');
    const e = await testDb().execution.findUniqueOrThrow({ where: { id: executionId } });
    expect(e).toMatchObject({ trigger: 'webhook', webhookId: hook.id, version: 1, output: { big: true, sum: 12 } });
    expect(e.triggerData).toMatchObject({
      method: 'POST',
      webhookId: hook.id,
      query: { src: 'test' },
      body: { a: 7, b: 5 },
    });
    expect((e.triggerData as { headers: Record<string, string> }).headers['x-weft-peer-ip']).toBeUndefined();
    const list = await webhooksRoute.GET(
      request(`/api/workflows/${hook.workflowId}/webhooks`, { cookie: owner.cookie }),
      routeParams({ id: hook.workflowId }),
    );
    expect(((await list.json()) as { items: unknown[] }).items).toEqual([
      expect.objectContaining({
        id: hook.id,
        triggerCount: 1,
        lastExecutionId: executionId,
        lastTriggeredAt: expect.any(String),
      }),
    ]);
    // Recent deliveries: the executions list filtered by webhook.
    const deliveries = await executionsRoute.GET(
      request(`/api/executions?webhookId=${hook.id}`, { cookie: owner.cookie }),
    );
    expect(((await deliveries.json()) as { items: Array<{ id: string; webhookId: string }> }).items).toEqual([
      expect.objectContaining({ id: executionId, webhookId: hook.id }),
    ]);
  });

  it.each([
    ['a wrong secret', { secret: 'not-the-secret' }],
    ['a missing header', { headers: { 'x-weft-signature': '' } }],
    ['a malformed header', { headers: { 'x-weft-signature': 'sha256=deadbeef' } }],
    ['a timestamp 301 s old', { tOffset: -301 }],
    ['a timestamp 301 s in the future', { tOffset: 301 }],
  ])('answers 401 for %s and starts nothing', async (_name, opts) => {
    const hook = await workflowWithWebhook();
    const res = await deliver(hook, '{"a":1,"b":2}', opts);
    expect(res.status).toBe(401);
    expect((await errorOf(res)).message).toMatch(/signature/i);
    expect(await executionsOf(hook.workflowId)).toHaveLength(0);
  });

  it('answers 401 for a tampered body', async () => {
    const hook = await workflowWithWebhook();
    const t = Math.floor(Date.now() / 1000);
    const req = new Request(`${ORIGIN}/api/hooks/${hook.token}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-weft-signature': `t=${t},v1=${signPayload(hook.secret, t, hook.token, '{"a":1}')}`,
      },
      body: '{"a":2}',
    });
    expect((await hookRoute.POST(req, routeParams({ token: hook.token }))).status).toBe(401);
    expect(await executionsOf(hook.workflowId)).toHaveLength(0);
  });

  it('answers 403 outside the IP allowlist (IPv4 and IPv6) and accepts inside it', async () => {
    const hook = await workflowWithWebhook({ ipAllowlist: ['198.51.100.0/24', '2001:db8::/32'] });
    expect((await deliver(hook, '{}', { headers: peerHeader('203.0.113.9') })).status).toBe(403);
    expect((await deliver(hook, '{}', { headers: peerHeader('2001:db9::1') })).status).toBe(403);
    expect((await deliver(hook, '{}', { headers: peerHeader('198.51.100.20') })).status).toBe(202);
    expect((await deliver(hook, '{}', { headers: peerHeader('2001:db8::7') })).status).toBe(202);
    // Without TRUST_PROXY a forged X-Forwarded-For changes nothing.
    expect(
      (await deliver(hook, '{}', { headers: { ...peerHeader('203.0.113.9'), 'x-forwarded-for': '198.51.100.20' } }))
        .status,
    ).toBe(403);
    expect(await executionsOf(hook.workflowId)).toHaveLength(2);
  });

  it('rate-limits with 429 and Retry-After, then accepts again after the window', async () => {
    const hook = await workflowWithWebhook({ rateLimitMax: 2, rateLimitWindowSec: 1 });
    expect((await deliver(hook, '{}')).status).toBe(202);
    expect((await deliver(hook, '{}')).status).toBe(202);
    const limited = await deliver(hook, '{}');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1_100));
    expect((await deliver(hook, '{}')).status).toBe(202);
    expect(await executionsOf(hook.workflowId)).toHaveLength(3);
  });

  it(
    'a keyed delivery whose database connection keeps dropping mid-transaction answers 503, stores nothing, and ' +
      'its retry runs',
    async () => {
      // What `npm run soak` saw while Postgres restarted: the Prisma transaction behind an
      // Idempotency-Key lost its connection ("terminating connection due to administrator
      // command", 57P01 wrapped as P2039, or "Connection terminated unexpectedly") and the
      // sender got 500, which it must not retry. A trigger ends the transaction's own backend.
      const hook = await workflowWithWebhook();
      const prisma = testDb();
      const fn = `test_drop_conn_${randomUUID().slice(0, 8)}`;
      const key = `drop-${randomUUID()}`;
      await prisma.$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = '${key}' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$`);
      await prisma.$executeRawUnsafe(
        `CREATE TRIGGER ${fn} BEFORE INSERT ON webhook_idempotency_keys FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      );
      try {
        const res = await deliver(hook, '{"a":1,"b":2}', { headers: { 'idempotency-key': key } });
        expect(res.status).toBe(503);
        expect((await errorOf(res)).code).toBe('SERVICE_UNAVAILABLE');
        expect(await prisma.webhookIdempotencyKey.count({ where: { webhookId: hook.id, key } })).toBe(0);
      } finally {
        await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON webhook_idempotency_keys`);
        await prisma.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
      }
      const before = await prisma.execution.count({ where: { webhookId: hook.id } });
      expect(before).toBe(0);
      const retry = await deliver(hook, '{"a":1,"b":2}', { headers: { 'idempotency-key': key } });
      expect(retry.status).toBe(202);
      expect(await prisma.execution.count({ where: { webhookId: hook.id } })).toBe(1);
    },
  );

  it(
    'a keyed delivery whose connection drops once mid-transaction is retried within the request: 202, one ' +
      'execution, one key',
    async () => {
      // A restart that ends the transaction's backend once (a sequence counts, outside any
      // transaction); the retry within DATABASE_RETRY_MS finds Postgres answering.
      const hook = await workflowWithWebhook();
      const prisma = testDb();
      const fn = `test_drop_once_${randomUUID().slice(0, 8)}`;
      const key = `drop-once-${randomUUID()}`;
      await prisma.$executeRawUnsafe(`CREATE SEQUENCE ${fn}_seq`);
      await prisma.$executeRawUnsafe(
        `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.key = '${key}' AND nextval('${fn}_seq') = 1 THEN PERFORM ` +
          `pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END $$`,
      );
      await prisma.$executeRawUnsafe(
        `CREATE TRIGGER ${fn} BEFORE INSERT ON webhook_idempotency_keys FOR EACH ROW EXECUTE FUNCTION ${fn}()`,
      );
      try {
        const res = await deliver(hook, '{"a":1,"b":2}', { headers: { 'idempotency-key': key } });
        expect(res.status, JSON.stringify(await res.clone().json())).toBe(202);
        const { executionId, duplicate } = (await res.json()) as { executionId: string; duplicate?: boolean };
        expect(duplicate).toBeUndefined();
        expect((await prisma.execution.findMany({ where: { webhookId: hook.id } })).map((e) => e.id)).toEqual([
          executionId,
        ]);
        expect(await prisma.webhookIdempotencyKey.count({ where: { webhookId: hook.id, key } })).toBe(1);
      } finally {
        await prisma.$executeRawUnsafe(`DROP TRIGGER ${fn} ON webhook_idempotency_keys`);
        await prisma.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
        await prisma.$executeRawUnsafe(`DROP SEQUENCE ${fn}_seq`);
      }
    },
  );

  it('runs an Idempotency-Key once, also when the same key arrives concurrently', async () => {
    const hook = await workflowWithWebhook();
    const first = (await (await deliver(hook, '{}', { headers: { 'idempotency-key': 'order-1' } })).json()) as {
      executionId: string;
    };
    const again = await deliver(hook, '{}', { headers: { 'idempotency-key': 'order-1' } });
    expect(again.status).toBe(202);
    expect(((await again.json()) as { executionId: string }).executionId).toBe(first.executionId);
    const concurrent = await Promise.all(
      Array.from({ length: 8 }, () => deliver(hook, '{}', { headers: { 'idempotency-key': 'order-2' } })),
    );
    const ids = new Set(
      await Promise.all(concurrent.map(async (r) => ((await r.json()) as { executionId: string }).executionId)),
    );
    expect(ids.size).toBe(1);
    expect(await executionsOf(hook.workflowId)).toHaveLength(2);
  });

  it('answers 413 over MAX_PAYLOAD_BYTES, 404 for unknown, disabled or inactive, and starts nothing', async () => {
    const hook = await workflowWithWebhook();
    expect((await deliver(hook, JSON.stringify({ big: 'x'.repeat(3000) }))).status).toBe(413);
    expect((await deliver({ token: 'no-such-token', secret: 'x' }, '{}')).status).toBe(404);
    await webhookRoute.PATCH(
      request(`/api/webhooks/${hook.id}`, { method: 'PATCH', body: { enabled: false }, cookie: owner.cookie }),
      routeParams({ id: hook.id }),
    );
    expect((await deliver(hook, '{}')).status).toBe(404);
    const inactive = await workflowWithWebhook({}, sumAndBranch, false);
    const res = await deliver(inactive, '{}');
    expect(res.status).toBe(404);
    expect((await errorOf(res)).message).toMatch(/active version/);
    expect(await executionsOf(hook.workflowId)).toHaveLength(0);
  });

  it("sync mode answers with the respond node's status, headers and body", async () => {
    const definition = {
      name: 'sync respond',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        {
          id: 'reply',
          type: 'respond',
          parameters: {
            status: 201,
            headers: { 'x-order': '{{ $input.body.id }}' },
            body: '{{ { "received": $input.body.id } }}',
          },
        },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'reply' }],
    };
    const hook = await workflowWithWebhook({ responseMode: 'sync' }, definition);
    const res = await deliver(hook, '{"id":"A-17"}');
    expect(res.status).toBe(201);
    expect(res.headers.get('x-order')).toBe('A-17');
    expect(await res.json()).toEqual({ received: 'A-17' });
  });

  it('sync mode answers 202 with the execution id when the run outlasts syncTimeoutMs', async () => {
    const definition = {
      name: 'sync slow',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        { id: 'slow', type: 'http', parameters: { url: slowUrl } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'slow' }],
    };
    const hook = await workflowWithWebhook({ responseMode: 'sync', syncTimeoutMs: 300 }, definition);
    const res = await deliver(hook, '{}');
    expect(res.status).toBe(202);
    expect(((await res.json()) as { executionId: string }).executionId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('200 concurrent valid deliveries create exactly 200 executions, all succeeded', async () => {
    const hook = await workflowWithWebhook({ rateLimitMax: 1000 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => deliver(hook, JSON.stringify({ a: i, b: 1 }))),
    );
    expect(results.map((r) => r.status).every((s) => s === 202)).toBe(true);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const done = await testDb().execution.count({
        where: { workflowId: hook.workflowId, status: { in: ['succeeded', 'failed'] } },
      });
      if (done === 200) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const all = await executionsOf(hook.workflowId);
    expect(all).toHaveLength(200);
    expect(all.every((e) => e.status === 'succeeded')).toBe(true);
  }, 90_000);
});
