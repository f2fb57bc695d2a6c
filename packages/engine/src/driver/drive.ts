import type { WorkflowDefinition } from '../definition';
import { EngineError, toSerializedError, type SerializedError } from '../errors';
import type { ExecutionFinish, LeasedRun, NodeOutcome } from '../execution-store';
import { toJson, type Json } from '../json';
import { effectiveMaxParallel } from '../limits';
import { defaultRegistry, type NodeRegistry } from '../nodes/registry';
import { indexGraph, type GraphIndex } from '../planner/graph-index';
import { dropIterations, settleNode, type Advance, type AdmissionLimits, type LoopDone } from '../planner/planner';
import {
  cloneState,
  frameOf,
  nodeKey,
  nodeState,
  setNodeState,
  type ExecutionState,
  type NodeRef,
} from '../planner/state';
import { systemClock, type Clock } from '../ports';
import { resolveRetryPolicy, retryDelayMs, shouldRetry } from '../retry';
import { CheckpointWriter, type CheckpointOptions } from './checkpoints';
import type { DriveOutcome, DriverDeps } from './deps';
import { startLeaseTimers } from './lease-timers';
import { LoopBookkeeping } from './loops';
import { queueRetry } from './retry-node';
import { collectInputs, errorData, runNodeEnv, type RunNodeEnv } from './run-node';
import { type Completion, RunningNodes } from './running-nodes';

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

export type { DriveOutcome, DriverDeps, ExecutionEvents } from './deps';

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

class Drive {
  private readonly def: WorkflowDefinition;
  private readonly g: GraphIndex;
  private readonly registry: NodeRegistry;
  private state: ExecutionState;
  private readonly outcomes: Map<string, NodeOutcome>;
  private readonly deadline: Date;
  private readonly checkpoints: CheckpointWriter;
  private readonly nodes: RunningNodes;
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
    const startedAt = e.startedAt ?? clock.now();
    const timeoutSeconds = this.def.settings.timeoutSeconds ?? deps.limits.workflowTimeoutSeconds;
    this.deadline = e.deadlineAt ?? new Date(startedAt.getTime() + timeoutSeconds * 1000);
    this.env = runNodeEnv(run_, deps, clock, startedAt);
    this.admission = {
      maxParallel: effectiveMaxParallel(deps.limits, this.def.settings.maxParallelNodes),
      maxTotalOperations: deps.limits.maxTotalOperations,
      maxHttpCalls: deps.limits.maxHttpCalls,
      countsAsHttpCall: (t) => this.registry.get(t)?.httpCall === true,
    };
    this.nodes = new RunningNodes({
      def: this.def,
      g: this.g,
      registry: this.registry,
      outcomes: this.outcomes,
      loops: this.loops,
      env: this.env,
      clock,
      signal: this.abort.signal,
      state: () => this.state,
    });
    this.checkpoints = new CheckpointWriter({
      store: deps.store,
      executionId: e.id,
      fence: run_.fence,
      leaseMs: deps.leaseMs,
      trigger: e.trigger,
      startedAt,
      deadline: this.deadline,
      deadlineWritten: e.deadlineAt !== null,
      clock,
      logger: this.env.logger,
      nodeType: (nodeId) => this.g.nodes.get(nodeId)?.type ?? 'unknown',
      ...(deps.observer ? { observer: deps.observer } : {}),
      onWritten: () => deps.events?.changed(e.id),
    });
  }

  private get id(): string {
    return this.run_.execution.id;
  }

  private now(): number {
    return this.clock.now().getTime();
  }

  async run(): Promise<DriveOutcome> {
    const stopTimers = startLeaseTimers({
      leaseMs: this.deps.leaseMs,
      renew: () => this.deps.store.renew(this.id, this.run_.fence, this.deps.leaseMs),
      onLost: () => this.loseLease(),
      msUntilDeadline: this.deadline.getTime() - this.now(),
      onDeadline: () => {
        this.timedOut = true;
        this.abort.abort(new EngineError('TIMEOUT', this.timeoutMessage(), { retryable: false }));
        this.nodes.wake();
      },
    });
    try {
      return await this.loop();
    } finally {
      stopTimers();
      if (!this.abort.signal.aborted) this.abort.abort(new EngineError('CANCELED', 'the drive ended'));
    }
  }

  private loseLease(): void {
    if (this.lost) return;
    this.lost = true;
    this.abort.abort(new EngineError('CANCELED', 'this worker lost the execution to another one'));
    this.nodes.wake();
  }

  private timeoutMessage(): string {
    const seconds = this.def.settings.timeoutSeconds ?? this.deps.limits.workflowTimeoutSeconds;
    return `the execution did not finish within its timeout of ${seconds} s`;
  }

  private async loop(): Promise<DriveOutcome> {
    for (;;) {
      if (this.lost) return { kind: 'lost' };
      if (this.timedOut || this.now() >= this.deadline.getTime()) return this.finishTimedOut();
      this.nodes.launch();
      if (this.nodes.idle()) {
        const due = this.nodes.earliestDue();
        if (due !== undefined) return this.wait(new Date(Math.min(due, this.deadline.getTime())));
        // Nothing queued, nothing running: the planner would have finished; finish defensively.
        return this.finish(this.succeeded(this.clock.now()));
      }
      const c = await this.nodes.next();
      if (!c) continue;
      const { finish } = this.apply(c);
      if (finish) return this.finish(finish);
      const batchFull = this.checkpoints.batchFull(this.deps.checkpointEverySteps, this.deps.checkpointEveryMs);
      if (((c.type.sideEffects && !c.check) || batchFull) && !(await this.checkpoint({ release: false })))
        return { kind: 'lost' };
    }
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
    this.checkpoints.record(
      ref,
      c.attempt,
      failure ? 'failed' : 'succeeded',
      c.input,
      output,
      serialized,
      c.startedAt,
      c.finishedAt,
    );
    if (stale) return {};

    if (retry) {
      queueRetry(this.state, ref, ns!, this.admission, {
        attempt: c.attempt + 1,
        dueAt: c.finishedAt.getTime() + retryDelayMs(policy, c.attempt),
        isHttp: this.admission.countsAsHttpCall!(node.type),
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
    this.checkpoints.record(loop, loopState?.attempt ?? 1, 'failed', input, null, failed.error, startedAt, at);
    return this.settleFailure(loop, failed.error, at);
  }

  /** Takes an advance: records skipped steps, completes loops that ran their last iteration, finishes. */
  private applyAdvance(first: Advance, at: Date): { finish?: ExecutionFinish } {
    const pending: Advance[] = [first];
    while (pending.length) {
      const adv = pending.shift()!;
      this.state = adv.state;
      for (const s of adv.skipped) this.checkpoints.record(s, 1, 'skipped', null, null, null, at, at);
      for (const it of adv.iterationsDone) this.loops.forgetIteration(it.loop, it.scope);
      for (const done of adv.loopsDone) {
        const r = this.completeLoop(done, at);
        if (r.finish) return r;
        if (r.advance) pending.push(r.advance);
      }
      if (adv.finished && pending.length === 0) {
        return { finish: this.succeeded(at) };
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
      this.checkpoints.record(loop, attempt, 'failed', input, null, completed.error, startedAt, at);
      return this.settleFailure(loop, completed.error, at);
    }
    this.checkpoints.record(loop, attempt, 'succeeded', input, completed.results, null, startedAt, at);
    this.outcomes.set(nodeKey(loop.nodeId, loop.scope), {
      status: 'succeeded',
      output: completed.results,
      error: null,
    });
    return {
      advance: settleNode(this.def, this.state, loop, { status: 'succeeded', handles: ['done'] }, this.admission),
    };
  }

  private succeeded(finishedAt: Date): ExecutionFinish {
    return { status: 'succeeded', output: this.executionOutput(), error: null, errorNodeId: null, finishedAt };
  }

  /** The body of the first respond node, else the output of the last top-level node to succeed. */
  private executionOutput(): Json | null {
    if (this.state.response) return this.state.response.body;
    if (!this.state.lastSucceeded) return null;
    return this.outcomes.get(nodeKey(this.state.lastSucceeded))?.output ?? null;
  }

  private async checkpoint(opts: CheckpointOptions): Promise<boolean> {
    const ok = await this.checkpoints.write(this.state, opts);
    if (!ok) this.loseLease();
    return ok;
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
    while (this.nodes.running() > 0 && this.now() < settleBy) await new Promise((r) => setTimeout(r, 10));
    const error: SerializedError = { code: 'TIMEOUT', message, retryable: false };
    let errorNodeId: string | null = null;
    for (const c of this.nodes.drain()) {
      errorNodeId ??= c.node.id;
      this.checkpoints.record(
        c.ref,
        c.attempt,
        'failed',
        c.input,
        null,
        { ...error, nodeId: c.node.id },
        c.startedAt,
        c.finishedAt,
      );
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
