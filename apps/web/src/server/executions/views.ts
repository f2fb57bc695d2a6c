import 'server-only';
import type { Execution, ExecutionError, ExecutionStatus, ExecutionTrigger, Step, StepStatus } from '@weft/contracts';

type Row = {
  id: string;
  workflowId: string;
  version: number;
  status: ExecutionStatus;
  trigger: ExecutionTrigger;
  triggerData: unknown;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  nodesExecuted: number;
  output: unknown;
  error: unknown;
  errorNodeId: string | null;
  parentExecutionId: string | null;
  webhookId?: string | null;
  scheduleId?: string | null;
};

type StepRow = {
  id: string;
  nodeId: string;
  scope: string;
  attempt: number;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error: unknown;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A stored error without `stack` (rows written before stacks stopped being stored had one). */
function publicError(error: unknown): ExecutionError | null {
  if (error === null || error === undefined) return null;
  // Written by the engine's toSerializedError: `{ code, message, nodeId?, details? }`.
  if (typeof error !== 'object' || Array.isArray(error) || !('stack' in error)) return error as ExecutionError;
  const { stack: _stack, ...rest } = error as Record<string, unknown>;
  return rest as ExecutionError;
}

/** SPEC §7 execution shape (the contract's `Execution`; list and detail add the workflow's name). */
export function toExecutionView(e: Row): Omit<Execution, 'workflowName'> {
  return {
    id: e.id,
    workflowId: e.workflowId,
    version: e.version,
    status: e.status,
    trigger: e.trigger,
    triggerData: e.triggerData,
    createdAt: e.createdAt.toISOString(),
    startedAt: iso(e.startedAt),
    finishedAt: iso(e.finishedAt),
    durationMs: e.durationMs,
    nodesExecuted: e.nodesExecuted,
    output: e.output ?? null,
    error: publicError(e.error),
    errorNodeId: e.errorNodeId,
    parentExecutionId: e.parentExecutionId,
    webhookId: e.webhookId ?? null,
    scheduleId: e.scheduleId ?? null,
  };
}

export function toStepView(s: StepRow): Step {
  return {
    id: s.id,
    nodeId: s.nodeId,
    scope: s.scope,
    attempt: s.attempt,
    status: s.status,
    input: s.input ?? null,
    output: s.output ?? null,
    error: publicError(s.error),
    startedAt: s.startedAt.toISOString(),
    finishedAt: iso(s.finishedAt),
    durationMs: s.durationMs,
  };
}
