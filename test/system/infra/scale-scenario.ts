// What the "beyond one machine" files check on each topology, as a user sees it: a manual run
// and webhook deliveries (rate limiter, Idempotency-Key, a sync reply over pub/sub) end with
// their execution and steps in Postgres.
import { afterAll, beforeAll, expect } from 'vitest';
import * as runRoute from '@/app/api/workflows/[id]/run/route';
import * as readyRoute from '@/app/api/health/ready/route';
import * as schedulesRoute from '@/app/api/workflows/[id]/schedules/route';
import * as scheduleRoute from '@/app/api/schedules/[id]/route';
import { disposeServices, getServices } from '@/server/composition';
import { createUserWithSession, request, routeParams } from '../../../apps/web/test/helpers';
import { finishedExecution, startInProcessWorker, waitForExecution } from '../../../apps/web/test/run-worker';
import {
  activateWorkflow,
  createWebhook,
  deliverSigned,
  importWorkflow,
  type Hook,
} from '../../../apps/web/test/webhooks';
import { testDb } from '../../integration/db';

type Owner = { cookie: string };

/** Runs the sum-and-branch workflow from the API and checks the result and every step in Postgres. */
async function runManuallyAndCheck(owner: Owner, workflowId: string, a = 7, b = 5): Promise<string> {
  const res = await runRoute.POST(
    request(`/api/workflows/${workflowId}/run`, { body: { input: { body: { a, b } } }, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
  const { status, execution, step } = await finishedExecution(res);
  expect(status).toBe('succeeded');
  expect(execution.output).toEqual({ big: a + b > 10, sum: a + b });
  expect(step('sum')).toMatchObject({ status: 'succeeded', output: { sum: a + b } });
  expect(step(a + b > 10 ? 'yes' : 'no')?.status).toBe('succeeded');
  expect(execution.steps.map((s) => s.nodeId).sort()).toEqual(['big', 'no', 'start', 'sum', 'yes']);
  return execution.id;
}

const deliver = (hook: Hook, body: string, headers: Record<string, string> = {}) =>
  deliverSigned(hook, body, { peer: '203.0.113.7', headers });

/**
 * Webhook deliveries through the web process's Redis: a sync reply (the worker's "changed"
 * notice reaches the web's subscriber), an Idempotency-Key redelivery that starts nothing, and
 * the rate limiter's 429 once the window's budget (3) is spent.
 */
async function deliverWebhooksAndCheck(owner: Owner, workflowId: string): Promise<void> {
  await activateWorkflow(owner, workflowId);
  const hook = await createWebhook(owner, workflowId, {
    responseMode: 'sync',
    syncTimeoutMs: 15_000,
    rateLimitMax: 3,
    rateLimitWindowSec: 3600,
  });
  const sync = await deliver(hook, '{"a":20,"b":1}', { 'idempotency-key': 'order-1' });
  expect(sync.status).toBe(200);
  expect(await sync.json()).toEqual({ big: true, sum: 21 });

  const again = await deliver(hook, '{"a":20,"b":1}', { 'idempotency-key': 'order-1' });
  expect(again.status).toBe(202);
  expect(await again.json()).toMatchObject({ duplicate: true });
  const third = await deliver(hook, '{"a":1,"b":1}');
  expect(third.status).toBe(200);
  expect(await third.json()).toEqual({ big: false, sum: 2 });
  const limited = await deliver(hook, '{"a":1,"b":1}');
  expect(limited.status).toBe(429);
  expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);

  const executions = await testDb().execution.findMany({
    where: { webhookId: hook.id },
    include: { steps: true },
    orderBy: { createdAt: 'asc' },
  });
  expect(executions.map((e) => e.status)).toEqual(['succeeded', 'succeeded']);
  expect(executions.map((e) => e.output)).toEqual([
    { big: true, sum: 21 },
    { big: false, sum: 2 },
  ]);
  for (const e of executions)
    expect(
      e.steps
        .filter((s) => s.status === 'succeeded')
        .map((s) => s.nodeId)
        .sort(),
    ).toEqual(
      e.output && (e.output as { big: boolean }).big ? ['big', 'start', 'sum', 'yes'] : ['big', 'no', 'start', 'sum'],
    );
}

/**
 * A schedule every second (a BullMQ job scheduler set by the web, fired by the worker, decided
 * in a Postgres transaction): its first run succeeds; deleted, its timer is gone. Deleted in
 * any case, since a later file's worker would fire a schedule left behind.
 */
async function scheduleAndCheck(owner: Owner, workflowId: string): Promise<void> {
  await activateWorkflow(owner, workflowId);
  const res = await schedulesRoute.POST(
    request(`/api/workflows/${workflowId}/schedules`, {
      body: { cron: '* * * * * *', overlap: 'skip', maxInstances: 1, input: { body: { a: 9, b: 9 } } },
      cookie: owner.cookie,
    }),
    routeParams({ id: workflowId }),
  );
  expect(res.status).toBe(201);
  const { id } = (await res.json()) as { id: string };
  const prisma = testDb();
  const { timers } = getServices();
  try {
    expect((await timers.list()).map((t) => t.id)).toContain(id);
    const first = async () =>
      (await prisma.execution.findFirst({ where: { scheduleId: id }, orderBy: { createdAt: 'asc' } }))?.status;
    expect(await waitForExecution(first, { timeoutMs: 15_000 })).toBe('succeeded');
    const run = await prisma.execution.findFirstOrThrow({
      where: { scheduleId: id },
      orderBy: { createdAt: 'asc' },
      include: { steps: true },
    });
    expect(run).toMatchObject({ trigger: 'schedule', output: { big: true, sum: 18 } });
    expect(run.steps.find((s) => s.nodeId === 'sum')).toMatchObject({ status: 'succeeded', output: { sum: 18 } });
  } finally {
    const del = await scheduleRoute.DELETE(
      request(`/api/schedules/${id}`, { method: 'DELETE', cookie: owner.cookie }),
      routeParams({ id }),
    );
    expect(del.status).toBe(204);
  }
  expect((await timers.list()).map((t) => t.id)).not.toContain(id);
}

/** The web's readiness probe: 200, every check (Postgres, Redis, migrations) ok through this topology. */
async function expectReady(): Promise<void> {
  const res = await readyRoute.GET(request('/api/health/ready'), routeParams({}));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { status: string; checks: Record<string, string> };
  expect(body.status).toBe('ok');
  expect(Object.values(body.checks).every((c) => c === 'ok')).toBe(true);
  expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(['redis']));
}

/** ioredis without an offline queue refuses commands until connected: wait for the web's producer. */
async function untilRedisReady(): Promise<void> {
  const redis = getServices().redis as unknown as { status: string; once(e: string, l: () => void): void };
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => redis.once('ready', resolve));
}

/**
 * One topology for a test file (call inside its describe): before the tests, starts its servers,
 * points the web at them (`env`), makes an owner, waits for the web's Redis, starts a worker and
 * checks readiness; after them, stops the worker, the web's services, then the servers. The
 * scenario's checks come bound to that owner.
 */
export function onTopology<S extends { stop(): Promise<void> }>(opts: {
  ownerName: string;
  start: () => Promise<S>;
  env: (servers: S) => Record<string, string>;
}) {
  let servers: S | undefined;
  let worker: Awaited<ReturnType<typeof startInProcessWorker>> | undefined;
  let owner: Owner = { cookie: '' };
  beforeAll(async () => {
    servers = await opts.start();
    Object.assign(process.env, opts.env(servers));
    owner = await createUserWithSession('owner', opts.ownerName);
    await untilRedisReady();
    worker = await startInProcessWorker();
    await expectReady();
  });
  afterAll(async () => {
    await worker?.stop();
    await disposeServices();
    await servers?.stop();
  });
  return {
    servers: () => servers!,
    importWorkflow: () => importWorkflow(owner),
    runManuallyAndCheck: (workflowId: string, a: number, b: number) => runManuallyAndCheck(owner, workflowId, a, b),
    deliverWebhooksAndCheck: (workflowId: string) => deliverWebhooksAndCheck(owner, workflowId),
    scheduleAndCheck: (workflowId: string) => scheduleAndCheck(owner, workflowId),
  };
}
