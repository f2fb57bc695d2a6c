import { nodeJobId, type JobQueue, type NodeJob } from '../run-store';

/** In-memory JobQueue with virtual time: delayed jobs wait until `advanceTo` passes them. */
export class MemoryJobQueue implements JobQueue {
  private readonly pending = new Map<string, { job: NodeJob; runAt: number }>();
  private readonly seen = new Set<string>();
  now = 0;

  async enqueue(jobs: Array<{ job: NodeJob; delayMs?: number }>): Promise<void> {
    for (const { job, delayMs } of jobs) {
      const id = nodeJobId(job);
      if (this.pending.has(id)) continue;
      this.seen.add(id);
      this.pending.set(id, { job, runAt: this.now + (delayMs ?? 0) });
    }
  }

  /** Removes and returns the jobs due now; advances virtual time to the next due job if none are. */
  takeDue(): NodeJob[] {
    if (this.pending.size === 0) return [];
    let due = [...this.pending.entries()].filter(([, p]) => p.runAt <= this.now);
    if (due.length === 0) {
      this.now = Math.min(...[...this.pending.values()].map((p) => p.runAt));
      due = [...this.pending.entries()].filter(([, p]) => p.runAt <= this.now);
    }
    for (const [id] of due) this.pending.delete(id);
    return due.map(([, p]) => p.job);
  }

  /** Pending jobs with their due time, without taking them. */
  peek(): Array<{ job: NodeJob; runAt: number }> {
    return [...this.pending.values()];
  }

  get size(): number {
    return this.pending.size;
  }

  wasEnqueued(job: NodeJob): boolean {
    return this.seen.has(nodeJobId(job));
  }
}
