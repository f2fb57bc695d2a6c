import type { RespondValue } from '../nodes/define-node';

/**
 * The planner's view of one execution, stored as JSON on the execution row and changed only
 * under that row's lock. Keys are node keys (`nodeId`, or `scope/nodeId` inside loops).
 * Node ids may be `constructor` or `__proto__`, so `nodes` is read and written only through
 * nodeState()/setNodeState(), never with `nodes[key]`.
 *
 * - ready:   all inputs settled, waiting for a parallel slot
 * - queued:  admitted: the driver runs it (now, or at `due` for a retry's backoff)
 * - succeeded / failed / skipped: settled; `h` lists the output handles that carry data
 */
export type NodeRunStatus = 'ready' | 'queued' | 'succeeded' | 'failed' | 'skipped';

export interface NodeRunState {
  s: NodeRunStatus;
  /** Handles that carry data (settled nodes only). */
  h?: string[];
  /** Current attempt (1-based) of a queued node. */
  a?: number;
  /** Set at admission when running this node would breach a limit: it fails without running. */
  lim?: string;
  /** A queued retry may not run before this time (epoch ms): its backoff. */
  due?: number;
}

export interface ExecutionState {
  v: 1;
  nodes: Record<string, NodeRunState>;
  /** Node runs admitted so far (MAX_TOTAL_OPERATIONS). */
  ops: number;
  /** `http` node runs admitted so far (MAX_HTTP_CALLS). */
  http: number;
  /** The node that succeeded last (execution output when no respond node ran). */
  last?: string;
  /** The first respond node's response. */
  response?: RespondValue;
}

export const SETTLED: ReadonlySet<NodeRunStatus> = new Set(['succeeded', 'failed', 'skipped']);

export function nodeKey(nodeId: string, scope = ''): string {
  return scope ? `${scope}/${nodeId}` : nodeId;
}

export function isSettled(s: NodeRunState | undefined): boolean {
  return s !== undefined && SETTLED.has(s.s);
}

/** A node's run state: own keys only, so `constructor` is never Object's constructor. */
export function nodeState(state: ExecutionState, key: string): NodeRunState | undefined {
  return Object.hasOwn(state.nodes, key) ? state.nodes[key] : undefined;
}

/** Sets a node's run state as an own key; `nodes.__proto__ = …` would replace the prototype. */
export function setNodeState(state: ExecutionState, key: string, ns: NodeRunState): void {
  Object.defineProperty(state.nodes, key, { value: ns, enumerable: true, writable: true, configurable: true });
}

/** A copy whose `nodes` may be changed; spreading copies own keys (`__proto__` included) as own keys. */
export function cloneState(state: ExecutionState): ExecutionState {
  return { ...state, nodes: { ...state.nodes } };
}
