import { Worker } from 'bullmq';
import { processNodeJob, type NodeJob } from '@weft/engine';
import { NODE_QUEUE, publishExecutionChanged } from '@weft/queue';
import type { WorkerServices } from './composition';

/**
 * The BullMQ worker that runs node jobs. A node's own failure is recorded by the engine and
 * never thrown; what throws here is infrastructure (Postgres down…) and BullMQ retries it.
 * A worker killed mid-node leaves its job's lock to expire; the stalled-job check then hands
 * the job to another worker, which re-runs that attempt (finished steps are never re-run).
 */
export function startNodeWorker(services: WorkerServices): Worker<NodeJob> {
  const { config, logger } = services;
  const worker = new Worker<NodeJob>(
    NODE_QUEUE,
    async (job) => {
      const outcome = await processNodeJob(job.data, {
        store: services.store,
        queue: services.queue,
        http: services.http,
        limits: services.limits,
        retry: services.retry,
        logger,
        events: { changed: (executionId) => publishExecutionChanged(services.producer, config.queuePrefix, executionId) },
      });
      if (outcome.kind === 'ran') {
        logger.debug({ executionId: job.data.executionId, nodeId: job.data.nodeId, attempt: job.data.attempt, status: outcome.status, durationMs: outcome.durationMs }, 'node finished');
      } else {
        logger.debug({ executionId: job.data.executionId, nodeId: job.data.nodeId, outcome }, 'node job skipped');
      }
      return outcome.kind;
    },
    {
      connection: services.workerConnection,
      prefix: config.queuePrefix,
      concurrency: config.workerConcurrency,
      lockDuration: config.workerLockDurationMs,
      stalledInterval: Math.max(1_000, Math.floor(config.workerLockDurationMs / 2)),
      maxStalledCount: 5,
    },
  );
  worker.on('failed', (job, err) => {
    logger.error({ executionId: job?.data.executionId, nodeId: job?.data.nodeId, err: err.message }, 'node job failed (infrastructure)');
  });
  worker.on('error', (err) => logger.error({ err: err.message }, 'worker error'));
  return worker;
}
