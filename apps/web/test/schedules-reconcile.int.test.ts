// Timers follow the table (a worker reconciles them at start-up), and a fire is decided in
// Postgres: the same due time delivered twice starts one run; a deleted or disabled schedule
// starts none.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('schedules-reconcile');
// A short lock and beat, so a stuck timer (stuck after max(2 × lock, 3 beats, 5 s)) is re-armed within the test.
process.env.WORKER_LOCK_DURATION_MS = '1000';
process.env.RECONCILE_INTERVAL_MS = '500';

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import { disposeServices, getServices } from '../src/server/composition';
import { redisOf } from '../src/server/operations/redis';
import { createUserWithSession, request, routeParams } from './helpers';
import { startInProcessWorker } from './run-worker';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'sch-rec-owner');
});

afterAll(async () => {
  await testDb().schedule.deleteMany({});
  await disposeServices();
});

async function workflow(active: boolean): Promise<string> {
  const { id } = (await (
    await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }))
  ).json()) as { id: string };
  if (active)
    await activateRoute.POST(
      request(`/api/workflows/${id}/activate`, { body: {}, cookie: owner.cookie }),
      routeParams({ id }),
    );
  return id;
}

describe('schedule timers and fires', () => {
  it('a starting worker adds missing timers, replaces changed ones and removes orphans', async () => {
    const prisma = testDb();
    const { timers } = getServices();
    const active = await workflow(true);
    const inactive = await workflow(false);
    // Written behind the API's back, as after a Redis loss or a change whose timer update was lost.
    const missing = await prisma.schedule.create({
      data: { workflowId: active, cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' },
    });
    const changed = await prisma.schedule.create({ data: { workflowId: active, cron: '*/5 * * * *' } });
    await timers.set({ id: changed.id, cron: '0 0 1 1 *', timezone: 'UTC' });
    const disabled = await prisma.schedule.create({ data: { workflowId: active, cron: '* * * * *', enabled: false } });
    await timers.set({ id: disabled.id, cron: '* * * * *', timezone: 'UTC' });
    const onInactive = await prisma.schedule.create({ data: { workflowId: inactive, cron: '* * * * *' } });
    await timers.set({ id: onInactive.id, cron: '* * * * *', timezone: 'UTC' });
    const orphan = randomUUID();
    await timers.set({ id: orphan, cron: '* * * * *', timezone: 'UTC' });

    const worker = await startInProcessWorker();
    try {
      const have = new Map((await timers.list()).map((t) => [t.id, t]));
      expect(have.get(missing.id)).toMatchObject({ id: missing.id, cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' });
      expect(have.get(changed.id)).toMatchObject({ id: changed.id, cron: '*/5 * * * *', timezone: 'UTC' });
      expect(have.has(disabled.id)).toBe(false);
      expect(have.has(onInactive.id)).toBe(false);
      expect(have.has(orphan)).toBe(false);
    } finally {
      await worker.stop();
    }
  });

  it(
    'a timer stuck in the past — its next job gone (a worker killed between taking a fire and making the next, ' +
      'a failover losing a write) — is re-armed and fires again',
    async () => {
      const services = getServices();
      const prisma = testDb();
      const { timers, config } = services;
      const redis = redisOf(services);
      const active = await workflow(true);
      const s = await prisma.schedule.create({
        data: { workflowId: active, cron: '* * * * * *', overlap: 'allow', maxInstances: 100 },
      });
      await timers.set({ id: s.id, cron: '* * * * * *', timezone: 'UTC' });
      // A scheduler whose next job does not exist, as a worker SIGKILLed right after taking the
      // current fire (BullMQ makes the next one only then) or a Redis failover that lost the write
      // leaves it. BullMQ refuses to remove a scheduler's job, so it is deleted from Redis itself.
      const next = (await timers.queue.getJobScheduler(s.id))?.next;
      expect(typeof next).toBe('number');
      const jobId = `repeat:${s.id}:${next}`;
      await redis.zrem(`${config.queuePrefix}:schedules:delayed`, jobId);
      await redis.del(`${config.queuePrefix}:schedules:${jobId}`);
      expect(await timers.queue.getJob(jobId)).toBeUndefined();

      const worker = await startInProcessWorker();
      try {
        // Stuck after 5 s (max of 2 × 1 s lock, 3 × 0.5 s beat, 5 s); then the next beat re-arms it.
        await expect
          .poll(() => prisma.execution.count({ where: { scheduleId: s.id } }), { timeout: 20_000, interval: 250 })
          .toBeGreaterThan(0);
        const fires = await prisma.scheduleFire.findMany({
          where: { scheduleId: s.id },
          orderBy: { scheduledAt: 'asc' },
        });
        // Nothing twice: one fire row per due time.
        expect(new Set(fires.map((f) => f.scheduledAt.getTime())).size).toBe(fires.length);
      } finally {
        await worker.stop();
        await prisma.schedule.delete({ where: { id: s.id } });
        await timers.remove(s.id);
      }
    },
  );

  it('the same due time delivered twice starts one run; a deleted, disabled or inactive schedule starts none', async () => {
    const prisma = testDb();
    const { pool } = getServices();
    const { PgScheduleStore } = await import('@weft/db');
    const store = new PgScheduleStore(pool);
    const active = await workflow(true);
    const due = new Date(Math.floor(Date.now() / 60_000) * 60_000);
    const s = await prisma.schedule.create({
      data: {
        workflowId: active,
        cron: '* * * * *',
        lastDueAt: new Date(due.getTime() - 150_000),
        input: { team: 'ops' },
      },
    });

    const [first, second] = await Promise.all([store.fire(s.id, due), store.fire(s.id, due)]);
    const started = [first, second].flatMap((r) => (r.kind === 'fired' ? r.started : []));
    expect(started).toHaveLength(1);
    const fires = await prisma.scheduleFire.findMany({ where: { scheduleId: s.id } });
    expect(fires).toHaveLength(1);
    expect(fires[0]).toMatchObject({ outcome: 'started', executionId: started[0], scheduledAt: due, missedRuns: 2 });
    const execution = await prisma.execution.findUniqueOrThrow({ where: { id: started[0]! } });
    expect(execution).toMatchObject({
      trigger: 'schedule',
      scheduleId: s.id,
      status: 'queued',
      triggerData: { team: 'ops', scheduleId: s.id, scheduledAt: due.toISOString() },
    });
    // Two due times before this one were missed since lastDueAt: coalesced into this one run.
    expect((execution.triggerData as { missedRuns?: number }).missedRuns).toBe(2);
    expect(await prisma.schedule.findUniqueOrThrow({ where: { id: s.id } })).toMatchObject({
      runCount: 1,
      skipCount: 0,
      lastDueAt: due,
    });

    expect(await store.fire(randomUUID(), due)).toEqual({ kind: 'gone' });
    expect(await store.fire('not-a-uuid', due)).toEqual({ kind: 'gone' });
    await prisma.schedule.update({
      where: { id: s.id },
      data: { enabled: false, lastDueAt: new Date(Date.now() - 120_000) },
    });
    expect(await store.fire(s.id, new Date())).toEqual({ kind: 'off' });
    await prisma.schedule.update({ where: { id: s.id }, data: { enabled: true } });
    await prisma.workflow.update({ where: { id: active }, data: { activeVersion: null } });
    expect(await store.fire(s.id, new Date())).toEqual({ kind: 'off' });
    expect(await prisma.execution.count({ where: { scheduleId: s.id } })).toBe(1);
  });
});
