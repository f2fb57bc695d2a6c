import { Worker, type Job } from 'bullmq';
import {
  createRedis,
  FIRE_JOB_NAME,
  parseFireJob,
  SCHEDULE_QUEUE,
  scheduleRepeatStrategy,
  ScheduleTimers,
  type FireJob,
} from '@weft/queue';
import type { WorkerServices } from './composition';

/**
 * Schedules (docs/schedules.md). Each schedule that should fire has a BullMQ job scheduler
 * keyed by its id; at every due time exactly one job exists for it, and one worker process
 * takes it. The job only says "look now": `PgScheduleStore.fire` decides, under a lock on the
 * schedule row, which due times since the last one run, are skipped, are held back or were
 * missed, and records each in Postgres (unique per due time), so a redelivered or duplicate
 * job starts nothing twice. The executions it started are woken after the commit.
 */
export async function startScheduler(
  services: WorkerServices,
): Promise<{ close(): Promise<void>; sweep(): Promise<void> }> {
  const { config, logger } = services;
  const store = services.schedules;
  const timers = new ScheduleTimers(services.producer, { prefix: config.queuePrefix });
  const reconcile = timerReconciler(services, timers);

  /** Starts runs held back by `queue` whose schedule has room again (backs up the check after each run). */
  async function sweep(): Promise<void> {
    for (const id of await store.withHeldBackRuns(100)) await wakeAll(services, await store.promote(id));
    await reconcile();
  }

  // On start-up too, but not as a condition of starting: a worker that a supervisor starts while
  // Postgres restarts must come up and wait for it, not exit (the maintenance beat, every
  // RECONCILE_INTERVAL_MS, reconciles again either way).
  await reconcile().catch((err: unknown) =>
    logger.warn(
      { err: (err as Error).message },
      'could not reconcile schedule timers at start-up; the maintenance beat will',
    ),
  );
  const connection = createRedis(config.redisUrl, 'worker');
  const worker = new Worker<FireJob>(SCHEDULE_QUEUE, (job) => fire(services, job), {
    connection,
    prefix: config.queuePrefix,
    concurrency: 4,
    settings: { repeatStrategy: scheduleRepeatStrategy },
    // As for drives: a fire job a killed worker held is taken over once its lock lapses —
    // within WORKER_LOCK_DURATION_MS, not BullMQ's default 30 s (the schedule's next job is
    // only made when one is taken, so until then the schedule does not fire).
    lockDuration: config.workerLockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(config.workerLockDurationMs / 2)),
  });
  worker.on('error', (err) => logger.error({ err: err.message }, 'scheduler error'));
  worker.on('failed', (job, err) =>
    logger.error(
      { scheduleId: job?.data.scheduleId, attemptsMade: job?.attemptsMade, err: err.message },
      'schedule fire failed',
    ),
  );

  return {
    sweep,
    async close() {
      await worker.close();
      await timers.close();
      await connection.quit().catch(() => undefined);
    },
  };
}

/** Timers follow the table: on start-up and on every maintenance run. */
function timerReconciler({ config, logger, schedules }: WorkerServices, timers: ScheduleTimers): () => Promise<void> {
  // A timer whose next job is this far in the past is stuck, not late: a fire job stalled by a
  // killed worker is taken over after its lock (WORKER_LOCK_DURATION_MS), so twice that, and
  // at least a few reconcile beats.
  const stuckAfterMs = Math.max(2 * config.workerLockDurationMs, 3 * config.reconcile.intervalMs, 5_000);
  return async () => {
    const result = await timers.reconcile(await schedules.firingSchedules(), {
      stuckBefore: Date.now() - stuckAfterMs,
    });
    if (result.added || result.changed || result.removed || result.rearmed)
      logger.info(result, 'schedule timers reconciled');
  };
}

/** One fire job: the store decides what its due times become; the runs it started are woken. */
async function fire(services: WorkerServices, job: Job<FireJob>): Promise<string> {
  const { logger } = services;
  if (job.name !== FIRE_JOB_NAME) return 'ignored';
  const { scheduleId } = parseFireJob(job.data);
  // The due time this job stands for (BullMQ's job-scheduler iteration time).
  const wokenFor = new Date(job.opts.prevMillis ?? job.timestamp);
  const result = await services.schedules.fire(scheduleId, wokenFor);
  if (result.kind !== 'fired') return result.kind;
  await wakeAll(services, result.started);
  if (result.tooLate) logger.warn({ scheduleId }, 'due times older than the catch-up window were not run');
  logger.debug({ scheduleId, wokenFor, started: result.started.length, skipped: result.skipped }, 'schedule fired');
  return `started ${result.started.length}, skipped ${result.skipped}`;
}

async function wakeAll({ wakes, logger }: WorkerServices, ids: string[]): Promise<void> {
  // A wake lost here (Redis gone) leaves a queued execution the reconciler wakes later.
  for (const id of ids)
    await wakes
      .wake(id)
      .catch((err: unknown) =>
        logger.warn(
          { executionId: id, err: (err as Error).message },
          'could not wake a scheduled run; the reconciler will',
        ),
      );
}

/** After a scheduled run ends: start the run its schedule held back for it, if any. */
export async function afterScheduledRun(services: WorkerServices, executionId: string): Promise<void> {
  const scheduleId = await services.schedules.heldBackAfter(executionId);
  if (!scheduleId) return;
  for (const id of await services.schedules.promote(scheduleId)) await services.wakes.wake(id);
}
