import type { WorkflowDefinition } from './definition';
import type { SerializedError } from './errors';
import type { Json } from './json';
import type { ExecutionState } from './planner/state';
import type { ExecutionStatus, ExecutionTrigger } from './status';

/**
 * The ports the execution driver runs against (ARCHITECTURE "How an execution flows"):
 * a worker takes an *execution* under a lease, drives it in memory, and writes what
 * happened in checkpoints. `packages/db` implements ExecutionStore on Postgres and
 * `packages/queue` WakeQueue on BullMQ; `testing/` has in-memory fakes; one contract suite
 * (test/contracts/execution-store.contract.ts) runs against both.
 */

export interface ExecutionRecord {
  id: string;
  workflowId: string;
  workflowVersionId: string;
  status: ExecutionStatus;
  state: ExecutionState;
  /** What started it (a finished scheduled run may let its schedule start a held-back one). */
  trigger: ExecutionTrigger;
  triggerData: Json;
  createdAt: Date;
  /** Set by the first acquire (queued → running). */
  startedAt: Date | null;
  deadlineAt: Date | null;
}

/** The latest settled run of a node: what flows on its edges and into `$nodes`. */
export interface NodeOutcome {
  status: 'succeeded' | 'failed';
  output: Json | null;
  error: SerializedError | null;
}

/** An execution held under a lease: whoever holds `fence` may checkpoint it. */
export interface LeasedRun {
  fence: number;
  execution: ExecutionRecord;
  definition: WorkflowDefinition;
  /**
   * The latest settled outcome per node key (a Map: node ids may be `constructor` or
   * `__proto__`). Empty for an execution that has not settled a node yet, so a fresh run
   * costs no read of steps.
   */
  outcomes: Map<string, NodeOutcome>;
}

export type Acquired =
  | { kind: 'acquired'; run: LeasedRun }
  /** Another owner's lease has not expired yet. */
  | { kind: 'busy'; until: Date }
  /** Unknown, or already terminal: nothing to drive. */
  | { kind: 'gone' };

/** One finished step (running steps are not written: a checkpoint records outcomes). */
export interface StepRecord {
  nodeId: string;
  scope: string;
  attempt: number;
  status: 'succeeded' | 'failed' | 'skipped';
  input: Json | null;
  output: Json | null;
  error: SerializedError | null;
  startedAt: Date;
  finishedAt: Date;
}

export interface ExecutionFinish {
  status: Extract<ExecutionStatus, 'succeeded' | 'failed' | 'timed_out' | 'canceled'>;
  output: Json | null;
  error: SerializedError | null;
  errorNodeId: string | null;
  finishedAt: Date;
}

/**
 * Everything a driver learned since its last checkpoint, written at once and only if its
 * fence still owns the execution and the execution is not terminal.
 */
export interface Checkpoint {
  steps: StepRecord[];
  state: ExecutionState;
  /** Node runs since the last checkpoint (added to `nodesExecuted`). */
  nodesExecuted: number;
  /** The execution's deadline, fixed when it started. */
  deadlineAt?: Date;
  finish?: ExecutionFinish;
  /** Keep driving (the lease is extended) or stop (waiting, finished, giving up). */
  release: boolean;
  /** When waiting: when the execution must be woken (a retry's backoff, its deadline). */
  wakeAt?: Date | null;
}

export interface ExecutionStore {
  /**
   * Takes the execution for `owner` for `leaseMs` unless another owner's lease is still
   * valid; bumps the fence, so a previous owner that wakes up can no longer checkpoint.
   * A queued execution becomes running (startedAt = now).
   */
  acquire(executionId: string, owner: string, leaseMs: number): Promise<Acquired>;
  /** Applies the checkpoint atomically; false when the fence lost the lease or the execution is terminal. */
  checkpoint(executionId: string, fence: number, cp: Checkpoint, leaseMs: number): Promise<boolean>;
  /** Extends the lease; false when it was lost. */
  renew(executionId: string, fence: number, leaseMs: number): Promise<boolean>;
}

/** Wakes executions: a job that makes some worker drive it. */
export interface WakeQueue {
  /**
   * Asks for a drive of `executionId` after `delayMs`. `key` makes the request idempotent:
   * a second wake with the same key while the first is pending is a no-op.
   */
  wake(executionId: string, opts?: { delayMs?: number; key?: string }): Promise<void>;
}
