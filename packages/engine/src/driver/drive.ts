import type { WorkflowDefinition, WorkflowNode } from '../definition';
import { EngineError, toSerializedError, type SerializedError } from '../errors';
import type {
  Checkpoint,
  ExecutionFinish,
  ExecutionStore,
  LeasedRun,
  NodeOutcome,
  StepRecord,
  WakeQueue,
} from '../execution-store';
import { toJson, type Json } from '../json';
import { effectiveMaxParallel, type EngineLimits } from '../limits';
import type { NodeDefinition } from '../nodes/define-node';
import { defaultRegistry, type NodeRegistry } from '../nodes/registry';
import { indexGraph, type GraphIndex } from '../planner/graph-index';
import {
  dropIterations,
  queuedNodes,
  settleNode,
  type Advance,
  type AdmissionLimits,
  type LoopDone,
} from '../planner/planner';
import {
  cloneState,
  frameOf,
  nodeKey,
  nodeState,
  nodeStateAt,
  setNodeState,
  splitKey,
  type ExecutionState,
  type NodeRef,
  type ScopeFrame,
} from '../planner/state';
import {
  bindLogger,
  silentLogger,
  systemClock,
  type Clock,
  type DriveObserver,
  type ExpressionEvaluator,
  type HttpPort,
  type Logger,
} from '../ports';
import { resolveRetryPolicy, retryDelayMs, shouldRetry, type RetryPolicy } from '../retry';
import {
  collectInputs,
  errorData,
  inThreadEvaluator,
  nodesInScope,
  runNode,
  type NodeRun,
  type RunNodeEnv,
  type ScopeVars,
} from './run-node';
import type { ExecutionTrigger } from '../status';
import { LoopBookkeeping } from './loops';

/**
 * Drives one execution to a checkpoint (ARCHITECTURE "How an execution flows"): take it
 * under a lease, run ready nodes in-process (at most maxParallelNodes at once), buffer their
 * steps, and write them with the new planner state in one checkpoint:
 * - right after a node with `sideEffects` (http, respond), so a finished effect never re-runs;
 * - every `checkpointEverySteps` steps or `checkpointEveryMs` of a long pure chain, so the
 *   viewer stays live and a crash loses little;
 * - before waiting (a retry's backoff: the lease is released and a delayed wake-up is
 *   queued — no worker slot is held), and at the end.
 * Loop iterations are frames of the same drive: a 1,000-iteration loop is one drive, its
 * steps written in batches like any pure chain.
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
  /** Told what each written checkpoint recorded (the worker's metrics). */
  observer?: DriveObserver;
  checkpointEverySteps?: number;
  checkpointEveryMs?: number;
}

export type DriveOutcome =
  | { kind: 'gone' }
  | { kind: 'busy'; until: Date }
  | { kind: 'lost' }
  | { kind: 'waiting'; wakeAt: Date }
  | { kind: 'finished'; status: ExecutionFinish['status']; trigger: ExecutionTrigger };

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
  ref: NodeRef;
  node: WorkflowNode;
  type: NodeDefinition;
  attempt: number;
  /** A loop node evaluating its parameters (items, or `while` before an iteration): no step unless it fails. */
  check: boolean;
  input: Json;
  startedAt: Date;
  finishedAt: Date;
  run: NodeRun;
}

class Drive {
  private readonly def: WorkflowDefinition;
  private readonly g: GraphIndex;
  private readonly registry: NodeRegistry;
  private state: ExecutionState;
  private readonly outcomes: Map<string, NodeOutcome>;
  private buffer: StepRecord[] = [];
  private nodesRun = 0;
  private lastCheckpoint: number;
  private deadlineWritten: boolean;
  private readonly deadline: Date;
  /** Nodes running now. */
  private readonly inflight = new Set<string>();
  /** Nodes that finished but were not applied yet: still `queued` in the state, so not to be launched again. */
  private readonly completed: Completion[] = [];
  private readonly unapplied = new Set<string>();
  private notify: (() => void) | undefined;
  private readonly abort = new AbortController();
  private lost = false;
  private timedOut = false;
  private readonly env: RunNodeEnv;
  private readonly admission: AdmissionLimits;
  private readonly loops: LoopBookkeeping;

  constructor(
    private readonly run_: LeasedRun,
    private readonly deps: DriverDeps,
    private readonly clock: Clock,
  ) {
    const e = run_.execution;
    this.def = run_.definition;
    this.registry = deps.registry ?? defaultRegistry;
    this.g = indexGraph(this.def, this.registry);
    this.state = cloneState(e.state);
    this.outcomes = new Map(run_.outcomes);
    this.loops = new LoopBookkeeping(this.def, this.g, this.outcomes, deps.limits);
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
      // Every line a node or the drive logs names its execution and workflow (docs/operations.md "Logs").
      logger: bindLogger(deps.logger ?? silentLogger, { executionId: e.id, workflowId: e.workflowId }),
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
    const renew = setInterval(
      () => {
        this.deps.store.renew(this.id, this.run_.fence, this.deps.leaseMs).then(
          (ok) => ok || this.loseLease(),
          () => undefined, // a failed renewal is retried on the next tick; the lease has slack
        );
      },
      Math.max(50, Math.floor(this.deps.leaseMs / 3)),
    );
    const untilDeadline = this.deadline.getTime() - this.now();
    const deadlineTimer = setTimeout(
      () => {
        this.timedOut = true;
        this.abort.abort(new EngineError('TIMEOUT', this.timeoutMessage(), { retryable: false }));
        this.notify?.();
      },
      Math.max(0, Math.min(untilDeadline, 2 ** 31 - 1)),
    );
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
        return this.finish({
          status: 'succeeded',
          output: this.executionOutput(),
          error: null,
          errorNodeId: null,
          finishedAt: this.clock.now(),
        });
      }
      const c = await this.nextCompletion();
      if (!c) continue;
      this.unapplied.delete(c.key);
      const { finish } = this.apply(c);
      if (finish) return this.finish(finish);
      const batchFull =
        this.buffer.length >= (this.deps.checkpointEverySteps ?? 100) ||
        this.now() - this.lastCheckpoint >= (this.deps.checkpointEveryMs ?? 250);
      if (((c.type.sideEffects && !c.check) || batchFull) && !(await this.checkpoint({ release: false })))
        return { kind: 'lost' };
    }
  }

  private launchRunnable(): void {
    const now = this.now();
    for (const key of queuedNodes(this.state)) {
      if (this.inflight.has(key) || this.unapplied.has(key)) continue;
      const ns = nodeStateAt(this.state, key)!;
      if ((ns.dueAt ?? 0) > now) continue;
      const ref = splitKey(key);
      const node = this.g.nodes.get(ref.nodeId);
      const type = node && this.registry.get(node.type);
      if (!node || !type) continue;
      this.inflight.add(key);
      const attempt = ns.attempt ?? 1;
      const check = type.iterates === true;
      const inputs = collectInputs(this.def, this.state, ref, this.outcomes);
      const input = toJson(inputs.input);
      const vars = this.scopeVars(
        ref,
        check && node.parameters.while !== undefined ? (ns.loop ?? { nextIndex: 0 }) : undefined,
        input,
      );
      const startedAt = this.clock.now();
      void runNode(node, type, attempt, inputs, vars, this.env, this.abort.signal, ns.breachedLimit).then((run) => {
        this.inflight.delete(key);
        this.unapplied.add(key);
        this.completed.push({
          key,
          ref,
          node,
          type,
          attempt,
          check,
          input,
          startedAt,
          finishedAt: this.clock.now(),
          run,
        });
        this.notify?.();
      });
    }
  }

  /** `$item`/`$index` of the node's iteration, or of the iteration a `while` loop is about to run. */
  private scopeVars(ref: NodeRef, whileCheck: { nextIndex: number } | undefined, input: Json): ScopeVars {
    const nodes = () => nodesInScope(this.def, ref.scope, this.outcomes);
    if (whileCheck) return { nodes, ...this.loops.whileCheckScope(ref, whileCheck.nextIndex, input) };
    const frame = frameOf(this.state, ref.scope) as ScopeFrame | undefined;
    return ref.scope && frame ? { nodes, item: frame.item, index: frame.index } : { nodes };
  }

  private earliestDue(): number | undefined {
    let due: number | undefined;
    for (const key of queuedNodes(this.state)) {
      const d = nodeStateAt(this.state, key)!.dueAt ?? 0;
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
      const d = nodeStateAt(this.state, key)!.dueAt ?? 0;
      if (d > now) due = due === undefined ? d : Math.min(due, d);
    }
    return due;
  }

  private step(
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

  /** Records a finished node and asks the planner what it means. */
  private apply(c: Completion): { finish?: ExecutionFinish } {
    if (this.lost) return {};
    const { node, run, ref } = c;
    const ns = nodeState(frameOf(this.state, ref.scope), ref.nodeId);
    // Its iteration was closed by a failing sibling: what it did is recorded, nothing follows from it.
    const stale = ns?.status !== 'queued' || (ns.attempt ?? 1) !== c.attempt;
    let failure = run.ok ? undefined : run.error;
    const it = run.ok ? run.result.iterate : undefined;
    if (c.check && run.ok && !stale) failure = this.loops.limitBreach(node, ref, it, ns!);
    if (c.check && !failure) {
      if (stale) return {};
      return this.applyAdvance(this.loops.startIterations(this.state, { ...c, it }, ns!, this.admission), c.finishedAt);
    }
    const policy = resolveRetryPolicy(node.settings, this.deps.retry);
    const retry = failure !== undefined && !stale && !this.timedOut && shouldRetry(failure, c.attempt, policy);
    const serialized = failure ? toSerializedError(failure, node.id) : null;
    const output: Json | null =
      run.ok && !failure
        ? run.result.output
        : serialized && node.settings?.continueOnFail
          ? { error: errorData(serialized) }
          : null;
    this.step(ref, c.attempt, failure ? 'failed' : 'succeeded', c.input, output, serialized, c.startedAt, c.finishedAt);
    if (stale) return {};

    if (retry) {
      // A retry is another node run: it counts toward the operation and HTTP-call limits.
      const isHttp = this.admission.countsAsHttpCall!(node.type);
      this.state.operations += 1;
      if (isHttp) this.state.httpCalls += 1;
      const lim =
        this.state.operations > this.admission.maxTotalOperations
          ? `MAX_TOTAL_OPERATIONS (${this.admission.maxTotalOperations})`
          : isHttp && this.state.httpCalls > this.admission.maxHttpCalls
            ? `MAX_HTTP_CALLS (${this.admission.maxHttpCalls})`
            : undefined;
      const due = c.finishedAt.getTime() + retryDelayMs(policy, c.attempt);
      const { breachedLimit: _old, ...rest } = ns!;
      setNodeState(frameOf(this.state, ref.scope)!, ref.nodeId, {
        ...rest,
        status: 'queued',
        attempt: c.attempt + 1,
        dueAt: due,
        ...(lim ? { breachedLimit: lim } : {}),
      });
      return {};
    }
    if (serialized) return this.settleFailure(ref, serialized, c.finishedAt);
    this.outcomes.set(c.key, { status: 'succeeded', output, error: null });
    const result = run.ok ? run.result : undefined;
    const adv = settleNode(
      this.def,
      this.state,
      ref,
      { status: 'succeeded', handles: [result?.handle ?? 'out'] },
      this.admission,
    );
    if (result?.response && !adv.state.response) adv.state.response = result.response;
    return this.applyAdvance(adv, c.finishedAt);
  }

  /**
   * A node failed for good. Its `error` edge or continueOnFail handle it; otherwise it ends
   * the execution — or, inside a loop, fails its loop (whose own error handling applies next).
   */
  private settleFailure(ref: NodeRef, error: SerializedError, at: Date): { finish?: ExecutionFinish } {
    const node = this.g.nodes.get(ref.nodeId)!;
    const type = this.registry.get(node.type);
    const continueOnFail = node.settings?.continueOnFail === true;
    const hasErrorEdge = (this.g.outgoing.get(node.id) ?? []).some((e) => e.sourceHandle === 'error');
    this.outcomes.set(nodeKey(ref.nodeId, ref.scope), {
      status: 'failed',
      output: continueOnFail ? { error: errorData(error) } : null,
      error,
    });
    if (hasErrorEdge || continueOnFail) {
      const handles = type?.handles(node.parameters) ?? [];
      const main = handles.includes('out') || !handles.includes('done') ? 'out' : 'done';
      return this.applyAdvance(
        settleNode(
          this.def,
          this.state,
          ref,
          { status: 'failed', handles: [hasErrorEdge ? 'error' : main] },
          this.admission,
        ),
        at,
      );
    }
    const frame = frameOf(this.state, ref.scope);
    if (frame) setNodeState(frame, ref.nodeId, { status: 'failed', handles: [] });
    // Inside an iteration: the loop fails, its other iterations are closed.
    const failed = this.loops.failLoopOf(ref, error);
    if (!failed) return { finish: { status: 'failed', output: null, error, errorNodeId: ref.nodeId, finishedAt: at } };
    const { loop } = failed;
    const loopState = nodeState(frameOf(this.state, loop.scope), loop.nodeId);
    this.state = dropIterations(this.state, loop);
    const input = toJson(collectInputs(this.def, this.state, loop, this.outcomes).input);
    const startedAt = new Date(loopState?.loop?.startedAt ?? at.getTime());
    this.step(loop, loopState?.attempt ?? 1, 'failed', input, null, failed.error, startedAt, at);
    return this.settleFailure(loop, failed.error, at);
  }

  /** Takes an advance: records skipped steps, completes loops that ran their last iteration, finishes. */
  private applyAdvance(first: Advance, at: Date): { finish?: ExecutionFinish } {
    const pending: Advance[] = [first];
    while (pending.length) {
      const adv = pending.shift()!;
      this.state = adv.state;
      for (const s of adv.skipped) this.step(s, 1, 'skipped', null, null, null, at, at);
      for (const it of adv.iterationsDone) this.loops.forgetIteration(it.loop, it.scope);
      for (const done of adv.loopsDone) {
        const r = this.completeLoop(done, at);
        if (r.finish) return r;
        if (r.advance) pending.push(r.advance);
      }
      if (adv.finished && pending.length === 0) {
        return {
          finish: {
            status: 'succeeded',
            output: this.executionOutput(),
            error: null,
            errorNodeId: null,
            finishedAt: at,
          },
        };
      }
    }
    return {};
  }

  /** A loop ran its last iteration: record its step (its output is the iterations' results), then follow `done`. */
  private completeLoop(done: LoopDone, at: Date): { finish?: ExecutionFinish; advance?: Advance } {
    const loop = { scope: done.scope, nodeId: done.nodeId };
    const attempt = nodeState(frameOf(this.state, loop.scope), loop.nodeId)?.attempt ?? 1;
    const completed = this.loops.complete(done);
    const input = toJson(collectInputs(this.def, this.state, loop, this.outcomes).input);
    const startedAt = new Date(done.startedAt);
    if (!completed.ok) {
      this.step(loop, attempt, 'failed', input, null, completed.error, startedAt, at);
      return this.settleFailure(loop, completed.error, at);
    }
    this.step(loop, attempt, 'succeeded', input, completed.results, null, startedAt, at);
    this.outcomes.set(nodeKey(loop.nodeId, loop.scope), {
      status: 'succeeded',
      output: completed.results,
      error: null,
    });
    return {
      advance: settleNode(this.def, this.state, loop, { status: 'succeeded', handles: ['done'] }, this.admission),
    };
  }

  /** The body of the first respond node, else the output of the last top-level node to succeed. */
  private executionOutput(): Json | null {
    if (this.state.response) return this.state.response.body;
    if (!this.state.lastSucceeded) return null;
    return this.outcomes.get(nodeKey(this.state.lastSucceeded))?.output ?? null;
  }

  private async checkpoint(opts: {
    release: boolean;
    finish?: ExecutionFinish;
    wakeAt?: Date | null;
  }): Promise<boolean> {
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
    if (this.deps.observer) this.observe(cp);
    if (cp.finish) this.logFinish(cp.finish);
    this.buffer = [];
    this.nodesRun = 0;
    this.deadlineWritten = true;
    this.lastCheckpoint = this.now();
    this.deps.events?.changed(this.id);
    return true;
  }

  /** One line per finished execution: info when it did not succeed (naming the node), else debug. */
  private logFinish(finish: ExecutionFinish): void {
    const fields = {
      status: finish.status,
      trigger: this.run_.execution.trigger,
      durationMs: finish.finishedAt.getTime() - this.env.startedAt.getTime(),
    };
    if (finish.status === 'succeeded') this.env.logger.debug(fields, 'execution finished');
    else
      this.env.logger.info(
        { ...fields, ...(finish.errorNodeId ? { nodeId: finish.errorNodeId } : {}), errorCode: finish.error?.code },
        'execution finished',
      );
  }

  private observe(cp: Checkpoint): void {
    const observer = this.deps.observer!;
    if (cp.steps.length > 0) {
      observer.stepsRecorded(
        cp.steps.map((s) => ({
          type: this.g.nodes.get(s.nodeId)?.type ?? 'unknown',
          status: s.status,
          durationMs: s.finishedAt.getTime() - s.startedAt.getTime(),
        })),
      );
    }
    if (cp.finish) {
      observer.executionFinished({
        status: cp.finish.status,
        trigger: this.run_.execution.trigger,
        durationMs: cp.finish.finishedAt.getTime() - this.env.startedAt.getTime(),
      });
    }
  }

  private async finish(finish: ExecutionFinish): Promise<DriveOutcome> {
    return (await this.checkpoint({ release: true, finish }))
      ? { kind: 'finished', status: finish.status, trigger: this.run_.execution.trigger }
      : { kind: 'lost' };
  }

  /** Waiting (a retry's backoff): checkpoint, release the lease, and ask to be woken then. */
  private async wait(wakeAt: Date): Promise<DriveOutcome> {
    if (!(await this.checkpoint({ release: true, wakeAt }))) return { kind: 'lost' };
    await this.deps.wakes.wake(this.id, {
      delayMs: Math.max(0, wakeAt.getTime() - this.now()),
      key: `${this.id}.wake.${wakeAt.getTime()}`,
    });
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
      this.step(c.ref, c.attempt, 'failed', c.input, null, { ...error, nodeId: c.node.id }, c.startedAt, c.finishedAt);
    }
    const finishedAt = this.clock.now();
    return this.finish({
      status: 'timed_out',
      output: null,
      error: { ...error, ...(errorNodeId ? { nodeId: errorNodeId } : {}) },
      errorNodeId,
      finishedAt,
    });
  }
}
