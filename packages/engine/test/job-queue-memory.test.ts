import { MemoryJobQueue } from '../src/testing';
import { jobQueueContract } from './contracts/job-queue.contract';

jobQueueContract('in-memory fake', async () => {
  const queue = new MemoryJobQueue();
  return {
    queue,
    waiting: async () => queue.peek().filter((p) => p.runAt <= queue.now).map((p) => p.job),
    delayed: async () => queue.peek().filter((p) => p.runAt > queue.now).map((p) => p.job),
  };
});
