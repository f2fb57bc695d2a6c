import type { WorkflowDefinition, WorkflowNode } from '../definition';
import { NonRetryableError, toSerializedError, type EngineError, type SerializedError } from '../errors';
import type { NodeOutcome } from '../execution-store';
import { jsonByteLength, type Json } from '../json';
import type { EngineLimits } from '../limits';
import type { NodeResult } from '../nodes/define-node';
import type { GraphIndex } from '../planner/graph-index';
import { iterate, type Advance, type AdmissionLimits, type LoopDone } from '../planner/planner';
import {
  iterationPrefix,
  iterationScope,
  nodeKey,
  parseScope,
  scopeDepth,
  type ExecutionState,
  type NodeRef,
  type NodeRunState,
} from '../planner/state';

/** What a loop node's run returned: the items to iterate over, or whether to run the body again. */
type Iterate = NodeResult['iterate'];

/**
 * The driver's loop bookkeeping (SPEC §3): a loop node's limits, opening its iterations, what
 * `$item`/`$index` are while a `while` loop checks its condition, collecting its results in
 * order, and forgetting the outcomes of iterations that closed. The planner decides which
 * iterations are open; this keeps the drive's outcomes in step with it, so memory stays
 * O(iterations), not O(steps).
 *
 * `outcomes` is the drive's own map (the latest settled outcome per node key): this changes it.
 */
export class LoopBookkeeping {
  constructor(
    private readonly def: WorkflowDefinition,
    private readonly g: GraphIndex,
    private readonly outcomes: Map<string, NodeOutcome>,
    private readonly limits: EngineLimits,
  ) {}

  /** The result of one iteration: the output of the loop body's last node in that iteration. */
  iterationResult(loop: NodeRef, index: number): Json {
    const terminal = this.g.loops.get(loop.nodeId)?.terminal;
    if (!terminal) return null;
    return this.outcomes.get(nodeKey(terminal, iterationScope(loop.scope, loop.nodeId, index)))?.output ?? null;
  }

  /**
   * `$item`/`$index` while a `while` loop checks its condition: the iteration about to run and
   * the previous one's result (the loop's own input before the first).
   */
  whileCheckScope(ref: NodeRef, nextIndex: number, input: Json): { item: Json; index: number } {
    return { item: nextIndex === 0 ? input : this.iterationResult(ref, nextIndex - 1), index: nextIndex };
  }

  /**
   * MAX_LOOP_DEPTH, and MAX_LOOP_ITERATIONS / the node's `maxIterations`, checked as a loop
   * starts and before each `while` iteration.
   */
  limitBreach(node: WorkflowNode, ref: NodeRef, it: Iterate, ns: NodeRunState): EngineError | undefined {
    const limits = this.limits;
    const id = node.id;
    if (!it)
      return new NonRetryableError('NODE_FAILED', `loop "${id}" did not say what to iterate over`, { nodeId: id });
    if (!ns.loop && scopeDepth(ref.scope) + 1 > limits.maxLoopDepth) {
      return new NonRetryableError(
        'LIMIT_EXCEEDED',
        `loop "${id}" is nested more than MAX_LOOP_DEPTH (${limits.maxLoopDepth}) deep`,
        { nodeId: id },
      );
    }
    const own = it.maxIterations;
    const max = Math.min(own ?? Infinity, limits.maxLoopIterations);
    const which =
      own !== undefined && own < limits.maxLoopIterations
        ? `its maxIterations (${own})`
        : `MAX_LOOP_ITERATIONS (${limits.maxLoopIterations})`;
    if ('items' in it && it.items.length > max) {
      return new NonRetryableError('LIMIT_EXCEEDED', `loop "${id}" has ${it.items.length} items, more than ${which}`, {
        nodeId: id,
      });
    }
    const next = ns.loop?.nextIndex ?? 0;
    if ('again' in it && it.again && next >= max) {
      return new NonRetryableError(
        'LIMIT_EXCEEDED',
        `loop "${id}" would run iteration ${next + 1}, more than ${which}`,
        {
          nodeId: id,
        },
      );
    }
    return undefined;
  }

  /** A loop node's parameters are in: the planner opens its iterations (or, for `while`, the next one or none). */
  startIterations(
    state: ExecutionState,
    c: { ref: NodeRef; it: Iterate; input: Json; startedAt: Date },
    ns: NodeRunState,
    admission: AdmissionLimits,
  ): Advance {
    const startedAt = ns.loop?.startedAt ?? c.startedAt.getTime();
    if (c.it && 'items' in c.it) {
      const { items, concurrency } = c.it;
      return iterate(this.def, state, c.ref, { kind: 'items', items, concurrency, startedAt }, admission);
    }
    const { item } = this.whileCheckScope(c.ref, ns.loop?.nextIndex ?? 0, c.input);
    return iterate(this.def, state, c.ref, { kind: 'while', again: c.it?.again === true, item, startedAt }, admission);
  }

  /**
   * A loop ran its last iteration: its output is the iterations' results, in order — or an
   * error when they are more than MAX_PAYLOAD_BYTES. Its iterations' outcomes are forgotten.
   */
  complete(done: LoopDone): { ok: true; results: Json[] } | { ok: false; error: SerializedError } {
    const loop = { scope: done.scope, nodeId: done.nodeId };
    const results: Json[] = [];
    for (let i = 0; i < done.count; i++) results.push(this.iterationResult(loop, i));
    this.forgetIterations(loop);
    const max = this.limits.maxPayloadBytes;
    if (jsonByteLength(results) <= max) return { ok: true, results };
    const error = new NonRetryableError(
      'LIMIT_EXCEEDED',
      `output of node "${loop.nodeId}" exceeds MAX_PAYLOAD_BYTES (${max} bytes)`,
      { nodeId: loop.nodeId },
    );
    return { ok: false, error: toSerializedError(error, loop.nodeId) };
  }

  /**
   * A node inside an iteration failed for good: the loop it belongs to fails, with an error that
   * names the iteration (counted from 1, as the viewer shows it) and its scope. Undefined at the
   * top level. The loop's iterations' outcomes are forgotten.
   */
  failLoopOf(ref: NodeRef, error: SerializedError): { loop: NodeRef; error: SerializedError } | undefined {
    const parsed = parseScope(ref.scope);
    if (!parsed) return undefined;
    const loop = { scope: parsed.parent, nodeId: parsed.loopId };
    this.forgetIterations(loop);
    return {
      loop,
      error: {
        code: error.code,
        message: `iteration ${parsed.index + 1} (${ref.scope}) of loop "${loop.nodeId}" failed: ${error.message}`,
        retryable: false,
        nodeId: loop.nodeId,
      },
    };
  }

  /** An iteration closed: only its result is still needed. */
  forgetIteration(loop: NodeRef, scope: string): void {
    const info = this.g.loops.get(loop.nodeId);
    for (const id of info?.owned ?? []) if (id !== info?.terminal) this.outcomes.delete(nodeKey(id, scope));
  }

  /** A loop finished or failed: its iterations' outcomes (nested ones too) are no longer needed. */
  private forgetIterations(loop: NodeRef): void {
    const prefix = iterationPrefix(loop.scope, loop.nodeId);
    for (const key of this.outcomes.keys()) if (key.startsWith(prefix)) this.outcomes.delete(key);
  }
}
