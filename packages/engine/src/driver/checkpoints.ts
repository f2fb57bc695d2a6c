import type { SerializedError } from '../errors';
import type { Checkpoint, ExecutionFinish, ExecutionStore, StepRecord } from '../execution-store';
import type { Json } from '../json';
import type { NodeRef, ExecutionState } from '../planner/state';
import type { Clock, DriveObserver, Logger } from '../ports';
import type { ExecutionTrigger } from '../status';

export interface CheckpointTarget {
  store: ExecutionStore;
  executionId: string;
  fence: number;
  leaseMs: number;
  trigger: ExecutionTrigger;
  startedAt: Date;
  /** Written with the first checkpoint unless the execution already has one. */
  deadline: Date;
  deadlineWritten: boolean;
  clock: Clock;
  logger: Logger;
  nodeType: (nodeId: string) => string;
  observer?: DriveObserver;
  onWritten?: () => void;
}

export interface CheckpointOptions {
  release: boolean;
  finish?: ExecutionFinish;
  wakeAt?: Date | null;
}

/**
 * The steps a drive recorded since its last checkpoint, and the writing of them with the
 * planner state (fenced by the lease). Once written, they are reported to the observer and a
 * finish is logged.
 */
export class CheckpointWriter {
  private buffer: StepRecord[] = [];
  private nodesRun = 0;
  private lastWrittenAt: number;
  private deadlineWritten: boolean;

  constructor(private readonly t: CheckpointTarget) {
    this.lastWrittenAt = t.clock.now().getTime();
    this.deadlineWritten = t.deadlineWritten;
  }

  record(
    ref: NodeRef,
    attempt: number,
    status: StepRecord['status'],
    input: Json | null,
    output: Json | null,
    error: SerializedError | null,
    startedAt: Date,
    finishedAt: Date,
  ): void {
    this.buffer.push({
      nodeId: ref.nodeId,
      scope: ref.scope,
      attempt,
      status,
      input,
      output,
      error,
      startedAt,
      finishedAt,
    });
    if (status !== 'skipped') this.nodesRun++;
  }

  /** Enough steps or time since the last checkpoint that the viewer should see them. */
  batchFull(everySteps = 100, everyMs = 250): boolean {
    return this.buffer.length >= everySteps || this.t.clock.now().getTime() - this.lastWrittenAt >= everyMs;
  }

  /** False when the lease was lost: another worker owns the execution and nothing was written. */
  async write(state: ExecutionState, opts: CheckpointOptions): Promise<boolean> {
    const cp: Checkpoint = {
      steps: this.buffer,
      state,
      nodesExecuted: this.nodesRun,
      ...(this.deadlineWritten ? {} : { deadlineAt: this.t.deadline }),
      ...(opts.finish ? { finish: opts.finish } : {}),
      release: opts.release,
      ...(opts.wakeAt !== undefined ? { wakeAt: opts.wakeAt } : {}),
    };
    const ok = await this.t.store.checkpoint(this.t.executionId, this.t.fence, cp, this.t.leaseMs);
    if (!ok) return false;
    if (this.t.observer) this.observe(this.t.observer, cp);
    if (cp.finish) this.logFinish(cp.finish);
    this.buffer = [];
    this.nodesRun = 0;
    this.deadlineWritten = true;
    this.lastWrittenAt = this.t.clock.now().getTime();
    this.t.onWritten?.();
    return true;
  }

  /** One line per finished execution: info when it did not succeed (naming the node), else debug. */
  private logFinish(finish: ExecutionFinish): void {
    const fields = {
      status: finish.status,
      trigger: this.t.trigger,
      durationMs: finish.finishedAt.getTime() - this.t.startedAt.getTime(),
    };
    if (finish.status === 'succeeded') this.t.logger.debug(fields, 'execution finished');
    else
      this.t.logger.info(
        { ...fields, ...(finish.errorNodeId ? { nodeId: finish.errorNodeId } : {}), errorCode: finish.error?.code },
        'execution finished',
      );
  }

  private observe(observer: DriveObserver, cp: Checkpoint): void {
    if (cp.steps.length > 0) {
      observer.stepsRecorded(
        cp.steps.map((s) => ({
          type: this.t.nodeType(s.nodeId),
          status: s.status,
          durationMs: s.finishedAt.getTime() - s.startedAt.getTime(),
        })),
      );
    }
    if (cp.finish) {
      observer.executionFinished({
        status: cp.finish.status,
        trigger: this.t.trigger,
        durationMs: cp.finish.finishedAt.getTime() - this.t.startedAt.getTime(),
      });
    }
  }
}
