import { describe, expect, it } from 'vitest';
import type { JobQueue, NodeJob } from '../../src';

/**
 * The JobQueue contract, run against the in-memory fake and BullMQ on real Redis.
 * `waiting()` lists jobs runnable now; `delayed()` jobs scheduled for later.
 */
export interface JobQueueHarness {
  queue: JobQueue;
  waiting(): Promise<NodeJob[]>;
  delayed(): Promise<NodeJob[]>;
}

const job = (nodeId: string, attempt = 1): NodeJob => ({ executionId: '0195f0a0-0000-7000-8000-000000000001', nodeId, scope: '', attempt });
const sortJobs = (jobs: NodeJob[]) => [...jobs].sort((a, b) => `${a.nodeId}${a.attempt}`.localeCompare(`${b.nodeId}${b.attempt}`));

export function jobQueueContract(name: string, makeHarness: () => Promise<JobQueueHarness>) {
  describe(`JobQueue contract: ${name}`, () => {
    it('makes enqueued jobs available with their payload', async () => {
      const h = await makeHarness();
      await h.queue.enqueue([{ job: job('a') }, { job: job('b') }]);
      expect(sortJobs(await h.waiting())).toEqual([job('a'), job('b')]);
    });

    it('ignores a job whose (execution, node, scope, attempt) is already queued', async () => {
      const h = await makeHarness();
      await h.queue.enqueue([{ job: job('a') }]);
      await h.queue.enqueue([{ job: job('a') }, { job: job('a', 2) }]);
      expect(sortJobs(await h.waiting())).toEqual([job('a'), job('a', 2)]);
    });

    it('holds delayed jobs back', async () => {
      const h = await makeHarness();
      await h.queue.enqueue([{ job: job('later', 2), delayMs: 60_000 }, { job: job('now') }]);
      expect(await h.waiting()).toEqual([job('now')]);
      expect(await h.delayed()).toEqual([job('later', 2)]);
    });

    it('accepts an empty batch', async () => {
      const h = await makeHarness();
      await h.queue.enqueue([]);
      expect(await h.waiting()).toEqual([]);
    });
  });
}
