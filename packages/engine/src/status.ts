/** Execution and step statuses (SPEC §1) and the transitions allowed between them. */
export type ExecutionStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'timed_out';
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped';
export type ExecutionTrigger = 'manual' | 'webhook' | 'schedule' | 'subworkflow' | 'retry';

export const TERMINAL_STATUSES: readonly ExecutionStatus[] = ['succeeded', 'failed', 'canceled', 'timed_out'];

/** Still live: a drive may write it, a cancel may end it (every status that is not terminal). */
export const LIVE_STATUSES: readonly ExecutionStatus[] = ['queued', 'running'];

/** A step that settled with a result (a resumed drive reads these; `running`/`skipped` carry none). */
export const SETTLED_STEP_STATUSES: readonly StepStatus[] = ['succeeded', 'failed'];

const ALLOWED: Record<ExecutionStatus, readonly ExecutionStatus[]> = {
  queued: ['running', 'canceled', 'failed', 'timed_out'],
  running: ['succeeded', 'failed', 'canceled', 'timed_out'],
  succeeded: [],
  failed: [],
  canceled: [],
  timed_out: [],
};

export function isTerminal(status: ExecutionStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

/** A terminal status is never overwritten (recovery code must not "crash" a finished run). */
export function canTransition(from: ExecutionStatus, to: ExecutionStatus): boolean {
  return ALLOWED[from].includes(to);
}

/** Statuses from which `to` may be entered: the guard of the UPDATE that sets `to`. */
export function statusesAllowingTransitionTo(to: ExecutionStatus): ExecutionStatus[] {
  return (Object.keys(ALLOWED) as ExecutionStatus[]).filter((from) => ALLOWED[from].includes(to));
}
