import type { RedisClient } from './connection';
import { MAINTENANCE_QUEUE, openQueue, RETENTION_QUEUE, QUEUE_STATES, readQueue, type QueueState } from './queue-admin';
import { EXECUTION_QUEUE } from './wake-queue';

export interface QueueDepth {
  queue: string;
  state: QueueState;
  count: number;
}

/**
 * Job counts per state of Weft's queues, for the `weft_queue_jobs` gauge (web and
 * worker). One Queue handle per queue on `connection` (which the caller owns).
 */
export function queueDepthsReader(
  connection: RedisClient,
  prefix: string,
): { read(): Promise<QueueDepth[]>; close(): Promise<void> } {
  const queues = [EXECUTION_QUEUE, MAINTENANCE_QUEUE, RETENTION_QUEUE].map((name) =>
    openQueue(connection, prefix, name),
  );
  return {
    async read() {
      const snapshots = await Promise.all(
        queues.map(async (q) => ({ queue: q.name, counts: (await readQueue(q)).counts })),
      );
      return snapshots.flatMap(({ queue, counts }) =>
        QUEUE_STATES.map((state) => ({ queue, state, count: counts[state] })),
      );
    },
    async close() {
      await Promise.allSettled(queues.map((q) => q.close()));
    },
  };
}
