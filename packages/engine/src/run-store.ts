import type { WorkflowDefinition } from './definition';
import type { SerializedError } from './errors';
import type { Json } from './json';
import type { ExecutionState } from './planner/state';
import type { ExecutionStatus, StepStatus } from './status';

/**
 * Ports the executor drives. `packages/db` implements RunStore on Postgres and
 * `packages/queue` JobQueue on BullMQ; `testing/` has in-memory fakes. One contract suite
 * (testing/contracts.ts) runs against both.
 */

/** One node job: run `nodeId` in `scope` of an execution, attempt n. */
export interface NodeJob {
  executionId: string;
  nodeId: string;
  scope: string;
  attempt: number;
}

export interface ExecutionRecord {
  id: string;
  workflowId: string;
  workflowVersionId: string;
  status: ExecutionStatus;
  state: ExecutionState;
  triggerData: Json;
  createdAt: Date;
  startedAt: Date | null;
}

/** The latest settled run of a node: what flows on its edges and into `$nodes`. */
export interface NodeOutcome {
  status: 'succeeded' | 'failed';
  output: Json | null;
  error: SerializedError | null;
}

export interface RunSnapshot {
  execution: ExecutionRecord;
  definition: WorkflowDefinition;
  /** By node key (a Map: node ids may be `constructor` or `__proto__`). */
  outcomes: ReadonlyMap<string, NodeOutcome>;
}

export interface StepStart {
  executionId: string;
  nodeId: string;
  scope: string;
  attempt: number;
  input: Json;
  startedAt: Date;
}

export interface StepFinish {
  nodeId: string;
  scope: string;
  attempt: number;
  status: Exclude<StepStatus, 'running' | 'skipped'>;
  input: Json;
  output: Json | null;
  error: SerializedError | null;
  startedAt: Date;
  finishedAt: Date;
}

export interface ExecutionFinish {
  status: Extract<ExecutionStatus, 'succeeded' | 'failed' | 'timed_out' | 'canceled'>;
  output: Json | null;
  /** When set, the output is that node's latest succeeded output, read by the store in the commit. */
  outputFromNode?: string;
  error: SerializedError | null;
  errorNodeId: string | null;
  finishedAt: Date;
}

/** Everything one node's completion changes, applied atomically under the execution's lock. */
export interface Commit {
  step: StepFinish;
  skipped: Array<{ nodeId: string; scope: string }>;
  state: ExecutionState;
  /** Node runs this commit adds to the execution's `nodesExecuted`. */
  nodesExecuted: number;
  finish?: ExecutionFinish;
  enqueue: Array<{ job: NodeJob; delayMs?: number }>;
}

export interface RunStore {
  loadRun(executionId: string): Promise<RunSnapshot | null>;
  /** queued → running (no-op from any other status). */
  markRunning(executionId: string, at: Date): Promise<void>;
  /** Records (or re-records, after a crash) an attempt as running. */
  startStep(step: StepStart): Promise<void>;
  /**
   * Locks the execution, calls `decide` with its current status and state, and applies the
   * returned commit in one transaction. `decide` returns null when there is nothing to do
   * (the node was settled already, or the execution is terminal). Returns what was applied.
   */
  commit(executionId: string, decide: (current: { status: ExecutionStatus; state: ExecutionState }) => Commit | null): Promise<Commit | null>;
}

export interface JobQueue {
  /** Adds node jobs; adding a job whose id already exists is a no-op. */
  enqueue(jobs: Array<{ job: NodeJob; delayMs?: number }>): Promise<void>;
}

/** Deterministic job id: the same node attempt is never queued twice. */
export function nodeJobId(job: NodeJob): string {
  return `${job.executionId}.${job.scope ? job.scope.replace(/[^A-Za-z0-9_[\]]/g, '_') + '.' : ''}${job.nodeId}.${job.attempt}`;
}
