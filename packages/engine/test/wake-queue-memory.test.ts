import { MemoryWakeQueue } from '../src/testing';
import { wakeQueueContract } from './contracts/wake-queue.contract';

// The same contract as BullMQ (packages/queue/test/wake-queue.int.test.ts), on the fake.
wakeQueueContract('in-memory (MemoryWakeQueue)', async () => {
  const queue = new MemoryWakeQueue();
  return {
    queue,
    takeDue: async () => queue.takeDue({ advance: false }).map((executionId) => ({ executionId })),
    sleep: async (ms) => {
      queue.now += ms;
    },
  };
});
