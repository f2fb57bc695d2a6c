// Schedules fire once per due time across worker processes (docs/schedules.md): real worker
// processes (`apps/worker/src/main.ts`), real Redis job schedulers, real Postgres.
import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

const PREFIX = uniqueQueuePrefix('schedules-firing');
process.env.QUEUE_PREFIX = PREFIX;

import * as deactivateRoute from '../src/app/api/workflows/[id]/deactivate/route';
import * as schedulesRoute from '../src/app/api/workflows/[id]/schedules/route';
import * as scheduleRoute from '../src/app/api/schedules/[id]/route';
import * as firesRoute from '../src/app/api/schedules/[id]/fires/route';
import * as executionsRoute from '../src/app/api/executions/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, request, routeParams } from './helpers';
import { importActiveWorkflow } from './webhooks';
import { testDb } from '../../../test/integration/db';
import { spawnWorkerProcess, stopWorkerProcess } from '../../../test/integration/worker-process';
import { node, startNode } from '../../../test/fixtures/node';

const children: ChildProcess[] = [];
let owner: { cookie: string };
let server: Server;
let slowUrl: string;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'sch-fire-owner');
  server = createServer((_req, res) =>
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'), 2_200),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  slowUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}/slow`;
});

afterEach(async () => {
  await Promise.all(children.splice(0).map((c) => stopWorkerProcess(c)));
});

afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  // Schedules outlive a test file, and any later file's worker would fire them (it reconciles
  // timers with the whole table): leave none behind.
  await testDb().schedule.deleteMany({});
  await new Promise((r) => server?.close(r));
  await disposeServices();
});

function startWorker(): ChildProcess {
  const child = spawnWorkerProcess({
    QUEUE_PREFIX: PREFIX,
    HTTP_ALLOW_PRIVATE: 'true',
    WORKER_LOCK_DURATION_MS: '3000',
    RECONCILE_INTERVAL_MS: '1000',
  });
  children.push(child);
  return child;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The most executions of the schedule queued or running at once, sampled every 50 ms for `ms`. */
async function peakActive(scheduleId: string, ms: number): Promise<number> {
  let peak = 0;
  for (const end = Date.now() + ms; Date.now() < end; await sleep(50)) {
    const active = await testDb().execution.count({ where: { scheduleId, status: { in: ['queued', 'running'] } } });
    peak = Math.max(peak, active);
  }
  return peak;
}

async function activeWorkflow(slow: boolean): Promise<string> {
  const definition = {
    name: slow ? 'Slow scheduled' : 'Scheduled',
    nodes: [
      startNode,
      slow
        ? {
            ...node('work', 'http', { url: slowUrl }, { name: 'Slow call', x: 200 }),
            settings: { retry: { maxRetries: 0 } },
          }
        : node(
            'work',
            'transform',
            { fields: { at: '{{ $input.scheduledAt }}', region: '{{ $input.region }}' } },
            { name: 'Stamp', x: 200 },
          ),
    ],
    edges: [{ id: 'e1', source: 'start', target: 'work' }],
  };
  return importActiveWorkflow(owner, definition);
}

async function createSchedule(workflowId: string, body: Record<string, unknown>): Promise<string> {
  const res = await schedulesRoute.POST(
    request(`/api/workflows/${workflowId}/schedules`, { body, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

/** The due times of the runs a schedule started, sorted. */
async function scheduledRuns(scheduleId: string) {
  const rows = await testDb().execution.findMany({
    where: { scheduleId },
    select: { id: true, status: true, triggerData: true },
  });
  return rows
    .map((r) => ({
      ...r,
      at: new Date((r.triggerData as { scheduledAt: string }).scheduledAt).getTime(),
      data: r.triggerData as Record<string, unknown>,
    }))
    .sort((a, b) => a.at - b.at);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

function expectDistinct(ats: number[]) {
  expect(new Set(ats).size).toBe(ats.length);
}

describe('schedules firing', () => {
  it('every second with two worker processes: once per due time, 4-6 runs in 5 s, and none after the schedule is deleted', async () => {
    startWorker();
    startWorker();
    const wf = await activeWorkflow(false);
    // overlap allow: every due time starts a run, so runs count fires (skip is the next test).
    const id = await createSchedule(wf, { cron: '* * * * * *', overlap: 'allow', input: { region: 'eu' } });
    await until('the first run', async () => (await scheduledRuns(id)).length > 0);
    const t0 = Math.ceil(Date.now() / 1000) * 1000;
    await sleep(t0 + 5_000 - Date.now() + 1_500);
    const runs = await scheduledRuns(id);
    expectDistinct(runs.map((r) => r.at));
    const inWindow = runs.filter((r) => r.at >= t0 && r.at < t0 + 5_000);
    expect(inWindow.length).toBeGreaterThanOrEqual(4);
    expect(inWindow.length).toBeLessThanOrEqual(6);
    // The trigger gets the schedule's input and when it was due and fired.
    expect(runs[0]!.data).toMatchObject({
      region: 'eu',
      scheduleId: id,
      scheduledAt: expect.any(String),
      firedAt: expect.any(String),
    });
    const fires = await testDb().scheduleFire.findMany({ where: { scheduleId: id } });
    expect(fires.every((f) => f.outcome === 'started' && f.executionId)).toBe(true);
    // The schedule's runs, as the API lists them.
    const listed = (await (
      await executionsRoute.GET(request(`/api/executions?scheduleId=${id}&limit=500`, { cookie: owner.cookie }))
    ).json()) as { items: Array<{ trigger: string; scheduleId: string }> };
    expect(listed.items.length).toBeGreaterThanOrEqual(runs.length);
    expect(listed.items.every((e) => e.trigger === 'schedule' && e.scheduleId === id)).toBe(true);
    const row = await testDb().schedule.findUniqueOrThrow({ where: { id } });
    expect(row.runCount).toBeGreaterThanOrEqual(fires.length);
    expect(runs.filter((r) => r.status === 'succeeded').length).toBeGreaterThanOrEqual(runs.length - 2);

    const del = await scheduleRoute.DELETE(
      request(`/api/schedules/${id}`, { method: 'DELETE', cookie: owner.cookie }),
      routeParams({ id }),
    );
    expect(del.status).toBe(204);
    await sleep(1_100);
    const after = await testDb().execution.count({ where: { workflowId: wf } });
    await sleep(2_500);
    expect(await testDb().execution.count({ where: { workflowId: wf } })).toBe(after);
  }, 60_000);

  it('overlap skip with a slow workflow: never more than maxInstances running, the rest recorded as skips; ' +
    'disabling stops it', async () => {
    startWorker();
    const wf = await activeWorkflow(true);
    const id = await createSchedule(wf, { cron: '* * * * * *', overlap: 'skip', maxInstances: 1 });
    expect(await peakActive(id, 6_000)).toBe(1);
    const res = await firesRoute.GET(
      request(`/api/schedules/${id}/fires`, { cookie: owner.cookie }),
      routeParams({ id }),
    );
    const fires = (
      (await res.json()) as {
        items: Array<{
          outcome: string;
          reason: string | null;
          executionId: string | null;
          executionStatus: string | null;
        }>;
      }
    ).items;
    const skipped = fires.filter((f) => f.outcome === 'skipped');
    expect(skipped.length).toBeGreaterThanOrEqual(2);
    expect(skipped[0]!.reason).toBe('1 run(s) still queued or running (maxInstances 1)');
    expect(fires.filter((f) => f.outcome === 'started').every((f) => f.executionId && f.executionStatus)).toBe(true);
    const view = (await (
      await scheduleRoute.GET(request(`/api/schedules/${id}`, { cookie: owner.cookie }), routeParams({ id }))
    ).json()) as { skipCount: number; runCount: number };
    expect(view.skipCount).toBeGreaterThanOrEqual(skipped.length);

    await scheduleRoute.PATCH(
      request(`/api/schedules/${id}`, { method: 'PATCH', body: { enabled: false }, cookie: owner.cookie }),
      routeParams({ id }),
    );
    await sleep(1_100);
    const count = await testDb().scheduleFire.count({ where: { scheduleId: id } });
    await sleep(2_500);
    expect(await testDb().scheduleFire.count({ where: { scheduleId: id } })).toBe(count);
  }, 60_000);

  it('overlap queue holds one run back and starts it when the running one ends; deactivating the workflow stops firing', async () => {
    startWorker();
    const wf = await activeWorkflow(true);
    const id = await createSchedule(wf, { cron: '* * * * * *', overlap: 'queue', maxInstances: 1 });
    expect(await peakActive(id, 7_000)).toBe(1);
    const fires = await testDb().scheduleFire.findMany({
      where: { scheduleId: id },
      orderBy: { scheduledAt: 'asc' },
    });
    // A held-back run starts after its due time, once the run before it ended (the slow call takes 2.2 s).
    const late = fires.filter((f) => f.outcome === 'started' && f.firedAt.getTime() - f.scheduledAt.getTime() > 1_000);
    expect(late.length).toBeGreaterThanOrEqual(1);
    expect(fires.filter((f) => f.outcome === 'skipped').length).toBeGreaterThanOrEqual(1);
    expect(fires.filter((f) => f.outcome === 'pending').length).toBeLessThanOrEqual(1);

    await deactivateRoute.POST(
      request(`/api/workflows/${wf}/deactivate`, { body: {}, cookie: owner.cookie }),
      routeParams({ id: wf }),
    );
    await sleep(1_100);
    const count = await testDb().scheduleFire.count({
      where: { scheduleId: id, outcome: { not: 'pending' } },
    });
    const executions = await testDb().execution.count({ where: { scheduleId: id } });
    await sleep(4_000);
    // Nothing new fires; a run still held back is dropped (recorded as skipped), never started.
    expect(await testDb().execution.count({ where: { scheduleId: id } })).toBe(executions);
    const fired = await testDb().scheduleFire.findMany({ where: { scheduleId: id } });
    expect(fired.filter((f) => f.outcome === 'pending')).toHaveLength(0);
    expect(fired.length).toBeLessThanOrEqual(count + 1);
  }, 60_000);

  it('after every worker process is killed, restarting catches up: one run with coalesce, each missed due time ' +
    'without, none twice', async () => {
    const first = [startWorker(), startWorker()];
    const wfA = await activeWorkflow(false);
    const wfB = await activeWorkflow(false);
    // overlap allow: with the default skip, a run fired just before the kill and still queued
    // when it landed makes the catch-up fire a skip, and the test would see only on-time runs.
    const coalesced = await createSchedule(wfA, { cron: '* * * * * *', overlap: 'allow' });
    const replayed = await createSchedule(wfB, { cron: '* * * * * *', coalesce: false, overlap: 'allow' });
    await until(
      'both schedules to fire',
      async () => (await scheduledRuns(coalesced)).length >= 2 && (await scheduledRuns(replayed)).length >= 2,
    );
    await Promise.all(first.map((c) => stopWorkerProcess(c, 'SIGKILL')));
    const downAt = Date.now();
    await sleep(4_000);
    const before = { a: (await scheduledRuns(coalesced)).length };
    startWorker();
    startWorker();
    await until(
      'runs after the restart',
      async () => (await scheduledRuns(coalesced)).some((r) => r.at > downAt + 4_000),
      20_000,
    );
    await sleep(2_000);

    const a = await scheduledRuns(coalesced);
    expectDistinct(a.map((r) => r.at));
    // The first run after the restart stands for the due times missed while every worker was down.
    // (A fire a little late under load may fold in one more due time too: that is coalescing as well.)
    // (A due time within a second of the kill may have been fired just before it: a timer can go off a few ms early.)
    const firstAfter = a.find((r) => r.at > downAt + 1_000)!;
    expect(firstAfter.data.missedRuns as number).toBeGreaterThanOrEqual(2);
    expect(firstAfter.at).toBeGreaterThan(downAt + 3_000);
    expect(a.length).toBeGreaterThan(before.a);

    const b = await scheduledRuns(replayed);
    expectDistinct(b.map((r) => r.at));
    // Every second from before the kill to after the restart has exactly one run: no gap, no repeat.
    const downSeconds = b.filter((r) => r.at > downAt && r.at < downAt + 4_000);
    expect(downSeconds.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < b.length; i++) expect(b[i]!.at - b[i - 1]!.at).toBe(1_000);
  }, 90_000);
});
