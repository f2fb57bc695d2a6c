import { Queue, Worker } from 'bullmq';
import { createRedis, MAINTENANCE_QUEUE } from '@weft/queue';
import type { WorkerServices } from './composition';

/** Queue of the worker's own housekeeping jobs (the reconciler, and the schedules' sweep on its beat). */
const MAX_PER_RUN = 500;

/**
 * The reconciler (ARCHITECTURE "Wait"): every RECONCILE_INTERVAL_MS, one worker — a BullMQ
 * job scheduler makes one job per interval for all worker processes — wakes the executions
 * that nobody is driving and nothing will wake: a wake-up job lost with Redis, a worker that
 * died between a checkpoint and queueing its delayed wake-up, a queued execution whose job
 * vanished. It only queues wake-ups; the drive that follows decides (a terminal execution is
 * `gone`, one whose deadline passed ends `timed_out`), so it can never overwrite a result.
 */
export async function startReconciler(
  services: WorkerServices,
  also: () => Promise<void> = async () => undefined,
): Promise<{ close(): Promise<void> }> {
  const { config, logger } = services;
  const { intervalMs, graceMs } = config.reconcile;
  const queue = new Queue(MAINTENANCE_QUEUE, { connection: services.producer, prefix: config.queuePrefix });
  queue.on('error', () => undefined);
  await queue.upsertJobScheduler(
    'reconcile',
    { every: intervalMs },
    { name: 'reconcile', opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
  );
  const connection = createRedis(config.redisUrl, 'worker');
  const worker = new Worker(
    MAINTENANCE_QUEUE,
    async () => {
      const ids = await services.store.stranded(graceMs, MAX_PER_RUN);
      // One key per execution per interval: a second reconciler run can't double the wake-up.
      const bucket = Math.floor(Date.now() / intervalMs);
      for (const id of ids) await services.wakes.wake(id, { key: `${id}.reconcile.${bucket}` });
      if (ids.length > 0)
        logger.warn({ count: ids.length, executionIds: ids.slice(0, 20) }, 'reconciler woke stranded executions');
      // Other housekeeping on the same beat (schedules: held-back runs, timers vs the table).
      await also();
      return ids.length;
    },
    { connection, prefix: config.queuePrefix, concurrency: 1 },
  );
  worker.on('error', (err) => logger.error({ err: err.message }, 'reconciler error'));
  return {
    async close() {
      await worker.close();
      await queue.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
