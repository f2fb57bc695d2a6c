import type { WorkflowDefinition } from '../definition';
import { storableJson, type Json } from '../json';
import { initialState } from '../planner/planner';
import { nodeKey, type ExecutionState } from '../planner/state';
import type { Commit, ExecutionRecord, NodeOutcome, RunSnapshot, RunStore, StepStart } from '../run-store';
import type { ExecutionStatus, ExecutionTrigger, StepStatus } from '../status';
import type { SerializedError } from '../errors';

export interface MemoryStep {
  executionId: string;
  nodeId: string;
  scope: string;
  attempt: number;
  status: StepStatus;
  input: Json | null;
  output: Json | null;
  error: SerializedError | null;
  startedAt: Date;
  finishedAt: Date | null;
  /** How many times this attempt was started (a crash-restarted attempt counts twice). */
  starts: number;
}

export interface MemoryExecution extends ExecutionRecord {
  trigger: ExecutionTrigger;
  output: Json | null;
  error: SerializedError | null;
  errorNodeId: string | null;
  finishedAt: Date | null;
  nodesExecuted: number;
}

/**
 * In-memory RunStore: the reference implementation the Postgres adapter must match. Like the
 * Prisma adapter it stores JSON through storableJson() (U+0000 → U+FFFD), so both agree.
 */
export class MemoryRunStore implements RunStore {
  readonly executions = new Map<string, MemoryExecution>();
  readonly definitions = new Map<string, WorkflowDefinition>();
  readonly steps: MemoryStep[] = [];
  private nextId = 1;
  private lock: Promise<unknown> = Promise.resolve();

  createExecution(def: WorkflowDefinition, triggerData: Json, opts: { workflowId?: string; trigger?: ExecutionTrigger; now?: Date } = {}): MemoryExecution {
    const id = `exec_${this.nextId++}`;
    const versionId = `version_${id}`;
    this.definitions.set(versionId, def);
    const exec: MemoryExecution = {
      id,
      workflowId: opts.workflowId ?? 'wf_1',
      workflowVersionId: versionId,
      status: 'queued',
      state: initialState(def),
      triggerData: stored(triggerData),
      createdAt: opts.now ?? new Date(),
      startedAt: null,
      trigger: opts.trigger ?? 'manual',
      output: null,
      error: null,
      errorNodeId: null,
      finishedAt: null,
      nodesExecuted: 0,
    };
    this.executions.set(id, exec);
    return exec;
  }

  async loadRun(executionId: string): Promise<RunSnapshot | null> {
    const e = this.executions.get(executionId);
    if (!e) return null;
    const outcomes = new Map<string, NodeOutcome>();
    for (const s of this.steps) {
      if (s.executionId !== executionId || (s.status !== 'succeeded' && s.status !== 'failed')) continue;
      // Steps are in insertion order, so the latest attempt wins.
      outcomes.set(nodeKey(s.nodeId, s.scope), { status: s.status, output: s.output, error: s.error });
    }
    return { execution: structuredClone({ ...e }), definition: this.definitions.get(e.workflowVersionId)!, outcomes };
  }

  async markRunning(executionId: string, at: Date): Promise<void> {
    const e = this.executions.get(executionId);
    if (e && e.status === 'queued') {
      e.status = 'running';
      e.startedAt = at;
    }
  }

  async startStep(step: StepStart): Promise<void> {
    const existing = this.findStep(step.executionId, step.nodeId, step.scope, step.attempt);
    if (existing) {
      if (existing.status === 'running') {
        existing.starts++;
        existing.startedAt = step.startedAt;
      }
      return;
    }
    this.steps.push({ ...step, input: stored(step.input), status: 'running', output: null, error: null, finishedAt: null, starts: 1 });
  }

  async commit(executionId: string, decide: (c: { status: ExecutionStatus; state: ExecutionState }) => Commit | null): Promise<Commit | null> {
    // Serialise commits like a row lock would.
    const run = this.lock.then(() => this.applyCommit(executionId, decide));
    this.lock = run.catch(() => undefined);
    return run;
  }

  private applyCommit(executionId: string, decide: (c: { status: ExecutionStatus; state: ExecutionState }) => Commit | null): Commit | null {
    const e = this.executions.get(executionId);
    if (!e) return null;
    const commit = decide({ status: e.status, state: structuredClone(e.state) });
    if (!commit) return null;
    const s = { ...commit.step, input: stored(commit.step.input), output: stored(commit.step.output), error: stored(commit.step.error) };
    const row = this.findStep(executionId, s.nodeId, s.scope, s.attempt);
    if (row && row.status !== 'running') return null;
    if (row) Object.assign(row, { status: s.status, output: s.output, error: s.error, finishedAt: s.finishedAt, input: s.input });
    else this.steps.push({ executionId, ...s, starts: 1 });
    for (const k of commit.skipped) {
      this.steps.push({ executionId, nodeId: k.nodeId, scope: k.scope, attempt: 1, status: 'skipped', input: null, output: null, error: null, startedAt: s.finishedAt, finishedAt: s.finishedAt, starts: 0 });
    }
    e.state = stored(commit.state);
    e.nodesExecuted += commit.nodesExecuted;
    if (commit.finish) {
      e.status = commit.finish.status;
      e.output = commit.finish.outputFromNode
        ? (this.steps.filter((x) => x.executionId === executionId && x.nodeId === commit.finish!.outputFromNode && x.status === 'succeeded').at(-1)?.output ?? null)
        : stored(commit.finish.output);
      e.error = stored(commit.finish.error);
      e.errorNodeId = commit.finish.errorNodeId;
      e.finishedAt = commit.finish.finishedAt;
    }
    return commit;
  }

  private findStep(executionId: string, nodeId: string, scope: string, attempt: number): MemoryStep | undefined {
    return this.steps.find((x) => x.executionId === executionId && x.nodeId === nodeId && x.scope === scope && x.attempt === attempt);
  }

  stepsOf(executionId: string): MemoryStep[] {
    return this.steps.filter((s) => s.executionId === executionId);
  }
}

/** What Postgres would hold: the value, or a copy with U+FFFD (the same rule as packages/db json()). */
function stored<T>(value: T): T {
  return storableJson(value) as T;
}
