import { QUEUE_STATES, type QueueState } from '@weft/contracts';
import { Queue } from 'bullmq';
import type { RedisClient } from './connection';
import { parseWakeJob, type WakeJob } from './wake-queue';

/** The worker's housekeeping queue (the reconciler's beat; apps/worker/src/reconciler.ts). */
export const MAINTENANCE_QUEUE = 'maintenance';

/** The worker's retention pass (apps/worker/src/retention.ts): its own queue, one job per interval. */
export const RETENTION_QUEUE = 'retention';

/** Every state BullMQ counts (the wire contract's list), as the Queue page and the `weft_queue_jobs{state}` gauge show them. */
export { QUEUE_STATES, type QueueState };

/** A Queue handle for reading counts (the web's view of the worker's queues); close it when done. */
export function openQueue(connection: RedisClient, prefix: string, name: string): Queue {
  const queue = new Queue(name, { connection, prefix });
  queue.on('error', () => undefined);
  return queue;
}

export interface QueueSnapshot {
  counts: Record<QueueState, number>;
  /** Age of the job that has waited longest (the next one a worker takes), null when none waits. */
  oldestWaitingMs: number | null;
}

/** Job counts per state, and how long the oldest waiting job has waited. */
export async function readQueue(queue: Queue, now: number = Date.now()): Promise<QueueSnapshot> {
  const [raw, oldest] = await Promise.all([queue.getJobCounts(...QUEUE_STATES), queue.getJobs(['wait'], 0, 0, true)]);
  const counts = Object.fromEntries(QUEUE_STATES.map((s) => [s, raw[s] ?? 0])) as Record<QueueState, number>;
  const job = oldest[0];
  // A delayed job that came due has waited since its due time, not since it was added.
  const since = job ? job.timestamp + (job.opts.delay ?? 0) : null;
  return { counts, oldestWaitingMs: since === null ? null : Math.max(0, now - since) };
}

// The list and the sorted set a job waits in before a worker takes it (BullMQ 6 has no
// `paused` list: a paused queue's jobs stay in `wait`).
const WAITING_TYPES = ['wait', 'prioritized'] as const;

/**
 * Removes every wake-up job (`client`: the connection `queue` was made with) that is waiting (not delayed, not active), and says which
 * executions they would have woken, so the caller can cancel those.
 *
 * The race with workers is decided by Redis, one job at a time: a job is taken off its
 * waiting list with LREM/ZREM, which is atomic, and a worker takes a job by moving it from
 * that same list to `active` in one script. So either the purge took it (it is counted, and
 * no worker will ever run it) or a worker did (it runs, and is not counted). BullMQ's
 * `drain()`/`clean()` would also remove jobs, but not say which executions they were for,
 * and `Queue.remove()` alone also "removes" a job that was already taken and finished.
 * Once claimed, `Queue.remove()` deletes the job's data (it is in no list, so never locked).
 *
 * Bounded by the number waiting when it started, so a busy producer can't keep it going.
 */
export async function purgeWaitingWakes(
  client: RedisClient,
  queue: Queue<WakeJob>,
  opts: { batchSize?: number } = {},
): Promise<{ purged: number; executionIds: string[] }> {
  const batchSize = opts.batchSize ?? 500;
  const budget = await queue.getJobCountByTypes(...WAITING_TYPES);
  const executionIds = new Set<string>();
  let purged = 0;
  let seen = 0;
  while (seen < budget) {
    const jobs = await queue.getJobs([...WAITING_TYPES], 0, Math.min(batchSize, budget - seen) - 1, true);
    if (jobs.length === 0) break;
    seen += jobs.length;
    const claims = client.multi();
    for (const job of jobs) {
      claims.lrem(queue.keys.wait!, 1, job.id!);
      claims.zrem(queue.keys.prioritized!, job.id!);
    }
    const replies = (await claims.exec()) ?? [];
    const claimed = jobs.filter((_, i) => [0, 1].some((k) => Number(replies[2 * i + k]?.[1] ?? 0) > 0));
    await Promise.all(claimed.map((job) => queue.remove(job.id!)));
    purged += claimed.length;
    for (const job of claimed) {
      try {
        executionIds.add(parseWakeJob(job.data).executionId);
      } catch {
        // Not a wake-up we wrote: removed, with nothing to cancel.
      }
    }
  }
  return { purged, executionIds: [...executionIds] };
}
