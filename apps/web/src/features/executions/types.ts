/** What the executions list and viewer read from the API (SPEC §7; extra fields are ignored). */

export type ExecutionStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'canceled' | 'timed_out';

export interface ListResponse<T> {
  items: T[];
  nextCursor: string | null;
}

export const EXECUTION_STATUSES: readonly ExecutionStatus[] = ['queued', 'running', 'succeeded', 'failed', 'canceled', 'timed_out'];

export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped';

/** A serialized engine error; HTTP failures carry `details: { status, headers, body }`. */
export interface ExecutionError {
  code: string;
  message: string;
  nodeId?: string | null;
  details?: Record<string, unknown>;
}

export interface Execution {
  id: string;
  workflowId: string;
  version: number;
  status: ExecutionStatus;
  trigger: string;
  triggerData: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationMs: number | null;
  nodesExecuted: number;
  output: unknown;
  error: ExecutionError | null;
  errorNodeId: string | null;
  parentExecutionId: string | null;
  /** The workflow's current name (list and detail responses carry it). */
  workflowName?: string;
}

export interface Step {
  id: string;
  nodeId: string;
  /** '' at top level; identifies the loop iteration otherwise. */
  scope: string;
  attempt: number;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error: ExecutionError | null;
  startedAt: string;
  finishedAt: string | null;
  durationMs: number | null;
}

export interface ExecutionDetail extends Execution {
  steps: Step[];
  /** The next page of steps; the viewer reads every page, so it holds null. */
  stepsNextCursor?: string | null;
}

/** Queued and running executions still change; everything else is final. */
export function isLive(status: ExecutionStatus): boolean {
  return status === 'queued' || status === 'running';
}
