import { Queue, Worker } from 'bullmq';
import { pruneExecutions, type RetentionResult } from '@weft/db';
import { createRedis, RETENTION_QUEUE } from '@weft/queue';
import type { WorkerServices } from './composition';

/** The retention job's own queue (the maintenance queue's processor runs every job it gets as a reconcile). */

/**
 * One pruning pass (docs/operations.md "Retention") with this process's config; resolves to
 * the counts (for logs and metrics). Throws — having deleted nothing — when ARCHIVE_DIR is
 * set but not writable; a failure mid-way keeps the batches already done.
 */
export async function runRetention(
  services: Pick<WorkerServices, 'config' | 'pool'>,
  signal?: AbortSignal,
): Promise<RetentionResult> {
  const { days, maxCount, batchSize, archiveDir } = services.config.retention;
  return pruneExecutions(services.pool, { days, maxCount, batchSize, archiveDir, signal });
}

/**
 * Every RETENTION_INTERVAL_MS one worker — a BullMQ job scheduler makes one job per interval
 * for all worker processes, the first at once — prunes finished executions. `onRun` sees
 * each pass's counts (a metric).
 */
export async function startRetention(
  services: WorkerServices,
  opts: { onRun?: (result: RetentionResult) => void } = {},
): Promise<{ close(): Promise<void> }> {
  const { config, logger } = services;
  const queue = new Queue(RETENTION_QUEUE, { connection: services.producer, prefix: config.queuePrefix });
  queue.on('error', () => undefined);
  await queue.upsertJobScheduler(
    'retention',
    { every: config.retention.intervalMs },
    { name: 'retention', opts: { removeOnComplete: true, removeOnFail: { count: 100 } } },
  );
  const stopping = new AbortController();
  const connection = createRedis(config.redisUrl, 'worker');
  const worker = new Worker(
    RETENTION_QUEUE,
    async () => {
      try {
        const result = await runRetention(services, stopping.signal);
        const { pruned, archived, fires, idempotencyKeys, tookMs } = result;
        logger.info(
          {
            pruned,
            archived,
            fires,
            idempotencyKeys,
            tookMs,
            days: config.retention.days,
            maxCount: config.retention.maxCount ?? null,
          },
          'retention pass',
        );
        opts.onRun?.(result);
        return { pruned, archived };
      } catch (e) {
        logger.error({ err: (e as Error).message }, 'retention failed');
        throw e;
      }
    },
    { connection, prefix: config.queuePrefix, concurrency: 1 },
  );
  worker.on('error', (err) => logger.error({ err: err.message }, 'retention worker error'));
  return {
    async close() {
      // A pass in flight stops after its current batch; close() waits for it.
      stopping.abort();
      await worker.close();
      await queue.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
