import type { AdmissionLimits } from '../planner/planner';
import { frameOf, setNodeState, type ExecutionState, type NodeRef, type NodeRunState } from '../planner/state';

export interface NextAttempt {
  attempt: number;
  /** Epoch ms the retry is due (after its backoff). */
  dueAt: number;
  /** Counts toward MAX_HTTP_CALLS. */
  isHttp: boolean;
}

/**
 * Queues a failed node's next attempt. A retry is another node run: it counts toward the
 * operation and HTTP-call limits, and one past a limit is queued with the limit it breached
 * (it then fails with LIMIT_EXCEEDED instead of running).
 */
export function queueRetry(
  state: ExecutionState,
  ref: NodeRef,
  current: NodeRunState,
  admission: AdmissionLimits,
  next: NextAttempt,
): void {
  state.operations += 1;
  if (next.isHttp) state.httpCalls += 1;
  const lim =
    state.operations > admission.maxTotalOperations
      ? `MAX_TOTAL_OPERATIONS (${admission.maxTotalOperations})`
      : next.isHttp && state.httpCalls > admission.maxHttpCalls
        ? `MAX_HTTP_CALLS (${admission.maxHttpCalls})`
        : undefined;
  const { breachedLimit: _old, ...rest } = current;
  setNodeState(frameOf(state, ref.scope)!, ref.nodeId, {
    ...rest,
    status: 'queued',
    attempt: next.attempt,
    dueAt: next.dueAt,
    ...(lim ? { breachedLimit: lim } : {}),
  });
}
