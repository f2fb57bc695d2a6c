import type { WakeQueue } from '@weft/engine';

export interface WakeRetrierOptions {
  /** How often the pending wake-ups are tried again while there are any. */
  retryMs?: number;
  /** At most this many are remembered; older ones are left to the reconciler. */
  maxPending?: number;
  /** Told when wake-ups start to be deferred (the first one) and when they all landed again. */
  onChange?: (event: { kind: 'deferring'; err: unknown } | { kind: 'recovered'; woken: number }) => void;
}

/**
 * Wake-ups of executions that are already recorded (accepted) but could not be queued — Redis
 * down, restarting or refusing. They are tried again every `retryMs` until they land, so an
 * execution accepted during a Redis restart starts as soon as Redis is back, not only when the
 * worker's reconciler finds it (RECONCILE_GRACE_MS later). The reconciler stays the backstop:
 * for ids beyond `maxPending`, and for this process dying with ids still pending. A wake is
 * keyed by the execution id, so one that lands twice is still one job.
 */
export class WakeRetrier {
  private readonly pending = new Set<string>();
  private readonly retryMs: number;
  private readonly maxPending: number;
  private timer: ReturnType<typeof setInterval> | undefined;
  private retrying = false;
  private woken = 0;

  constructor(
    private readonly wakes: WakeQueue,
    private readonly opts: WakeRetrierOptions = {},
  ) {
    this.retryMs = opts.retryMs ?? 1_000;
    this.maxPending = opts.maxPending ?? 10_000;
  }

  /** How many wake-ups are waiting to be queued. */
  get size(): number {
    return this.pending.size;
  }

  /** Remembers `executionId` to be woken once the queue takes wake-ups again. */
  later(executionId: string, err: unknown): void {
    if (this.pending.size === 0) {
      this.woken = 0;
      this.opts.onChange?.({ kind: 'deferring', err });
    }
    if (this.pending.size >= this.maxPending) {
      // Sets iterate in insertion order: drop the oldest (the reconciler wakes it).
      const oldest = this.pending.values().next().value;
      if (oldest !== undefined) this.pending.delete(oldest);
    }
    this.pending.add(executionId);
    this.timer ??= setInterval(() => void this.retry(), this.retryMs);
    this.timer.unref?.();
  }

  /** Tries every pending wake-up once, oldest first; stops at the first failure (the queue is still down). */
  async retry(): Promise<void> {
    if (this.retrying) return;
    this.retrying = true;
    try {
      for (const id of [...this.pending]) {
        try {
          await this.wakes.wake(id);
        } catch {
          return;
        }
        this.pending.delete(id);
        this.woken++;
      }
      this.stop();
      this.opts.onChange?.({ kind: 'recovered', woken: this.woken });
    } finally {
      this.retrying = false;
    }
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops retrying (what is still pending is left to the reconciler). */
  close(): void {
    this.stop();
  }
}
