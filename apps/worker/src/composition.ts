import type { Config } from '@weft/config';
import { createPrismaClient, PrismaRunStore } from '@weft/db';
import { DEFAULT_LIMITS, type EngineLimits, type RetryPolicy } from '@weft/engine';
import { BullJobQueue, createRedis } from '@weft/queue';
import { createHttpClient } from './http-client';
import { createLogger } from './logger';

/** The worker's composition root: adapters are built here once and handed down. */
export function composeWorker(config: Config) {
  const logger = createLogger(config.logLevel);
  const prisma = createPrismaClient(config.databaseUrl, { max: Math.max(4, Math.min(config.workerConcurrency * 2, 40)) });
  const producer = createRedis(config.redisUrl, 'worker');
  const workerConnection = createRedis(config.redisUrl, 'worker');
  const queue = new BullJobQueue(producer, { prefix: config.queuePrefix });
  const store = new PrismaRunStore(prisma);
  const limits: EngineLimits = { ...DEFAULT_LIMITS, ...config.limits };
  const retry: RetryPolicy = { ...config.retry };
  const http = createHttpClient({ allowPrivate: config.limits.httpAllowPrivate, maxResponseBytes: config.limits.maxPayloadBytes });

  async function close(): Promise<void> {
    await queue.close().catch(() => undefined);
    await http.close().catch(() => undefined);
    // BullMQ does not close connections it was handed: quit them or the process never exits.
    await Promise.allSettled([producer.quit(), workerConnection.quit()]);
    await prisma.$disconnect();
  }

  return { config, logger, prisma, producer, workerConnection, queue, store, limits, retry, http, close };
}

export type WorkerServices = ReturnType<typeof composeWorker>;
