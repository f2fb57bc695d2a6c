// What a worker-process test uses beside the workers it starts: its own Prisma client and pg pool
// on the test database, and a wake queue on Redis under the file's prefix (to write executions
// and wake-ups as the web would). Opened before the file's tests, closed after them.
import { afterAll, beforeAll } from 'vitest';
import { createPgPool, createPrismaClient, type PgPool, type PrismaClient } from '@weft/db';
import { BullWakeQueue, createRedis } from '@weft/queue';

export interface Connections {
  prisma: PrismaClient;
  pool: PgPool;
  redis: ReturnType<typeof createRedis>;
  queue: BullWakeQueue;
}

/** Call at the top of the file, before its own afterAll, so its workers stop before these close. */
export function useConnections(prefix: string): Connections {
  const c = {} as Connections;
  beforeAll(() => {
    c.prisma = createPrismaClient(process.env.DATABASE_URL!);
    c.pool = createPgPool(process.env.DATABASE_URL!, { max: 2 });
    c.redis = createRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', 'worker');
    c.queue = new BullWakeQueue(c.redis, { prefix });
  });
  afterAll(async () => {
    await c.queue?.close();
    await c.redis?.quit();
    await c.prisma?.$disconnect();
    await c.pool?.end();
  });
  return c;
}
