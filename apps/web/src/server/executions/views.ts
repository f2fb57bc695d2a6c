import 'server-only';
import type { ChangedStepRow } from '@weft/db';
import type {
  Execution,
  ExecutionError,
  ExecutionStatus,
  ExecutionSummary,
  ExecutionTrigger,
  RunningNode,
  Step,
} from '@weft/contracts';

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

/** A step as @weft/db reads it (the same columns for a detail page and a live change). */
type StepRow = ChangedStepRow;

/** The columns of a list entry: the row without its payloads (the query never reads them). */
export type SummaryRow = Omit<Row, 'triggerData' | 'output'>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A stored error without `stack` (rows written before stacks stopped being stored had one). */
function publicError(error: unknown): ExecutionError | null {
  if (error === null || error === undefined) return null;
  // Written by the engine's toSerializedError: `{ code, message, nodeId?, details? }`.
  if (typeof error !== 'object' || Array.isArray(error) || !('stack' in error)) return error as ExecutionError;
  const { stack: _stack, ...rest } = error as Record<string, unknown>;
  return rest as ExecutionError;
}

/** Stored error messages are bounded (engine toSerializedError); rows from before that are cut here. */
const MAX_MESSAGE = 2_000;

/** A list entry's error: code, message and node only, whatever an old row holds besides. */
function summaryError(error: unknown): ExecutionError | null {
  const e = publicError(error);
  if (!e || typeof e !== 'object') return e;
  const message =
    typeof e.message === 'string' && e.message.length > MAX_MESSAGE
      ? `${e.message.slice(0, MAX_MESSAGE)}… (truncated)`
      : e.message;
  return { code: e.code, message, nodeId: e.nodeId ?? null };
}

/** A list entry (the contract's `ExecutionSummary` without the workflow's name, which the caller adds). */
export function toExecutionSummaryView(e: SummaryRow): Omit<ExecutionSummary, 'workflowName'> {
  return {
    id: e.id,
    workflowId: e.workflowId,
    version: e.version,
    status: e.status,
    trigger: e.trigger,
    createdAt: e.createdAt.toISOString(),
    startedAt: iso(e.startedAt),
    finishedAt: iso(e.finishedAt),
    durationMs: e.durationMs,
    nodesExecuted: e.nodesExecuted,
    error: summaryError(e.error),
    errorNodeId: e.errorNodeId,
    parentExecutionId: e.parentExecutionId,
    webhookId: e.webhookId ?? null,
    scheduleId: e.scheduleId ?? null,
  };
}

/** The stored running nodes (engine RunningNode: `retryAt` in epoch ms) as the contract says them. */
export function toRunningView(running: unknown): RunningNode[] {
  if (!Array.isArray(running)) return [];
  return (running as Array<{ nodeId: string; scope: string; attempt: number; retryAt?: number }>).map((r) => ({
    nodeId: r.nodeId,
    scope: r.scope,
    attempt: r.attempt,
    ...(typeof r.retryAt === 'number' ? { retryAt: new Date(r.retryAt).toISOString() } : {}),
  }));
}

/** SPEC §7 execution shape (the contract's `Execution`; the detail adds the workflow's name). */
export function toExecutionView(e: Row): Omit<Execution, 'workflowName'> {
  return {
    ...toExecutionSummaryView(e),
    triggerData: e.triggerData,
    output: e.output ?? null,
    error: publicError(e.error),
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
    seq: s.seq,
  };
}
