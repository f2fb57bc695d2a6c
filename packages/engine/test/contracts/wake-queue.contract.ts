import { describe, expect, it } from 'vitest';
import type { WakeQueue } from '../../src';

/**
 * The WakeQueue contract, run against the in-memory fake and BullMQ on real Redis. The
 * harness plays the worker: `takeDue()` takes every wake-up due now and acknowledges it
 * (the drive is done), in any order.
 */
export interface WakeQueueHarness {
  queue: WakeQueue;
  takeDue(): Promise<Array<{ executionId: string }>>;
  /** Lets `ms` pass on the queue's clock (a real sleep, or advancing a fake clock). */
  sleep(ms: number): Promise<void>;
}

const E1 = '0195f0a0-0000-7000-8000-000000000001';
const E2 = '0195f0a0-0000-7000-8000-000000000002';
const ids = (jobs: Array<{ executionId: string }>) => jobs.map((j) => j.executionId).sort();

export function wakeQueueContract(name: string, makeHarness: () => Promise<WakeQueueHarness>) {
  describe(`WakeQueue contract: ${name}`, () => {
    it('delivers a wake-up with its payload, once', async () => {
      const h = await makeHarness();
      await h.queue.wake(E1);
      expect(await h.takeDue()).toEqual([{ executionId: E1 }]);
      expect(await h.takeDue()).toEqual([]);
    });

    it('ignores a second wake-up with the same key while the first is pending', async () => {
      const h = await makeHarness();
      await h.queue.wake(E1);
      await h.queue.wake(E1); // the key defaults to the execution id
      await h.queue.wake(E2, { key: 'retry-a-2' });
      await h.queue.wake(E2, { key: 'retry-a-2' });
      await h.queue.wake(E2, { key: 'retry-b-1' }); // another key: another wake-up
      expect(ids(await h.takeDue())).toEqual([E1, E2, E2]);
      expect(await h.takeDue()).toEqual([]);
    });

    it('accepts the same key again once the earlier wake-up was delivered', async () => {
      const h = await makeHarness();
      await h.queue.wake(E1);
      expect(await h.takeDue()).toEqual([{ executionId: E1 }]);
      await h.queue.wake(E1);
      expect(await h.takeDue()).toEqual([{ executionId: E1 }]);
    });

    it('holds a delayed wake-up back until its delay has passed; an immediate one with its key is a no-op meanwhile', async () => {
      const h = await makeHarness();
      await h.queue.wake(E1, { delayMs: 400 });
      await h.queue.wake(E1);
      await h.queue.wake(E2);
      expect(await h.takeDue()).toEqual([{ executionId: E2 }]);
      await h.sleep(100);
      expect(await h.takeDue()).toEqual([]);
      await h.sleep(500);
      expect(await h.takeDue()).toEqual([{ executionId: E1 }]);
    });

    it('takes any string as a key: distinct keys stay distinct (colons, percent signs, digits)', async () => {
      const h = await makeHarness();
      const keys = [`${E1}:retry:2`, `${E1}%3Aretry%3A2`, '%', '25', '12', '%i12', '-1', 'a:b', 'a%3Ab'];
      for (const key of keys) await h.queue.wake(E1, { key });
      for (const key of keys) await h.queue.wake(E1, { key });
      expect((await h.takeDue()).length).toBe(keys.length);
    });
  });
}
