import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { BullJobQueue, createRedis } from '../src';
import { jobQueueContract } from '../../engine/test/contracts/job-queue.contract';

const redis = createRedis(process.env.REDIS_URL!, 'worker');
const queues: BullJobQueue[] = [];

afterAll(async () => {
  for (const q of queues) await q.queue.obliterate({ force: true }).catch(() => undefined);
  for (const q of queues) await q.close();
  await redis.quit();
});

jobQueueContract('BullMQ on Redis', async () => {
  // A fresh prefix per test: the contract's tests must not see each other's jobs.
  const queue = new BullJobQueue(redis, { prefix: `weft-test-${randomUUID().slice(0, 8)}` });
  queues.push(queue);
  return {
    queue,
    waiting: async () => (await queue.queue.getWaiting()).map((j) => j.data),
    delayed: async () => (await queue.queue.getDelayed()).map((j) => j.data),
  };
});
