import { Queue } from 'bullmq';
import type { RedisClient } from './connection';
import type { WakeQueue } from '@weft/engine';
import type { QueueOptions } from './names';
import { withTimeout } from './timeout';

/** One queue of wake-ups: each job makes some worker drive one execution. */
export const EXECUTION_QUEUE = 'executions';
export const WAKE_JOB_NAME = 'wake';

/** A wake-up job's payload. Everything else a drive needs is in Postgres. */
export interface WakeJob {
  executionId: string;
}

/** Parses a wake-up job at the worker's boundary (Redis holds whatever was written to it). */
export function parseWakeJob(data: unknown): WakeJob {
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new Error('wake job: data is not an object');
  const executionId = (data as { executionId?: unknown }).executionId;
  if (typeof executionId !== 'string' || executionId.length === 0 || executionId.length > 200) {
    throw new Error('wake job: executionId must be a non-empty string');
  }
  return { executionId };
}

/**
 * BullMQ refuses custom job ids that look like integers ("Custom Id cannot be integers") or
 * contain ':' (except its legacy 3-part repeat ids). Keys are ours (execution ids, retry
 * keys), but keep any key usable and distinct: `%` and `:` are percent-encoded, and an
 * integer-looking result gets a `%i` prefix, which no encoded key contains (an encoded `%`
 * is always followed by `25` or `3A`).
 */
export function wakeJobId(key: string): string {
  const id = key.replace(/%/g, '%25').replace(/:/g, '%3A');
  return `${Number.parseInt(id, 10)}` === id ? `%i${id}` : id;
}

// Keeping completed wake-ups would keep their ids taken: a later wake with the same key
// would be a no-op. Failed ones (only infrastructure failures, after all attempts) are
// kept a while for inspection; the reconciler repairs their executions.
const REMOVE_ON_FAIL = { count: 5_000 };

/**
 * WakeQueue on BullMQ. The job id is the wake's key (the execution id by default), so a
 * second wake with the same key is a no-op while the first is waiting, delayed or active.
 */
export class BullWakeQueue implements WakeQueue {
  readonly queue: Queue<WakeJob>;

  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;

  /**
   * `timeoutMs`: how long a wake may wait for Redis. BullMQ waits for a connection forever;
   * a request must fail fast instead (503), and a driver must not hang. A wake that still
   * lands after the timeout is harmless: a drive of an execution that needs none finds it
   * finished or busy and does nothing.
   */
  constructor(
    connection: RedisClient,
    opts: QueueOptions & { timeoutMs?: number; attempts?: number; backoffMs?: number },
  ) {
    this.queue = new Queue<WakeJob>(EXECUTION_QUEUE, { connection, prefix: opts.prefix });
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    this.attempts = opts.attempts ?? 10;
    this.backoffMs = opts.backoffMs ?? 500;
    // Connection errors surface as failed wakes; don't print each reconnect.
    this.queue.on('error', () => undefined);
  }

  async wake(executionId: string, opts: { delayMs?: number; key?: string } = {}): Promise<void> {
    await withTimeout(
      this.add(executionId, opts),
      this.timeoutMs,
      `Redis did not accept the wake-up within ${this.timeoutMs} ms`,
    );
  }

  private async add(executionId: string, opts: { delayMs?: number; key?: string }): Promise<void> {
    await this.queue.add(
      WAKE_JOB_NAME,
      { executionId },
      {
        jobId: wakeJobId(opts.key ?? executionId),
        ...(opts.delayMs && opts.delayMs > 0 ? { delay: Math.ceil(opts.delayMs) } : {}),
        // Infrastructure failures (Postgres down, a worker crash loop) retry; what a node
        // does is recorded by the drive and never throws out of the processor.
        // After the last one the worker fails the execution (DRIVE_ATTEMPTS).
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: this.backoffMs },
        removeOnComplete: true,
        removeOnFail: REMOVE_ON_FAIL,
      },
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
