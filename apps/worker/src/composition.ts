import type { Config } from '@weft/config';
import { createPgPool, PgExecutionStore, PgScheduleStore, SecretBox } from '@weft/db';
import { DEFAULT_LIMITS, type EngineLimits, type RetryPolicy } from '@weft/engine';
import { createMetrics, createLogger, wantsPrettyLogs } from '@weft/observability';
import { BullWakeQueue, createRedis, queueDepthsReader } from '@weft/queue';
import { createThreadedEvaluator } from './evaluator/threaded-evaluator';
import { createHttpClient } from './http-client';

/** The worker's composition root: adapters are built here once and handed down. */
export function composeWorker(config: Config) {
  const logger = createLogger({
    service: 'worker',
    level: config.logLevel,
    pretty: wantsPrettyLogs(config.nodeEnv, process.stdout.isTTY),
  });
  // One connection per concurrent drive is plenty: a drive holds none while its nodes run.
  const pool = createPgPool(config.databaseUrl, {
    max: config.databasePoolMax ?? Math.max(4, Math.min(config.workerConcurrency, 40)),
  });
  const producer = createRedis(config.redisUrl, 'worker');
  const workerConnection = createRedis(config.redisUrl, 'worker');
  const wakes = new BullWakeQueue(producer, { prefix: config.queuePrefix, attempts: config.driveAttempts });
  const store = new PgExecutionStore(pool);
  const schedules = new PgScheduleStore(pool);
  const limits: EngineLimits = { ...DEFAULT_LIMITS, ...config.limits };
  const retry: RetryPolicy = { ...config.retry };
  // Queue depths for `weft_queue_jobs`, read at scrape time on the producer connection.
  const depths = queueDepthsReader(producer, config.queuePrefix);
  const metrics = createMetrics({
    queueDepths: () => depths.read(),
    onCollectError: (what, err) => logger.warn({ err: (err as Error).message }, `metrics: could not read ${what}`),
  });
  const http = createHttpClient({
    allowPrivate: config.limits.httpAllowPrivate,
    maxResponseBytes: config.limits.maxPayloadBytes,
    onRequest: metrics.httpCall,
  });
  // Expressions run in worker threads that are terminated when they overrun, so a runaway
  // one can't hold the drives sharing this process.
  const evaluator = createThreadedEvaluator({ threads: 2 });

  async function close(): Promise<void> {
    await wakes.close().catch(() => undefined);
    await depths.close();
    await http.close().catch(() => undefined);
    await evaluator.close().catch(() => undefined);
    // BullMQ does not close connections it was handed: quit them or the process never exits.
    await Promise.allSettled([producer.quit(), workerConnection.quit()]);
    await pool.end();
  }

  return {
    config,
    // Opens sealed secrets (credentials, issue 21) under WEFT_SECRET_KEY or, during a rotation, its predecessor.
    secrets: new SecretBox({ current: config.secretKey, previous: config.previousSecretKey }),
    logger,
    metrics,
    pool,
    producer,
    workerConnection,
    wakes,
    store,
    schedules,
    limits,
    retry,
    http,
    evaluator,
    close,
  };
}

export type WorkerServices = ReturnType<typeof composeWorker>;
