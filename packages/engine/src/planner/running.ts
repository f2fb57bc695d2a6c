import { frames, type ExecutionState } from './state';

/** A node running now (or admitted and about to run), as live views show it (SPEC §7 events). */
export interface RunningNode {
  nodeId: string;
  /** '' at the top level; the loop iteration (`each[3]`) inside loops. */
  scope: string;
  /** The attempt running (or waiting to retry). */
  attempt: number;
  /** A retry waiting out its backoff may not run before this time (epoch ms). */
  retryAt?: number;
}

/**
 * The nodes the planner has admitted and not settled: queued ones (running, or a retry waiting
 * out its backoff) and loops that are iterating. Ready nodes wait for a parallel slot and are
 * not listed. Pure, so the worker's store derives it at each checkpoint and the web never reads
 * the planner's private state; bounded by admission (`maxParallelNodes`, open iterations).
 */
export function runningNodes(state: ExecutionState): RunningNode[] {
  const out: RunningNode[] = [];
  for (const [scope, frame] of frames(state)) {
    // Object.entries: own keys only, so a node id like `__proto__` is data.
    for (const [nodeId, ns] of Object.entries(frame.nodes)) {
      if (ns.status !== 'queued' && ns.status !== 'looping') continue;
      const attempt = ns.attempt ?? 1;
      out.push({
        nodeId,
        scope,
        attempt,
        ...(ns.status === 'queued' && attempt > 1 && ns.dueAt !== undefined ? { retryAt: ns.dueAt } : {}),
      });
    }
  }
  return out;
}
