import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Worker } from 'bullmq';
import { createRedis, listWorkers, recordHeartbeat, withTimeout, type RedisClient, type WorkerInfo } from '@weft/queue';
import type { WorkerServices } from './composition';
import { executionWorkerId } from './execution-worker';

const ROOT = new URL('../../../', import.meta.url);

/**
 * Registers this worker in the fleet (packages/queue/src/fleet.ts) and beats every
 * WORKER_HEARTBEAT_MS, so the Workers page and the `weft_workers` gauge see it live, and see
 * it `gone` once it stops beating for WORKER_STALE_MS (killed, crashed, cut off from Redis).
 * On SIGTERM it beats a last time as `stopped`, after its drives finished (main.ts closes it last).
 *
 * A beat that fails (Redis down) is logged and the next one tries again; it never throws.
 * It has its own fail-fast connection: the worker's connections wait for Redis forever, and
 * a beat must not queue up behind an outage.
 */
export async function startHeartbeat(
  services: WorkerServices,
  opts: { worker: Worker; metricsPort: number | null },
): Promise<{ close(): Promise<void> }> {
  const { config } = services;
  const redis = createRedis(config.redisUrl, 'producer');
  const beat = beater(services, redis, workerInfo(services, opts), trackRunning(opts.worker));
  // The connection fails fast, so the first beat waits until it is up (bounded: Redis down at
  // start-up is the next beat's problem, like any other outage).
  await readyOrAfter(redis, 5_000);
  await beat();
  // Reading the list forgets workers that left long ago, so the hash stays small even if no one looks.
  await listWorkers(redis, config.queuePrefix, config.fleet.staleMs).catch(() => undefined);

  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      inFlight = beat().finally(() => {
        if (!stopped) schedule();
      });
    }, config.fleet.heartbeatMs);
    timer.unref();
  };
  schedule();

  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
      await beat('stopped');
      await redis.quit().catch(() => undefined);
    },
  };
}

type Beat = (status?: 'running' | 'stopped') => Promise<void>;

/** What this worker says about itself in every beat, but its running drives. */
function workerInfo(
  { config }: WorkerServices,
  opts: { worker: Worker; metricsPort: number | null },
): Omit<WorkerInfo, 'running'> {
  return {
    id: executionWorkerId(opts.worker) ?? `${process.pid}-${randomUUID().slice(0, 8)}`,
    host: hostname(),
    pid: process.pid,
    version: weftVersion(),
    concurrency: config.workerConcurrency,
    startedAt: new Date().toISOString(),
    metricsPort: opts.metricsPort,
    staleMs: config.fleet.staleMs,
  };
}

/** One beat: records the worker, logging a failure once per outage and its end. Never throws. */
function beater(
  { config, logger }: WorkerServices,
  redis: RedisClient,
  base: Omit<WorkerInfo, 'running'>,
  running: () => number,
): Beat {
  // A command in flight when the connection drops waits for the reconnect: bound each beat, so
  // one stuck beat neither stops the next ones nor holds up shutdown.
  const beatTimeoutMs = Math.max(1_000, config.fleet.heartbeatMs);
  let failing = false;
  return async (status = 'running') => {
    try {
      await withTimeout(
        recordHeartbeat(redis, config.queuePrefix, { ...base, running: running() }, status),
        beatTimeoutMs,
        `Redis did not answer within ${beatTimeoutMs} ms`,
      );
      // At the failure's level, so whoever saw the failure (LOG_LEVEL=warn) also sees it end.
      if (failing) logger.warn({ workerId: base.id }, 'heartbeat recovered');
      failing = false;
    } catch (err) {
      // Once per outage: a beat every few seconds would otherwise fill the log.
      if (!failing)
        logger.warn({ workerId: base.id, err: (err as Error).message }, 'heartbeat failed; retrying at the next beat');
      failing = true;
    }
  };
}

function readyOrAfter(redis: RedisClient, ms: number): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, ms);
    if (redis.status === 'ready') done();
    else redis.once('ready', done);
  });
}

/**
 * Drives in progress: the wake-up jobs this worker took and hasn't finished. A job id is in
 * the set from BullMQ's `active` until its `completed`/`failed` (a `failed` for a job it
 * never ran — the stalled-job check fails other workers' jobs — removes nothing).
 */
function trackRunning(worker: Worker): () => number {
  const active = new Set<string>();
  worker.on('active', (job) => void (job.id && active.add(job.id)));
  worker.on('completed', (job) => void (job.id && active.delete(job.id)));
  worker.on('failed', (job) => void (job?.id && active.delete(job.id)));
  return () => active.size;
}

/** The worker package's version, plus the git commit when the checkout has one (`0.0.0+1a2b3c4`). */
function weftVersion(): string {
  let version = 'unknown';
  try {
    version =
      (JSON.parse(readFileSync(new URL('apps/worker/package.json', ROOT), 'utf8')) as { version?: string }).version ??
      version;
  } catch {
    return version;
  }
  try {
    const head = readFileSync(new URL('.git/HEAD', ROOT), 'utf8').trim();
    const sha = head.startsWith('ref: ') ? readFileSync(new URL(`.git/${head.slice(5)}`, ROOT), 'utf8').trim() : head;
    if (/^[0-9a-f]{40}$/.test(sha)) version += `+${sha.slice(0, 7)}`;
  } catch {
    // No checkout (an image built without .git), or a packed ref: the version alone.
  }
  return version;
}
