import { randomUUID } from 'node:crypto';
import { Worker, type Job } from 'bullmq';
import { driveExecution } from '@weft/engine';
import { EXECUTION_QUEUE, parseWakeJob, publishExecutionChanged, type WakeJob } from '@weft/queue';
import type { WorkerServices } from './composition';
import { afterScheduledRun } from './scheduler';

// Each execution worker's id (its drives' lease owners are `<id>:<n>`), for the fleet heartbeat.
const workerIds = new WeakMap<Worker, string>();
export const executionWorkerId = (worker: Worker): string | undefined => workerIds.get(worker);

/**
 * The BullMQ worker that drives executions: each job is a wake-up for one execution, and
 * the drive runs it in memory to its next checkpoint (packages/engine/src/driver/drive.ts).
 * What throws out of a drive is infrastructure (Postgres down…): BullMQ retries the job
 * with backoff. A worker killed mid-drive leaves its lease to expire; the job's lock expires
 * too, BullMQ's stalled-job check hands the wake-up to another worker, and that one resumes
 * from the last checkpoint (finished steps with side effects never run again).
 */
export async function startExecutionWorker(services: WorkerServices): Promise<Worker<WakeJob>> {
  const { config, logger } = services;
  // MAX_CONCURRENT_WORKFLOWS: BullMQ's global concurrency caps the wake-up jobs active at once
  // across every worker process, and a drive is one active job, so at most that many
  // executions are driven at once; the rest wait `queued` in the queue's FIFO order. An
  // execution that is waiting (a retry's backoff) holds no job, so no slot (as n8n's
  // "waiting" executions don't count toward its concurrency limit). Set before taking jobs.
  await services.wakes.queue.setGlobalConcurrency(config.limits.maxConcurrentWorkflows);
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let drives = 0;
  const worker = new Worker<WakeJob>(EXECUTION_QUEUE, (job) => driveJob(services, job, `${workerId}:${++drives}`), {
    connection: services.workerConnection,
    prefix: config.queuePrefix,
    concurrency: config.workerConcurrency,
    lockDuration: config.workerLockDurationMs,
    stalledInterval: Math.max(1_000, Math.floor(config.workerLockDurationMs / 2)),
    maxStalledCount: 5,
  });
  worker.on('failed', (job, err) => onDriveFailed(services, job, err));
  worker.on('error', (err) => logger.error({ err: err.message }, 'worker error'));
  workerIds.set(worker, workerId);
  return worker;
}

/** One wake-up: drive the execution to its next checkpoint under `owner`'s lease. */
async function driveJob(services: WorkerServices, job: Job<WakeJob>, owner: string): Promise<string> {
  const { config, logger } = services;
  const { executionId } = parseWakeJob(job.data);
  const outcome = await driveExecution(executionId, {
    store: services.store,
    wakes: services.wakes,
    http: services.http,
    evaluator: services.evaluator,
    limits: services.limits,
    retry: services.retry,
    owner,
    leaseMs: config.workerLockDurationMs,
    logger,
    events: { changed: (id) => publishExecutionChanged(services.producer, config.queuePrefix, id) },
    observer: services.metrics.observer,
  });
  logger.debug({ executionId, outcome }, 'drive ended');
  // A schedule with overlap "queue" may hold a run back until this one ends. A failure
  // here must not fail the drive (it finished): the maintenance sweep starts it later.
  if (outcome.kind === 'finished' && outcome.trigger === 'schedule') {
    await afterScheduledRun(services, executionId).catch((err: unknown) =>
      logger.warn(
        { executionId, err: (err as Error).message },
        'could not start a held-back scheduled run; the sweep will',
      ),
    );
  }
  return outcome.kind;
}

/**
 * A drive threw (infrastructure). On the last attempt (or a job that stalled too often) the
 * execution is failed, so it is not left running — and not woken again and again by the reconciler.
 */
function onDriveFailed(services: WorkerServices, job: Job<WakeJob> | undefined, err: Error): void {
  const { logger } = services;
  logger.error(
    { executionId: job?.data.executionId, attemptsMade: job?.attemptsMade, err: err.message },
    'drive failed (infrastructure)',
  );
  const final = job && (job.attemptsMade >= (job.opts.attempts ?? 1) || /stalled more than/i.test(err.message));
  if (final && typeof job.data?.executionId === 'string') {
    const message = `the execution could not be driven after ${job.attemptsMade} attempts: ${err.message.slice(0, 500)}`;
    void services.store
      .abandon(job.data.executionId, { code: 'INTERNAL', message })
      .catch((e: unknown) => logger.error({ err: (e as Error).message }, 'could not fail an abandoned execution'));
  }
}
