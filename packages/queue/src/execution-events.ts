import type { RedisClient } from './connection';

/**
 * "Execution X changed" notifications over Redis pub/sub, for live views (SSE). They carry
 * no data: a listener re-reads the execution from Postgres, so a lost message costs only
 * latency (listeners also re-check on a timer), never a wrong picture.
 */
export function executionChannel(prefix: string, executionId: string): string {
  return `${prefix}:exec-events:${executionId}`;
}

export function publishExecutionChanged(redis: RedisClient, prefix: string, executionId: string): void {
  redis.publish(executionChannel(prefix, executionId), '1').catch(() => undefined);
}

type Listener = () => void;

/** One subscriber connection per process, shared by every live view via channel refcounts. */
export class ExecutionEventsSubscriber {
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(
    private readonly subscriber: RedisClient,
    private readonly prefix: string,
  ) {
    subscriber.on('message', (channel: string) => {
      for (const l of this.listeners.get(channel) ?? []) l();
    });
  }

  /** Calls `listener` on every change of the execution; returns the unsubscribe function. */
  async subscribe(executionId: string, listener: Listener): Promise<() => void> {
    const channel = executionChannel(this.prefix, executionId);
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
      await this.subscriber.subscribe(channel);
    }
    set.add(listener);
    return () => {
      const current = this.listeners.get(channel);
      if (!current) return;
      current.delete(listener);
      if (current.size === 0) {
        this.listeners.delete(channel);
        this.subscriber.unsubscribe(channel).catch(() => undefined);
      }
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.subscriber.quit().catch(() => undefined);
  }
}
