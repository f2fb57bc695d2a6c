// What the "beyond one machine" files check on each topology, as a user sees it: a manual run
// and webhook deliveries (rate limiter, Idempotency-Key, a sync reply over pub/sub) end with
// their execution and steps in Postgres.
import { expect } from 'vitest';
import sumAndBranch from '../../fixtures/sum-and-branch.json';
import * as importRoute from '@/app/api/workflows/import/route';
import * as activateRoute from '@/app/api/workflows/[id]/activate/route';
import * as runRoute from '@/app/api/workflows/[id]/run/route';
import * as webhooksRoute from '@/app/api/workflows/[id]/webhooks/route';
import * as hookRoute from '@/app/api/hooks/[token]/route';
import * as readyRoute from '@/app/api/health/ready/route';
import * as schedulesRoute from '@/app/api/workflows/[id]/schedules/route';
import * as scheduleRoute from '@/app/api/schedules/[id]/route';
import { getServices } from '@/server/composition';
import { signPayload } from '@/server/webhooks/signature';
import { ORIGIN, request, routeParams } from '../../../apps/web/test/helpers';
import { peerHeader } from '../../../apps/web/test/peer';
import { finishedExecution, waitForExecution } from '../../../apps/web/test/run-worker';
import { testDb } from '../../integration/db';

type Owner = { cookie: string };

export async function importWorkflow(owner: Owner): Promise<string> {
  const res = await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** Runs the sum-and-branch workflow from the API and checks the result and every step in Postgres. */
export async function runManuallyAndCheck(owner: Owner, workflowId: string, a = 7, b = 5): Promise<string> {
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

export async function addWebhook(owner: Owner, workflowId: string, settings: Record<string, unknown>) {
  await activateRoute.POST(
    request(`/api/workflows/${workflowId}/activate`, { body: {}, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
  const res = await webhooksRoute.POST(
    request(`/api/workflows/${workflowId}/webhooks`, { body: settings, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
  expect(res.status).toBe(201);
  return (await res.json()) as { id: string; token: string; secret: string };
}

export function deliver(
  hook: { token: string; secret: string },
  body: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  const t = Math.floor(Date.now() / 1000);
  const req = new Request(`${ORIGIN}/api/hooks/${hook.token}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-weft-signature': `t=${t},v1=${signPayload(hook.secret, t, hook.token, body)}`,
      ...peerHeader('203.0.113.7'),
      ...headers,
    },
    body,
  });
  return hookRoute.POST(req, routeParams({ token: hook.token }));
}

/**
 * Webhook deliveries through the web process's Redis: a sync reply (the worker's "changed"
 * notice reaches the web's subscriber), an Idempotency-Key redelivery that starts nothing, and
 * the rate limiter's 429 once the window's budget (3) is spent.
 */
export async function deliverWebhooksAndCheck(owner: Owner, workflowId: string): Promise<void> {
  const hook = await addWebhook(owner, workflowId, {
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
export async function scheduleAndCheck(owner: Owner, workflowId: string): Promise<void> {
  await activateRoute.POST(
    request(`/api/workflows/${workflowId}/activate`, { body: {}, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
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
export async function expectReady(): Promise<void> {
  const res = await readyRoute.GET(request('/api/health/ready'), routeParams({}));
  expect(res.status).toBe(200);
  const body = (await res.json()) as { status: string; checks: Record<string, string> };
  expect(body.status).toBe('ok');
  expect(Object.values(body.checks).every((c) => c === 'ok')).toBe(true);
  expect(Object.keys(body.checks)).toEqual(expect.arrayContaining(['redis']));
}

/** ioredis without an offline queue refuses commands until connected: wait for the web's producer. */
export async function untilRedisReady(): Promise<void> {
  const redis = getServices().redis as unknown as { status: string; once(e: string, l: () => void): void };
  if (redis.status === 'ready') return;
  await new Promise<void>((resolve) => redis.once('ready', resolve));
}
