import type { WakeQueue } from '../execution-store';

/** In-memory WakeQueue with virtual time: a delayed wake waits until time passes it. */
export class MemoryWakeQueue implements WakeQueue {
  private readonly pending = new Map<string, { executionId: string; runAt: number }>();
  /** Virtual time in ms; `takeDue` moves it forward to the next wake when none is due. */
  now = 0;

  async wake(executionId: string, opts: { delayMs?: number; key?: string } = {}): Promise<void> {
    const key = opts.key ?? executionId;
    if (this.pending.has(key)) return;
    this.pending.set(key, { executionId, runAt: this.now + (opts.delayMs ?? 0) });
  }

  /**
   * Removes and returns the executions due now; unless `advance` is false, first moves
   * virtual time to the next wake when none is due.
   */
  takeDue({ advance = true }: { advance?: boolean } = {}): string[] {
    if (this.pending.size === 0) return [];
    let due = [...this.pending.entries()].filter(([, p]) => p.runAt <= this.now);
    if (due.length === 0 && advance) {
      this.now = Math.min(...[...this.pending.values()].map((p) => p.runAt));
      due = [...this.pending.entries()].filter(([, p]) => p.runAt <= this.now);
    }
    for (const [key] of due) this.pending.delete(key);
    return due.map(([, p]) => p.executionId);
  }

  /** Pending wakes with their due time (virtual ms), without taking them. */
  peek(): Array<{ executionId: string; runAt: number }> {
    return [...this.pending.values()];
  }

  get size(): number {
    return this.pending.size;
  }
}
