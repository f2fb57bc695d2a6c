import type { WorkflowDefinition, WorkflowNode } from '../definition';
import type { NodeOutcome } from '../execution-store';
import { toJson, type Json } from '../json';
import type { NodeDefinition } from '../nodes/define-node';
import type { NodeRegistry } from '../nodes/registry';
import type { GraphIndex } from '../planner/graph-index';
import { queuedNodes } from '../planner/planner';
import { frameOf, nodeStateAt, splitKey, type ExecutionState, type NodeRef, type ScopeFrame } from '../planner/state';
import type { Clock } from '../ports';
import type { LoopBookkeeping } from './loops';
import { collectInputs, nodesInScope, runNode, type NodeRun, type RunNodeEnv, type ScopeVars } from './run-node';

export interface Completion {
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

/** What the nodes of one drive run with; `state` is read afresh, as the drive replaces it. */
export interface LaunchContext {
  def: WorkflowDefinition;
  g: GraphIndex;
  registry: NodeRegistry;
  outcomes: ReadonlyMap<string, NodeOutcome>;
  loops: LoopBookkeeping;
  env: RunNodeEnv;
  clock: Clock;
  /** Fires when the drive is aborted (deadline, lost lease): every running node stops. */
  signal: AbortSignal;
  state: () => ExecutionState;
}

/**
 * The nodes a drive runs at once: it launches the queued ones that are due and hands back
 * each as it finishes. A finished node stays `queued` in the state until the drive applies
 * it, so it is not launched twice.
 */
export class RunningNodes {
  private readonly inflight = new Set<string>();
  private readonly completed: Completion[] = [];
  private readonly unapplied = new Set<string>();
  private notify: (() => void) | undefined;

  constructor(private readonly c: LaunchContext) {}

  /** Nothing running and nothing finished left to apply. */
  idle(): boolean {
    return this.inflight.size === 0 && this.completed.length === 0;
  }

  running(): number {
    return this.inflight.size;
  }

  /** Finished nodes not applied (at a timeout: recorded as timed out). */
  drain(): Completion[] {
    return this.completed.splice(0);
  }

  /** Ends the wait in `next()` (the deadline passed, the lease was lost). */
  wake(): void {
    this.notify?.();
  }

  /** Starts every queued node that is due and not running or waiting to be applied. */
  launch(): void {
    const now = this.c.clock.now().getTime();
    for (const key of queuedNodes(this.c.state())) {
      if (this.inflight.has(key) || this.unapplied.has(key)) continue;
      const ns = nodeStateAt(this.c.state(), key)!;
      if ((ns.dueAt ?? 0) > now) continue;
      const ref = splitKey(key);
      const node = this.c.g.nodes.get(ref.nodeId);
      const type = node && this.c.registry.get(node.type);
      if (!node || !type) continue;
      this.inflight.add(key);
      const attempt = ns.attempt ?? 1;
      const check = type.iterates === true;
      const inputs = collectInputs(this.c.def, this.c.state(), ref, this.c.outcomes);
      const input = toJson(inputs.input);
      const vars = this.scopeVars(
        ref,
        check && node.parameters.while !== undefined ? (ns.loop ?? { nextIndex: 0 }) : undefined,
        input,
      );
      const startedAt = this.c.clock.now();
      void runNode(node, type, attempt, inputs, vars, this.c.env, this.c.signal, ns.breachedLimit).then((run) => {
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
          finishedAt: this.c.clock.now(),
          run,
        });
        this.notify?.();
      });
    }
  }

  /** `$item`/`$index` of the node's iteration, or of the iteration a `while` loop is about to run. */
  private scopeVars(ref: NodeRef, whileCheck: { nextIndex: number } | undefined, input: Json): ScopeVars {
    const nodes = () => nodesInScope(this.c.def, ref.scope, this.c.outcomes);
    if (whileCheck) return { nodes, ...this.c.loops.whileCheckScope(ref, whileCheck.nextIndex, input) };
    const frame = frameOf(this.c.state(), ref.scope) as ScopeFrame | undefined;
    return ref.scope && frame ? { nodes, item: frame.item, index: frame.index } : { nodes };
  }

  /** When the first queued node is due (undefined: none is queued). */
  earliestDue(): number | undefined {
    let due: number | undefined;
    for (const key of queuedNodes(this.c.state())) {
      const d = nodeStateAt(this.c.state(), key)!.dueAt ?? 0;
      due = due === undefined ? d : Math.min(due, d);
    }
    return due;
  }

  /** The next finished node, or null when woken for another reason (deadline, lost lease, a retry came due). */
  async next(): Promise<Completion | null> {
    const ready = this.completed.shift();
    if (ready) return this.taken(ready);
    const now = this.c.clock.now().getTime();
    const due = this.earliestDueAfter(now);
    await new Promise<void>((resolve) => {
      const timer = due === undefined ? undefined : setTimeout(resolve, due - now);
      this.notify = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.notify = undefined;
    const c = this.completed.shift();
    return c ? this.taken(c) : null;
  }

  /** Handed to the drive to apply: from now on the state says what became of it. */
  private taken(c: Completion): Completion {
    this.unapplied.delete(c.key);
    return c;
  }

  private earliestDueAfter(now: number): number | undefined {
    let due: number | undefined;
    for (const key of queuedNodes(this.c.state())) {
      if (this.inflight.has(key)) continue;
      const d = nodeStateAt(this.c.state(), key)!.dueAt ?? 0;
      if (d > now) due = due === undefined ? d : Math.min(due, d);
    }
    return due;
  }
}
