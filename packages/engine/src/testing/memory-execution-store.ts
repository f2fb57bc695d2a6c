import type { WorkflowDefinition } from '../definition';
import type { SerializedError } from '../errors';
import type { Acquired, Checkpoint, ExecutionRecord, ExecutionStore, NodeOutcome } from '../execution-store';
import { storableJson, type Json } from '../json';
import { initialState, isOutcomeNeeded, outcomesNeeded } from '../planner/planner';
import { hasSettledNodes, nodeKey, type ExecutionState } from '../planner/state';
import { decodeExecutionState, encodeExecutionState } from '../planner/state-codec';
import { defaultRegistry, type NodeRegistry } from '../nodes/registry';
import { systemClock, type Clock } from '../ports';
import type { ExecutionCreator, NewExecution } from '../start-execution';
import { isTerminal, type ExecutionTrigger, type StepStatus } from '../status';

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
}

export interface MemoryExecution extends ExecutionRecord {
  trigger: ExecutionTrigger;
  output: Json | null;
  error: SerializedError | null;
  errorNodeId: string | null;
  finishedAt: Date | null;
  nodesExecuted: number;
  fence: number;
  leaseOwner: string | null;
  leaseUntil: Date | null;
  wakeAt: Date | null;
}

/**
 * In-memory ExecutionStore (and ExecutionCreator): the reference the Postgres adapter must
 * match, checked by one contract suite. Like Postgres it stores JSON through storableJson()
 * (U+0000 → U+FFFD) and copies what it returns, so a driver can't mutate stored rows.
 */
export class MemoryExecutionStore implements ExecutionStore, ExecutionCreator {
  readonly executions = new Map<string, MemoryExecution>();
  readonly definitions = new Map<string, WorkflowDefinition>();
  readonly steps: MemoryStep[] = [];
  private nextId = 1;
  private readonly clock: Clock;
  private readonly registry: NodeRegistry;

  /** `registry`: the node types its definitions use (which one `starts` the execution). */
  constructor(opts: { clock?: Clock; registry?: NodeRegistry } = {}) {
    this.clock = opts.clock ?? systemClock;
    this.registry = opts.registry ?? defaultRegistry;
  }

  /** Test helper: a new queued execution of `def`. */
  createExecution(
    def: WorkflowDefinition,
    triggerData: Json,
    opts?: { workflowId?: string; trigger?: ExecutionTrigger },
  ): MemoryExecution;
  /** ExecutionCreator (startExecution). */
  createExecution(e: NewExecution): Promise<{ id: string }>;
  createExecution(
    a: WorkflowDefinition | NewExecution,
    triggerData?: Json,
    opts: { workflowId?: string; trigger?: ExecutionTrigger } = {},
  ): MemoryExecution | Promise<{ id: string }> {
    if ('state' in a) {
      const def = this.definitions.get(a.workflowVersionId);
      if (!def) throw new Error(`unknown version ${a.workflowVersionId}: register it with addDefinition()`);
      const e = this.insert(a.workflowVersionId, a.workflowId, a.trigger, a.triggerData, decodeExecutionState(a.state));
      return Promise.resolve({ id: e.id });
    }
    const versionId = `version_${this.nextId}`;
    this.definitions.set(versionId, a);
    const state = initialState(a, this.registry);
    return this.insert(versionId, opts.workflowId ?? 'wf_1', opts.trigger ?? 'manual', triggerData ?? {}, state);
  }

  addDefinition(versionId: string, def: WorkflowDefinition): void {
    this.definitions.set(versionId, def);
  }

  private insert(
    versionId: string,
    workflowId: string,
    trigger: ExecutionTrigger,
    triggerData: Json,
    state: ExecutionState,
  ): MemoryExecution {
    const id = `exec_${this.nextId++}`;
    const exec: MemoryExecution = {
      id,
      workflowId,
      workflowVersionId: versionId,
      status: 'queued',
      state,
      triggerData: stored(triggerData),
      createdAt: this.clock.now(),
      startedAt: null,
      deadlineAt: null,
      trigger,
      output: null,
      error: null,
      errorNodeId: null,
      finishedAt: null,
      nodesExecuted: 0,
      fence: 0,
      leaseOwner: null,
      leaseUntil: null,
      wakeAt: null,
    };
    this.executions.set(id, exec);
    return exec;
  }

  async acquire(executionId: string, owner: string, leaseMs: number): Promise<Acquired> {
    const e = this.executions.get(executionId);
    if (!e || isTerminal(e.status)) return { kind: 'gone' };
    const now = this.clock.now();
    if (e.leaseUntil && e.leaseUntil > now && e.leaseOwner !== owner) return { kind: 'busy', until: e.leaseUntil };
    e.fence += 1;
    e.leaseOwner = owner;
    e.leaseUntil = new Date(now.getTime() + leaseMs);
    e.wakeAt = null;
    if (e.status === 'queued') {
      e.status = 'running';
      e.startedAt ??= now;
    }
    const outcomes = new Map<string, NodeOutcome>();
    if (hasSettledNodes(e.state)) {
      const needs = outcomesNeeded(this.definitions.get(e.workflowVersionId)!, e.state);
      // Steps are in insertion order, so the latest attempt wins.
      for (const s of this.steps) {
        if (
          s.executionId === executionId &&
          (s.status === 'succeeded' || s.status === 'failed') &&
          isOutcomeNeeded(needs, s.nodeId, s.scope)
        ) {
          outcomes.set(
            nodeKey(s.nodeId, s.scope),
            structuredClone({ status: s.status, output: s.output, error: s.error }),
          );
        }
      }
    }
    const { id, workflowId, workflowVersionId, status, state, trigger, triggerData, createdAt, startedAt, deadlineAt } =
      e;
    const execution = structuredClone({
      id,
      workflowId,
      workflowVersionId,
      status,
      state,
      trigger,
      triggerData,
      createdAt,
      startedAt,
      deadlineAt,
    });
    return {
      kind: 'acquired',
      run: { fence: e.fence, execution, definition: this.definitions.get(e.workflowVersionId)!, outcomes },
    };
  }

  async checkpoint(executionId: string, fence: number, cp: Checkpoint, leaseMs: number): Promise<boolean> {
    const e = this.executions.get(executionId);
    // A released lease is over: its fence may not write again.
    if (!e || e.fence !== fence || e.leaseOwner === null || isTerminal(e.status)) return false;
    for (const s of cp.steps) {
      if (
        this.steps.some(
          (x) =>
            x.executionId === executionId && x.nodeId === s.nodeId && x.scope === s.scope && x.attempt === s.attempt,
        )
      )
        continue;
      this.steps.push({ executionId, ...s, input: stored(s.input), output: stored(s.output), error: stored(s.error) });
    }
    // Through its stored form, as Postgres keeps it: what the codec drops is lost here too.
    e.state = decodeExecutionState(stored(encodeExecutionState(cp.state)));
    e.nodesExecuted += cp.nodesExecuted;
    if (cp.deadlineAt) e.deadlineAt = cp.deadlineAt;
    e.wakeAt = cp.wakeAt ?? null;
    if (cp.release) {
      e.leaseOwner = null;
      e.leaseUntil = null;
    } else {
      e.leaseUntil = new Date(this.clock.now().getTime() + leaseMs);
    }
    const f = cp.finish;
    if (f) {
      e.status = f.status;
      e.output = stored(f.output);
      e.error = f.error
        ? stored({ code: f.error.code, message: f.error.message, nodeId: f.error.nodeId ?? null } as SerializedError)
        : null;
      e.errorNodeId = f.errorNodeId;
      e.finishedAt = f.finishedAt;
    }
    return true;
  }

  async renew(executionId: string, fence: number, leaseMs: number): Promise<boolean> {
    const e = this.executions.get(executionId);
    if (!e || e.fence !== fence || e.leaseOwner === null || isTerminal(e.status)) return false;
    e.leaseUntil = new Date(this.clock.now().getTime() + leaseMs);
    return true;
  }

  stepsOf(executionId: string): MemoryStep[] {
    return this.steps.filter((s) => s.executionId === executionId);
  }
}

/** What Postgres would hold: the value, or a copy with U+FFFD (the same rule as packages/db json()). */
function stored<T>(value: T): T {
  return structuredClone(storableJson(value)) as T;
}
