import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { BullWakeQueue, createRedis, EXECUTION_QUEUE, parseWakeJob, type WakeJob } from '../src';
import { wakeQueueContract } from '../../engine/test/contracts/wake-queue.contract';

const redis = createRedis(process.env.REDIS_URL!, 'worker');
const cleanups: Array<() => Promise<unknown>> = [];

afterAll(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
  await redis.quit();
});

/** A queue under a fresh prefix (tests must not see each other's jobs), removed after the run. */
function freshQueue(): { queue: BullWakeQueue; prefix: string } {
  const prefix = `weft-test-${randomUUID().slice(0, 8)}`;
  const queue = new BullWakeQueue(redis, { prefix });
  cleanups.push(async () => {
    await queue.queue.obliterate({ force: true });
    await queue.close();
  });
  return { queue, prefix };
}

wakeQueueContract('BullMQ on Redis', async () => {
  const { queue, prefix } = freshQueue();
  // The harness is the worker, fetching by hand: a job taken is completed (and removed).
  const worker = new Worker<WakeJob>(EXECUTION_QUEUE, null, { connection: redis, prefix, autorun: false });
  cleanups.push(() => worker.close());
  const token = randomUUID();
  return {
    queue,
    async takeDue() {
      const taken: WakeJob[] = [];
      for (;;) {
        const job = await worker.getNextJob(token, { block: false });
        if (!job) return taken;
        taken.push(parseWakeJob(job.data));
        await job.moveToCompleted(null, token, false);
      }
    },
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
  };
});

describe('BullWakeQueue', () => {
  it('is consumed by a BullMQ Worker as a `wake` job whose id is freed on completion', async () => {
    const { queue, prefix } = freshQueue();
    const seen: Array<{ name: string; data: WakeJob; attempts: number | undefined }> = [];
    const worker = new Worker<WakeJob>(
      EXECUTION_QUEUE,
      async (job) => {
        seen.push({ name: job.name, data: parseWakeJob(job.data), attempts: job.opts.attempts });
      },
      { connection: redis, prefix },
    );
    cleanups.push(() => worker.close());
    const id = randomUUID();
    await queue.wake(id, { key: `${id}:1` });
    await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(1);
    expect(seen[0]).toEqual({ name: 'wake', data: { executionId: id }, attempts: 10 });
    // Completed jobs are removed, so their key is free for the next wake-up.
    await expect
      .poll(() => queue.queue.getJobCounts('completed', 'waiting', 'active', 'delayed'), { timeout: 5_000 })
      .toEqual({ completed: 0, waiting: 0, active: 0, delayed: 0 });
    await queue.wake(id, { key: `${id}:1` });
    await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(2);
  });

  // What a driver must know: a wake-up with the key of the job it is running now is a no-op
  // (BullMQ keeps the id while the job is active), so waking itself needs another key.
  it('ignores a wake-up with the key of the job being processed; another key is accepted', async () => {
    const { queue, prefix } = freshQueue();
    const id = randomUUID();
    const seen: string[] = [];
    const worker = new Worker<WakeJob>(
      EXECUTION_QUEUE,
      async (job) => {
        seen.push(job.id!);
        if (seen.length === 1) {
          await queue.wake(id, { delayMs: 50 });
          await queue.wake(id, { key: `${id}.2`, delayMs: 50 });
        }
      },
      { connection: redis, prefix },
    );
    cleanups.push(() => worker.close());
    await queue.wake(id);
    await expect.poll(() => seen.length, { timeout: 5_000 }).toBe(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen).toEqual([id, `${id}.2`]);
  });

  it('rejects a wake-up after timeoutMs when Redis does not answer, instead of waiting forever', async () => {
    // A worker-style connection (retries forever, queues commands offline) to a port nobody listens on.
    const dead = createRedis('redis://127.0.0.1:1', 'worker');
    const queue = new BullWakeQueue(dead, { prefix: 'weft-test-dead', timeoutMs: 200 });
    const started = Date.now();
    await expect(queue.wake(randomUUID())).rejects.toThrow(/within 200 ms/);
    expect(Date.now() - started).toBeLessThan(2_000);
    dead.disconnect();
    void queue.close().catch(() => undefined);
  });
});
