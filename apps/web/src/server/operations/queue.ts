import 'server-only';
import {
  EXECUTION_QUEUE,
  MAINTENANCE_QUEUE,
  openQueue,
  RETENTION_QUEUE,
  publishExecutionChanged,
  purgeWaitingWakes,
  readQueue,
  type QueueSnapshot,
} from '@weft/queue';
import { recordAudit } from '../audit';
import type { AuthUser } from '../auth/auth-user';
import type { Services } from '../composition';
import { redisOf, withRedis } from './redis';

/** The queues the Queue page shows: wake-ups (one job per execution to drive), the workers' housekeeping beat, and retention passes. */
export const QUEUE_NAMES = [EXECUTION_QUEUE, MAINTENANCE_QUEUE, RETENTION_QUEUE] as const;

export interface QueueView extends QueueSnapshot {
  name: (typeof QUEUE_NAMES)[number];
}

/** GET /api/queue: counts per state of each queue, and the oldest waiting job's age. */
export async function readQueues(services: Services): Promise<{ items: QueueView[] }> {
  const others = [MAINTENANCE_QUEUE, RETENTION_QUEUE].map((name) =>
    openQueue(redisOf(services), services.config.queuePrefix, name),
  );
  try {
    const snapshots = await withRedis(() => Promise.all([services.wakes.queue, ...others].map((q) => readQueue(q))));
    return { items: QUEUE_NAMES.map((name, i) => ({ name, ...snapshots[i]! })) };
  } finally {
    await Promise.allSettled(others.map((q) => q.close()));
  }
}

// The purge's body is the contract's (@weft/contracts fleet.ts `PurgeQueueBody`).

export interface PurgeResult {
  /** Wake-up jobs removed from the queue. */
  purged: number;
  /** Their executions that were waiting and are now `canceled`. */
  canceled: number;
}

/**
 * Purges the waiting wake-ups of the `executions` queue and cancels their executions: a
 * removed wake-up alone would leave its execution `queued`, and the reconciler would just
 * queue it again. A job a worker took first is not purged and runs (see
 * `purgeWaitingWakes`). An execution another drive holds a valid lease on (woken twice, and
 * being driven under its other wake-up) is left to that drive. The cancel is the execution
 * store's `transition` (guarded by the engine's status table), and every drive's write is
 * guarded the same way, so a drive that acquires it afterwards finds it gone and a stale one
 * can't write over the cancel.
 */
export async function purgeWaiting(services: Services, actor: AuthUser, ip: string | null): Promise<PurgeResult> {
  // Fail fast while Redis is down (BullMQ would wait for it); then give a large purge time.
  await withRedis(() => redisOf(services).ping());
  const { executionIds, purged } = await withRedis(
    () => purgeWaitingWakes(redisOf(services), services.wakes.queue),
    60_000,
  );
  const canceledIds = await services.executionStore.transition(executionIds, 'canceled', {
    error: {
      code: 'CANCELED',
      message: `Canceled: its wake-up was purged from the ${EXECUTION_QUEUE} queue by an administrator (the audit log says who)`,
    },
    unleasedOnly: true,
  });
  // Live views of those executions (SSE) re-read them now rather than at their next poll.
  for (const id of canceledIds) publishExecutionChanged(redisOf(services), services.config.queuePrefix, id);
  await recordAudit(services.store, {
    actorId: actor.id,
    action: 'queue.purge',
    targetType: 'queue',
    targetId: EXECUTION_QUEUE,
    result: 'success',
    details: { state: 'waiting', purged, canceled: canceledIds.length, executionIds: canceledIds.slice(0, 100) },
    ip,
  });
  return { purged, canceled: canceledIds.length };
}
