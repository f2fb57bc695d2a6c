import { z } from 'zod';
import { Timestamp } from './common';

/** The worker fleet and the queues (owners and admins; docs/operations.md "Worker fleet"). */

export const WorkerState = z.enum(['live', 'gone', 'stopped']).meta({
  id: 'WorkerState',
  description:
    '`gone`: no heartbeat for longer than its stale timeout (crashed, killed, cut off); `stopped`: left on SIGTERM.',
});
export type WorkerState = z.infer<typeof WorkerState>;

export const FleetWorker = z
  .object({
    id: z.string().meta({ description: 'The id its drives use as lease owners (`<id>:<n>`).' }),
    host: z.string(),
    pid: z.number().int(),
    version: z.string(),
    concurrency: z.number().int().meta({ description: 'WORKER_CONCURRENCY: drives it runs at once.' }),
    running: z.number().int().meta({ description: 'Drives in progress right now.' }),
    startedAt: Timestamp,
    metricsPort: z
      .number()
      .int()
      .nullable()
      .meta({ description: 'Its own /metrics and /health port; null when it serves none.' }),
    staleMs: z.number().int().meta({ description: 'Its WORKER_STALE_MS: it is gone once its last beat is older.' }),
    status: z.enum(['running', 'stopped']),
    state: WorkerState,
    lastHeartbeatAt: Timestamp,
  })
  .meta({ id: 'FleetWorker' });
export type FleetWorker = z.infer<typeof FleetWorker>;

export const WorkerList = z
  .object({ items: z.array(FleetWorker), staleMs: z.number().int(), heartbeatMs: z.number().int() })
  .meta({ id: 'WorkerList', description: 'Every worker remembered, live first.' });
export type WorkerList = z.infer<typeof WorkerList>;

export const QueueName = z.enum(['executions', 'maintenance', 'retention']).meta({ id: 'QueueName' });
export const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'completed',
  'failed',
] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export const QueueView = z
  .object({
    name: QueueName,
    counts: z.object(
      Object.fromEntries(QUEUE_STATES.map((s) => [s, z.number().int()])) as Record<
        (typeof QUEUE_STATES)[number],
        z.ZodNumber
      >,
    ),
    oldestWaitingMs: z
      .number()
      .nullable()
      .meta({ description: 'Age of the job that has waited longest; null when none waits.' }),
  })
  .meta({ id: 'QueueView' });
export type QueueView = z.infer<typeof QueueView>;

export const QueueList = z.object({ items: z.array(QueueView) }).meta({ id: 'QueueList' });
export type QueueList = z.infer<typeof QueueList>;

export const PurgeQueueBody = z
  .object({
    state: z.literal('waiting', { message: 'must be "waiting" (only waiting jobs can be purged)' }),
    confirm: z.literal('executions', { message: 'must be the queue\'s name, "executions", to confirm the purge' }),
  })
  .strict()
  .meta({ id: 'PurgeQueueBody' });
export type PurgeQueueBody = z.infer<typeof PurgeQueueBody>;

export const PurgeResult = z
  .object({
    purged: z.number().int().meta({ description: 'Wake-up jobs removed from the queue.' }),
    canceled: z.number().int().meta({ description: 'Their executions that were waiting and are now `canceled`.' }),
  })
  .meta({ id: 'PurgeResult' });
export type PurgeResult = z.infer<typeof PurgeResult>;
