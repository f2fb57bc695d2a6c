import type { WorkflowDefinition, WorkflowEdge } from '../definition';
import { defaultRegistry } from '../nodes/registry';
import { indexGraph } from './graph-index';
import { cloneState, isSettled, nodeKey, nodeState, setNodeState, type ExecutionState, type NodeRunState } from './state';

/**
 * Decides what runs next (SPEC §2). Pure: takes a state, returns a new one.
 *
 * A node becomes ready when every incoming edge is settled and at least one carries data;
 * when all its incoming edges were skipped it is skipped too and skips its outgoing edges
 * (dead-path elimination), so an `if` whose branches re-join runs the join once.
 */

export interface AdmissionLimits {
  maxParallel: number;
  maxTotalOperations: number;
  maxHttpCalls: number;
  /** Whether a node type's runs count toward MAX_HTTP_CALLS (its `httpCall` trait); default: the built-in registry. */
  countsAsHttpCall?: (nodeType: string) => boolean;
}

const builtInHttpCall = (nodeType: string) => defaultRegistry.get(nodeType)?.httpCall === true;

export interface Advance {
  state: ExecutionState;
  /** Nodes admitted now: enqueue a job for each. */
  enqueue: string[];
  /** Nodes skipped now (record a skipped step for each). */
  skipped: string[];
  /** Nothing is queued or ready: the execution is over. */
  finished: boolean;
}

export function initialState(def: WorkflowDefinition): ExecutionState {
  const { trigger } = indexGraph(def);
  const state: ExecutionState = { v: 1, nodes: {}, ops: 1, http: 0 };
  setNodeState(state, nodeKey(trigger.id), { s: 'queued', a: 1 });
  return state;
}

/** Marks a node settled with the handles that carry data, then advances. */
export function settleNode(
  def: WorkflowDefinition,
  state: ExecutionState,
  nodeId: string,
  settled: { status: 'succeeded' | 'failed'; handles: string[] },
  limits: AdmissionLimits,
): Advance {
  const next = cloneState(state);
  setNodeState(next, nodeKey(nodeId), { s: settled.status, h: settled.handles });
  if (settled.status === 'succeeded') next.last = nodeId;
  return advance(def, next, limits, [nodeId]);
}

/** Whether an edge carries data given the source's settled state. */
function edgeActive(edge: WorkflowEdge, source: NodeRunState): boolean {
  return (source.s === 'succeeded' || source.s === 'failed') && (source.h ?? []).includes(edge.sourceHandle);
}

/** Settles successors of `changed` nodes (ready or skipped) and admits ready nodes up to the limits. */
export function advance(def: WorkflowDefinition, state: ExecutionState, limits: AdmissionLimits, changed: string[]): Advance {
  const g = indexGraph(def);
  const next = state;
  const skipped: string[] = [];
  const work = [...changed];
  while (work.length) {
    const id = work.pop()!;
    for (const edge of g.outgoing.get(id) ?? []) {
      const target = edge.target;
      if (nodeState(next, nodeKey(target))) continue;
      const incoming = g.incoming.get(target) ?? [];
      if (!incoming.every((e) => isSettled(nodeState(next, nodeKey(e.source))))) continue;
      if (incoming.some((e) => edgeActive(e, nodeState(next, nodeKey(e.source))!))) {
        setNodeState(next, nodeKey(target), { s: 'ready' });
      } else {
        setNodeState(next, nodeKey(target), { s: 'skipped', h: [] });
        skipped.push(target);
        work.push(target);
      }
    }
  }

  // Admission: ready nodes in definition order, while parallel slots remain.
  let running = 0;
  const ready: string[] = [];
  for (const [key, ns] of Object.entries(next.nodes)) {
    if (ns.s === 'queued') running++;
    else if (ns.s === 'ready') ready.push(key);
  }
  ready.sort((a, b) => (g.order.get(a) ?? 0) - (g.order.get(b) ?? 0));
  const enqueue: string[] = [];
  for (const key of ready) {
    if (running >= limits.maxParallel) break;
    const node = g.nodes.get(key)!;
    next.ops += 1;
    const admitted: NodeRunState = { s: 'queued', a: 1 };
    if (next.ops > limits.maxTotalOperations) admitted.lim = `MAX_TOTAL_OPERATIONS (${limits.maxTotalOperations})`;
    if ((limits.countsAsHttpCall ?? builtInHttpCall)(node.type)) {
      next.http += 1;
      if (next.http > limits.maxHttpCalls) admitted.lim ??= `MAX_HTTP_CALLS (${limits.maxHttpCalls})`;
    }
    setNodeState(next, key, admitted);
    enqueue.push(key);
    running++;
  }
  const finished = running === 0 && Object.values(next.nodes).every((ns) => ns.s !== 'ready');
  return { state: next, enqueue, skipped, finished };
}

/** Nodes whose jobs should exist (used to re-enqueue after a crash between commit and enqueue). */
export function queuedNodes(state: ExecutionState): string[] {
  return Object.entries(state.nodes)
    .filter(([, ns]) => ns.s === 'queued')
    .map(([key]) => key);
}

/** Active incoming edges of a node, in edge order (defines $input / $inputs). */
export function activeIncomingEdges(def: WorkflowDefinition, state: ExecutionState, nodeId: string): WorkflowEdge[] {
  const g = indexGraph(def);
  return (g.incoming.get(nodeId) ?? []).filter((e) => {
    const src = nodeState(state, nodeKey(e.source));
    return src !== undefined && edgeActive(e, src);
  });
}

export { cloneState };
