import type { WorkflowDefinition, WorkflowNode } from '../definition';
import { EngineError, toSerializedError, type SerializedError } from '../errors';
import type { Checkpoint, ExecutionFinish, ExecutionStore, LeasedRun, NodeOutcome, StepRecord, WakeQueue } from '../execution-store';
import { toJson, type Json } from '../json';
import { effectiveMaxParallel, type EngineLimits } from '../limits';
import type { NodeDefinition } from '../nodes/define-node';
import { defaultRegistry, type NodeRegistry } from '../nodes/registry';
import { queuedNodes, settleNode, type AdmissionLimits } from '../planner/planner';
import { cloneState, nodeKey, nodeState, setNodeState, type ExecutionState } from '../planner/state';
import { silentLogger, systemClock, type Clock, type ExpressionEvaluator, type HttpPort, type Logger } from '../ports';
import { resolveRetryPolicy, retryDelayMs, shouldRetry, type RetryPolicy } from '../retry';
import { collectInputs, errorData, inThreadEvaluator, runNode, type NodeRun, type RunNodeEnv } from './run-node';

/**
 * Drives one execution to a checkpoint (ARCHITECTURE "How an execution flows"): take it
 * under a lease, run ready nodes in-process (at most maxParallelNodes at once), buffer their
 * steps, and write them with the new planner state in one checkpoint:
 * - right after a node with `sideEffects` (http, respond), so a finished effect never re-runs;
 * - every `checkpointEverySteps` steps or `checkpointEveryMs` of a long pure chain, so the
 *   viewer stays live and a crash loses little;
 * - before waiting (a retry's backoff: the lease is released and a delayed wake-up is
 *   queued — no worker slot is held), and at the end.
 * A crash loses only pure steps since the last checkpoint; they re-run identically from the
 * same inputs. A lease lost to another owner (this worker stalled) ends the drive without
 * writing: the fence makes its checkpoints fail.
 */

export interface ExecutionEvents {
  changed(executionId: string): void;
}

export interface DriverDeps {
  store: ExecutionStore;
  wakes: WakeQueue;
  http: HttpPort;
  limits: EngineLimits;
  retry: RetryPolicy;
  /** Unique per drive, e.g. `<worker id>:<n>`. */
  owner: string;
  leaseMs: number;
  registry?: NodeRegistry;
  clock?: Clock;
  logger?: Logger;
  evaluator?: ExpressionEvaluator;
  events?: ExecutionEvents;
  checkpointEverySteps?: number;
  checkpointEveryMs?: number;
}

export type DriveOutcome =
  | { kind: 'gone' }
  | { kind: 'busy'; until: Date }
  | { kind: 'lost' }
  | { kind: 'waiting'; wakeAt: Date }
  | { kind: 'finished'; status: ExecutionFinish['status'] };

export async function driveExecution(executionId: string, deps: DriverDeps): Promise<DriveOutcome> {
  const clock = deps.clock ?? systemClock;
  const acquired = await deps.store.acquire(executionId, deps.owner, deps.leaseMs);
  if (acquired.kind === 'gone') return acquired;
  if (acquired.kind === 'busy') {
    // Someone else holds it (or a crashed owner's lease has not run out): look again then.
    const delayMs = Math.max(0, acquired.until.getTime() - clock.now().getTime()) + 50;
    await deps.wakes.wake(executionId, { delayMs, key: `${executionId}.busy.${acquired.until.getTime()}` });
    return acquired;
  }
  return new Drive(acquired.run, deps, clock).run();
}

interface Completion {
  key: string;
  node: WorkflowNode;
  type: NodeDefinition;
  attempt: number;
  input: Json;
  startedAt: Date;
  finishedAt: Date;
  run: NodeRun;
}

class Drive {
  private readonly def: WorkflowDefinition;
  private readonly registry: NodeRegistry;
  private state: ExecutionState;
  private readonly outcomes: Map<string, NodeOutcome>;
  private buffer: StepRecord[] = [];
  private nodesRun = 0;
  private lastCheckpoint: number;
  private deadlineWritten: boolean;
  private readonly deadline: Date;
  private readonly inflight = new Set<string>();
  private readonly completed: Completion[] = [];
  private notify: (() => void) | undefined;
  private readonly abort = new AbortController();
  private lost = false;
  private timedOut = false;
  private readonly env: RunNodeEnv;
  private readonly admission: AdmissionLimits;

  constructor(
    private readonly run_: LeasedRun,
    private readonly deps: DriverDeps,
    private readonly clock: Clock,
  ) {
    const e = run_.execution;
    this.def = run_.definition;
    this.registry = deps.registry ?? defaultRegistry;
    this.state = cloneState(e.state);
    this.outcomes = new Map(run_.outcomes);
    this.lastCheckpoint = clock.now().getTime();
    const startedAt = e.startedAt ?? clock.now();
    const timeoutSeconds = this.def.settings.timeoutSeconds ?? deps.limits.workflowTimeoutSeconds;
    this.deadline = e.deadlineAt ?? new Date(startedAt.getTime() + timeoutSeconds * 1000);
    this.deadlineWritten = e.deadlineAt !== null;
    this.env = {
      executionId: e.id,
      workflowId: e.workflowId,
      trigger: e.triggerData,
      startedAt,
      definition: this.def,
      limits: deps.limits,
      http: deps.http,
      clock,
      logger: deps.logger ?? silentLogger,
      evaluator: deps.evaluator ?? inThreadEvaluator,
    };
    this.admission = {
      maxParallel: effectiveMaxParallel(deps.limits, this.def.settings.maxParallelNodes),
      maxTotalOperations: deps.limits.maxTotalOperations,
      maxHttpCalls: deps.limits.maxHttpCalls,
      countsAsHttpCall: (t) => this.registry.get(t)?.httpCall === true,
    };
  }

  private get id(): string {
    return this.run_.execution.id;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  async run(): Promise<DriveOutcome> {
    const renew = setInterval(() => {
      this.deps.store.renew(this.id, this.run_.fence, this.deps.leaseMs).then(
        (ok) => ok || this.loseLease(),
        () => undefined, // a failed renewal is retried on the next tick; the lease has slack
      );
    }, Math.max(50, Math.floor(this.deps.leaseMs / 3)));
    const untilDeadline = this.deadline.getTime() - this.now();
    const deadlineTimer = setTimeout(() => {
      this.timedOut = true;
      this.abort.abort(new EngineError('TIMEOUT', this.timeoutMessage(), { retryable: false }));
      this.notify?.();
    }, Math.max(0, Math.min(untilDeadline, 2 ** 31 - 1)));
    try {
      return await this.loop();
    } finally {
      clearInterval(renew);
      clearTimeout(deadlineTimer);
      if (!this.abort.signal.aborted) this.abort.abort(new EngineError('CANCELED', 'the drive ended'));
    }
  }

  private loseLease(): void {
    if (this.lost) return;
    this.lost = true;
    this.abort.abort(new EngineError('CANCELED', 'this worker lost the execution to another one'));
    this.notify?.();
  }

  private timeoutMessage(): string {
    const seconds = this.def.settings.timeoutSeconds ?? this.deps.limits.workflowTimeoutSeconds;
    return `the execution did not finish within its timeout of ${seconds} s`;
  }

  private async loop(): Promise<DriveOutcome> {
    for (;;) {
      if (this.lost) return { kind: 'lost' };
      if (this.timedOut || this.now() >= this.deadline.getTime()) return this.finishTimedOut();
      this.launchRunnable();
      if (this.inflight.size === 0 && this.completed.length === 0) {
        const due = this.earliestDue();
        if (due !== undefined) return this.wait(new Date(Math.min(due, this.deadline.getTime())));
        // Nothing queued, nothing running: the planner would have finished; finish defensively.
        return this.finish({ status: 'succeeded', output: this.executionOutput(), error: null, errorNodeId: null, finishedAt: this.clock.now() });
      }
      const c = await this.nextCompletion();
      if (!c) continue;
      const { finish } = this.apply(c);
      if (finish) return this.finish(finish);
      const batchFull = this.buffer.length >= (this.deps.checkpointEverySteps ?? 100) || this.now() - this.lastCheckpoint >= (this.deps.checkpointEveryMs ?? 250);
      if ((c.type.sideEffects || batchFull) && !(await this.checkpoint({ release: false }))) return { kind: 'lost' };
    }
  }

  private launchRunnable(): void {
    const now = this.now();
    for (const key of queuedNodes(this.state)) {
      if (this.inflight.has(key)) continue;
      const ns = nodeState(this.state, key)!;
      if ((ns.due ?? 0) > now) continue;
      const node = this.def.nodes.find((n) => n.id === key);
      const type = node && this.registry.get(node.type);
      if (!node || !type) continue;
      this.inflight.add(key);
      const attempt = ns.a ?? 1;
      const inputs = collectInputs(this.def, this.state, node.id, this.outcomes);
      const input = toJson(inputs.input);
      const startedAt = this.clock.now();
      void runNode(node, type, attempt, inputs, this.outcomes, this.env, this.abort.signal, ns.lim).then((run) => {
        this.inflight.delete(key);
        this.completed.push({ key, node, type, attempt, input, startedAt, finishedAt: this.clock.now(), run });
        this.notify?.();
      });
    }
  }

  private earliestDue(): number | undefined {
    let due: number | undefined;
    for (const key of queuedNodes(this.state)) {
      const d = nodeState(this.state, key)!.due ?? 0;
      due = due === undefined ? d : Math.min(due, d);
    }
    return due;
  }

  /** The next finished node, or null when woken for another reason (deadline, lost lease, a retry came due). */
  private async nextCompletion(): Promise<Completion | null> {
    const ready = this.completed.shift();
    if (ready) return ready;
    const now = this.now();
    const due = this.earliestDueAfter(now);
    await new Promise<void>((resolve) => {
      const timer = due === undefined ? undefined : setTimeout(resolve, due - now);
      this.notify = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.notify = undefined;
    return this.completed.shift() ?? null;
  }

  private earliestDueAfter(now: number): number | undefined {
    let due: number | undefined;
    for (const key of queuedNodes(this.state)) {
      if (this.inflight.has(key)) continue;
      const d = nodeState(this.state, key)!.due ?? 0;
      if (d > now) due = due === undefined ? d : Math.min(due, d);
    }
    return due;
  }

  /** Records a finished node and asks the planner what it means. */
  private apply(c: Completion): { finish?: ExecutionFinish } {
    if (this.lost) return {};
    const { node, run } = c;
    const failure = run.ok ? undefined : run.error;
    const policy = resolveRetryPolicy(node.settings, this.deps.retry);
    const retry = failure !== undefined && !this.timedOut && shouldRetry(failure, c.attempt, policy);
    const serialized = failure ? toSerializedError(failure, node.id) : null;
    const output: Json | null = run.ok ? run.result.output : failure && node.settings?.continueOnFail ? { error: errorData(serialized!) } : null;
    this.buffer.push({ nodeId: node.id, scope: '', attempt: c.attempt, status: failure ? 'failed' : 'succeeded', input: c.input, output, error: serialized, startedAt: c.startedAt, finishedAt: c.finishedAt });
    this.nodesRun++;

    if (retry) {
      // A retry is another node run: it counts toward the operation and HTTP-call limits.
      const isHttp = this.admission.countsAsHttpCall!(node.type);
      this.state.ops += 1;
      if (isHttp) this.state.http += 1;
      const lim =
        this.state.ops > this.admission.maxTotalOperations
          ? `MAX_TOTAL_OPERATIONS (${this.admission.maxTotalOperations})`
          : isHttp && this.state.http > this.admission.maxHttpCalls
            ? `MAX_HTTP_CALLS (${this.admission.maxHttpCalls})`
            : undefined;
      const due = c.finishedAt.getTime() + retryDelayMs(policy, c.attempt);
      setNodeState(this.state, c.key, { s: 'queued', a: c.attempt + 1, due, ...(lim ? { lim } : {}) });
      return {};
    }

    this.outcomes.set(c.key, { status: failure ? 'failed' : 'succeeded', output, error: serialized });
    const hasErrorEdge = this.def.edges.some((e) => e.source === node.id && e.sourceHandle === 'error');
    if (failure && !hasErrorEdge && !node.settings?.continueOnFail) {
      setNodeState(this.state, c.key, { s: 'failed', h: [] });
      return { finish: { status: 'failed', output: null, error: serialized, errorNodeId: node.id, finishedAt: c.finishedAt } };
    }
    const handles = failure ? (hasErrorEdge ? ['error'] : ['out']) : [run.ok ? (run.result.handle ?? 'out') : 'out'];
    const adv = settleNode(this.def, this.state, node.id, { status: failure ? 'failed' : 'succeeded', handles }, this.admission);
    this.state = adv.state;
    if (run.ok && run.result.response && !this.state.response) this.state.response = run.result.response;
    for (const nodeId of adv.skipped) {
      this.buffer.push({ nodeId, scope: '', attempt: 1, status: 'skipped', input: null, output: null, error: null, startedAt: c.finishedAt, finishedAt: c.finishedAt });
    }
    if (adv.finished) return { finish: { status: 'succeeded', output: this.executionOutput(), error: null, errorNodeId: null, finishedAt: c.finishedAt } };
    return {};
  }

  /** The body of the first respond node, else the output of the last node to succeed. */
  private executionOutput(): Json | null {
    if (this.state.response) return this.state.response.body;
    if (!this.state.last) return null;
    return this.outcomes.get(nodeKey(this.state.last))?.output ?? null;
  }

  private async checkpoint(opts: { release: boolean; finish?: ExecutionFinish; wakeAt?: Date | null }): Promise<boolean> {
    const cp: Checkpoint = {
      steps: this.buffer,
      state: this.state,
      nodesExecuted: this.nodesRun,
      ...(this.deadlineWritten ? {} : { deadlineAt: this.deadline }),
      ...(opts.finish ? { finish: opts.finish } : {}),
      release: opts.release,
      ...(opts.wakeAt !== undefined ? { wakeAt: opts.wakeAt } : {}),
    };
    const ok = await this.deps.store.checkpoint(this.id, this.run_.fence, cp, this.deps.leaseMs);
    if (!ok) {
      this.loseLease();
      return false;
    }
    this.buffer = [];
    this.nodesRun = 0;
    this.deadlineWritten = true;
    this.lastCheckpoint = this.now();
    this.deps.events?.changed(this.id);
    return true;
  }

  private async finish(finish: ExecutionFinish): Promise<DriveOutcome> {
    return (await this.checkpoint({ release: true, finish })) ? { kind: 'finished', status: finish.status } : { kind: 'lost' };
  }

  /** Waiting (a retry's backoff): checkpoint, release the lease, and ask to be woken then. */
  private async wait(wakeAt: Date): Promise<DriveOutcome> {
    if (!(await this.checkpoint({ release: true, wakeAt }))) return { kind: 'lost' };
    await this.deps.wakes.wake(this.id, { delayMs: Math.max(0, wakeAt.getTime() - this.now()), key: `${this.id}.wake.${wakeAt.getTime()}` });
    return { kind: 'waiting', wakeAt };
  }

  /** Past the deadline: in-flight nodes were aborted; record them as timed out and end the run. */
  private async finishTimedOut(): Promise<DriveOutcome> {
    if (!this.abort.signal.aborted) this.abort.abort(new EngineError('TIMEOUT', this.timeoutMessage()));
    const message = this.timeoutMessage();
    // Aborted nodes settle at once (their signal fired); a node that ignores it is not waited for long.
    const settleBy = this.now() + 1_000;
    while (this.inflight.size > 0 && this.now() < settleBy) await new Promise((r) => setTimeout(r, 10));
    const error: SerializedError = { code: 'TIMEOUT', message, retryable: false };
    let errorNodeId: string | null = null;
    for (const c of this.completed.splice(0)) {
      errorNodeId ??= c.node.id;
      this.buffer.push({ nodeId: c.node.id, scope: '', attempt: c.attempt, status: 'failed', input: c.input, output: null, error: { ...error, nodeId: c.node.id }, startedAt: c.startedAt, finishedAt: c.finishedAt });
      this.nodesRun++;
    }
    const finishedAt = this.clock.now();
    return this.finish({ status: 'timed_out', output: null, error: { ...error, ...(errorNodeId ? { nodeId: errorNodeId } : {}) }, errorNodeId, finishedAt });
  }
}
