/** What the executions list and viewer read from the API (SPEC §7; extra fields are ignored). */

import type { ExecutionStatus, StepStatus } from '@weft/contracts';

export { EXECUTION_STATUSES, isLive, type ExecutionStatus, type StepStatus } from '@weft/contracts';

export interface ListResponse<T> {
  items: T[];
  nextCursor: string | null;
}

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
