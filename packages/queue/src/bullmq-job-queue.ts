import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { nodeJobId, type JobQueue, type NodeJob } from '@weft/engine';
import { NODE_QUEUE, type QueueOptions } from './names';

/** Retention of finished BullMQ jobs: the execution's truth lives in Postgres, not here. */
const REMOVE_ON_COMPLETE = { count: 1_000 };
const REMOVE_ON_FAIL = { count: 5_000 };

/** JobQueue on BullMQ. A job's id is derived from (execution, node, scope, attempt). */
export class BullJobQueue implements JobQueue {
  readonly queue: Queue<NodeJob>;

  private readonly timeoutMs: number;

  /**
   * `timeoutMs`: how long an enqueue may wait for Redis. BullMQ waits for a connection
   * indefinitely; a request must instead fail fast (503) so its caller can retry. A job
   * that still lands after the timeout is harmless: its execution was marked failed, and
   * the executor ignores jobs of finished executions.
   */
  constructor(connection: Redis, opts: QueueOptions & { timeoutMs?: number }) {
    this.queue = new Queue<NodeJob>(NODE_QUEUE, { connection, prefix: opts.prefix });
    this.timeoutMs = opts.timeoutMs ?? 5_000;
    // Connection errors surface as failed enqueues (503 upstream); don't print each reconnect.
    this.queue.on('error', () => undefined);
  }

  async enqueue(jobs: Array<{ job: NodeJob; delayMs?: number }>): Promise<void> {
    if (jobs.length === 0) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Redis did not accept the job within ${this.timeoutMs} ms`)), this.timeoutMs);
    });
    try {
      await Promise.race([this.add(jobs), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async add(jobs: Array<{ job: NodeJob; delayMs?: number }>): Promise<void> {
    await this.queue.addBulk(
      jobs.map(({ job, delayMs }) => ({
        name: 'node',
        data: job,
        opts: {
          jobId: nodeJobId(job),
          ...(delayMs ? { delay: delayMs } : {}),
          // Infrastructure failures (DB down, worker crash loops) retry; node failures are
          // handled by the engine and never throw out of the processor.
          attempts: 10,
          backoff: { type: 'exponential', delay: 500 },
          removeOnComplete: REMOVE_ON_COMPLETE,
          removeOnFail: REMOVE_ON_FAIL,
        },
      })),
    );
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
