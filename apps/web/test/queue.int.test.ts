// The Queue page's API (docs/operations.md "Worker fleet and the queue"): counts per state,
// and a purge of the waiting wake-ups that cancels their executions — real Redis, real
// Postgres, and a real worker taking jobs while the purge runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('queue');
// The in-process worker's reconciler would wake other files' leftover queued executions into
// this queue; this file's own are seconds old.
process.env.RECONCILE_GRACE_MS = '3600000';

import * as importRoute from '../src/app/api/workflows/import/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as queueRoute from '../src/app/api/queue/route';
import * as purgeRoute from '../src/app/api/queue/purge/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { startInProcessWorker } from './run-worker';
import { testDb } from '../../../test/integration/db';

let owner: Awaited<ReturnType<typeof createUserWithSession>>;
let admin: Awaited<ReturnType<typeof createUserWithSession>>;
let member: Awaited<ReturnType<typeof createUserWithSession>>;
let workflowId: string;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'queue-owner');
  admin = await createUserWithSession('admin', 'queue-admin');
  member = await createUserWithSession('member', 'queue-member');
  const definition = {
    name: 'Queued',
    nodes: [
      { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
      {
        id: 'stamp',
        type: 'transform',
        name: 'Stamp',
        position: { x: 200, y: 0 },
        parameters: { fields: { i: '{{ $input.i }}' } },
      },
    ],
    edges: [{ id: 'e1', source: 'start', target: 'stamp' }],
  };
  workflowId = (
    (await (
      await importRoute.POST(request('/api/workflows/import', { body: definition, cookie: owner.cookie }))
    ).json()) as { id: string }
  ).id;
});

afterAll(async () => {
  await disposeServices();
});

async function run(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await runRoute.POST(
      request(`/api/workflows/${workflowId}/run`, { body: { input: { i } }, cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    );
    expect(res.status).toBe(202);
    ids.push(((await res.json()) as { executionId: string }).executionId);
  }
  return ids;
}

interface QueueBody {
  items: Array<{
    name: string;
    counts: Record<
      'waiting' | 'active' | 'delayed' | 'prioritized' | 'waiting-children' | 'completed' | 'failed',
      number
    >;
    oldestWaitingMs: number | null;
  }>;
}

async function executionsQueue(cookie = admin.cookie) {
  const res = await queueRoute.GET(request('/api/queue', { cookie }));
  expect(res.status).toBe(200);
  const body = (await res.json()) as QueueBody;
  return body.items.find((q) => q.name === 'executions')!;
}

const purge = (body: unknown, cookie = admin.cookie) => purgeRoute.POST(request('/api/queue/purge', { body, cookie }));

async function statuses(ids: string[]): Promise<Map<string, { status: string; error: unknown }>> {
  const rows = await testDb().execution.findMany({
    where: { id: { in: ids } },
    select: { id: true, status: true, error: true },
  });
  return new Map(rows.map((r) => [r.id, { status: r.status, error: r.error }]));
}

describe('GET /api/queue', () => {
  it('counts the wake-ups waiting while no worker runs, per queue and state, with the oldest one’s age', async () => {
    const before = await executionsQueue();
    await run(3);
    const q = await executionsQueue();
    expect(q.counts.waiting).toBe(before.counts.waiting + 3);
    expect(q.counts).toMatchObject({ active: 0, delayed: 0, failed: 0 });
    expect(q.oldestWaitingMs).toBeGreaterThanOrEqual(0);
    const body = (await (await queueRoute.GET(request('/api/queue', { cookie: owner.cookie }))).json()) as QueueBody;
    expect(body.items.map((i) => i.name)).toEqual(['executions', 'maintenance', 'retention']);
    expect(Object.keys(body.items[1]!.counts).sort()).toEqual([
      'active',
      'completed',
      'delayed',
      'failed',
      'prioritized',
      'waiting',
      'waiting-children',
    ]);
  });

  it('is for owners and admins: a member gets 403, no session 401', async () => {
    expect((await queueRoute.GET(request('/api/queue', { cookie: member.cookie }))).status).toBe(403);
    expect((await queueRoute.GET(request('/api/queue'))).status).toBe(401);
  });
});

describe('POST /api/queue/purge', () => {
  it('refuses without the confirmation, or with the wrong one, naming body.confirm; and nothing is removed', async () => {
    const waiting = (await executionsQueue()).counts.waiting;
    for (const body of [
      { state: 'waiting' },
      { state: 'waiting', confirm: 'execution' },
      { state: 'waiting', confirm: '' },
    ]) {
      const res = await purge(body);
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error.details?.map((d) => d.path)).toEqual(['body.confirm']);
      expect(error.message).toContain('body.confirm');
    }
    const wrongState = await purge({ state: 'delayed', confirm: 'executions' });
    expect(wrongState.status).toBe(400);
    expect((await errorOf(wrongState)).details?.map((d) => d.path)).toEqual(['body.state']);
    const extra = await purge({ state: 'waiting', confirm: 'executions', force: true });
    expect((await errorOf(extra)).details?.map((d) => d.path)).toEqual(['body.force']);
    expect((await purge('not json')).status).toBe(400);
    expect((await executionsQueue()).counts.waiting).toBe(waiting);
  });

  it('is for owners and admins: a member gets 403 and the jobs stay', async () => {
    const waiting = (await executionsQueue()).counts.waiting;
    expect(waiting).toBeGreaterThan(0);
    const res = await purge({ state: 'waiting', confirm: 'executions' }, member.cookie);
    expect(res.status).toBe(403);
    expect((await executionsQueue()).counts.waiting).toBe(waiting);
  });

  it('removes the waiting wake-ups and cancels their executions, naming the purge, audited', async () => {
    const ids = await run(4);
    const waiting = (await executionsQueue()).counts.waiting;
    const res = await purge({ state: 'waiting', confirm: 'executions' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ purged: waiting, canceled: waiting });
    expect((await executionsQueue()).counts.waiting).toBe(0);
    const rows = await statuses(ids);
    for (const id of ids) {
      expect(rows.get(id)?.status).toBe('canceled');
      expect(rows.get(id)?.error).toMatchObject({
        code: 'CANCELED',
        message: expect.stringContaining('purged from the executions queue'),
      });
    }
    const audit = await testDb().auditEvent.findFirst({
      where: { action: 'queue.purge', actorId: admin.user.id },
      orderBy: { createdAt: 'desc' },
    });
    expect(audit).toMatchObject({
      result: 'success',
      targetType: 'queue',
      targetId: 'executions',
      details: { state: 'waiting', purged: waiting, canceled: waiting },
    });
    // An empty queue purges nothing.
    expect(await (await purge({ state: 'waiting', confirm: 'executions' })).json()).toEqual({ purged: 0, canceled: 0 });
  });

  it('a canceled execution stays canceled: a drive woken for it later finds it gone', async () => {
    const [id] = await run(1);
    await purge({ state: 'waiting', confirm: 'executions' });
    await getServices().wakes.wake(id!, { key: `${id}.again` });
    const worker = await startInProcessWorker();
    try {
      // The worker drives the new wake-up to its end; the execution is still canceled.
      await expect
        .poll(async () => (await executionsQueue()).counts.waiting + (await executionsQueue()).counts.active, {
          timeout: 15_000,
        })
        .toBe(0);
      expect((await statuses([id!])).get(id!)?.status).toBe('canceled');
    } finally {
      await worker.stop();
    }
  });

  it(
    'with a worker taking jobs during the purge, each execution is either run by the worker or canceled by the ' +
      'purge, never both or neither',
    async () => {
      const ids = await run(100);
      const worker = await startInProcessWorker();
      try {
        const res = await purge({ state: 'waiting', confirm: 'executions' });
        expect(res.status).toBe(200);
        const { purged, canceled } = (await res.json()) as { purged: number; canceled: number };
        await expect
          .poll(
            async () =>
              [...(await statuses(ids)).values()].filter((r) => r.status === 'queued' || r.status === 'running').length,
            { timeout: 30_000 },
          )
          .toBe(0);
        const rows = [...(await statuses(ids)).values()];
        const canceledRows = rows.filter((r) => r.status === 'canceled');
        const succeeded = rows.filter((r) => r.status === 'succeeded').length;
        expect(succeeded + canceledRows.length).toBe(ids.length);
        // Every one it canceled was one whose wake-up it removed (the counts also hold any older
        // execution of the shared test database the reconciler woke meanwhile).
        expect(canceled).toBeGreaterThanOrEqual(canceledRows.length);
        expect(purged).toBeGreaterThanOrEqual(canceled);
        for (const r of canceledRows) expect(r.error).toMatchObject({ code: 'CANCELED' });
      } finally {
        await worker.stop();
      }
    },
  );
});
