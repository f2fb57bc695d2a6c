import type { Json } from '../json';
import type { RespondValue } from '../nodes/define-node';

/**
 * The planner's view of one execution, written only by the lease holder's checkpoints and
 * stored as JSON on the execution row in a compact form (state-codec.ts: storage adapters
 * encode and decode it there and never read its keys). It holds one *frame* per active scope: the root frame
 * (`nodes`: every node outside loops) and one frame per loop iteration that is open now
 * (`scopes`, keyed by scope path: `loop1[3]`, `loop1[3]/loop2[0]`). A finished iteration's
 * frame is dropped — its steps are in the steps table and its result is read back from there
 * — so the state of a 10,000-iteration loop stays as small as `concurrency` frames.
 *
 * Node ids may be `constructor` or `__proto__`, so frames are read and written only through
 * nodeState()/setNodeState(), never with `nodes[key]`.
 *
 * - ready:   all inputs settled, waiting for a parallel slot
 * - queued:  admitted: the driver runs it (now, or at `dueAt` for a retry's backoff). A loop
 *            node is queued to evaluate `items`, and a `while` loop again before each iteration
 * - looping: a loop node whose iterations are running (`loop`)
 * - succeeded / failed / skipped: settled; `handles` lists the output handles that carry data
 */
export type NodeRunStatus = 'ready' | 'queued' | 'looping' | 'succeeded' | 'failed' | 'skipped';

/** A loop node's progress through its iterations. */
export interface LoopProgress {
  /** `items` loops: the items, fixed when the loop started (absent for `while` loops). */
  items?: Json[];
  /** The next iteration index to open (= iterations opened so far). */
  nextIndex: number;
  /** Iterations open now (at most `concurrency`). */
  openIterations: number[];
  /** Iterations allowed at once (the node's `concurrency`; always 1 for `while`). */
  concurrency: number;
  /** When the loop began (epoch ms): its step's `startedAt`. */
  startedAt: number;
}

export interface NodeRunState {
  status: NodeRunStatus;
  /** Handles that carry data (settled nodes only). */
  handles?: string[];
  /** Current attempt (1-based) of a queued node. */
  attempt?: number;
  /** Set at admission when running this node would breach a limit: it fails without running. */
  breachedLimit?: string;
  /** A queued retry may not run before this time (epoch ms): its backoff. */
  dueAt?: number;
  /** A loop node that has started iterating. */
  loop?: LoopProgress;
}

/** The nodes of one scope. The root frame is the state itself. */
export interface Frame {
  nodes: Record<string, NodeRunState>;
}

/** One open loop iteration: its nodes, and what `$item` / `$index` are in it. */
export interface ScopeFrame extends Frame {
  item: Json;
  index: number;
}

export interface ExecutionState extends Frame {
  /** Open loop iterations by scope path; absent while there are none. */
  scopes?: Record<string, ScopeFrame>;
  /** Node runs admitted so far (MAX_TOTAL_OPERATIONS). */
  operations: number;
  /** `http` node runs admitted so far (MAX_HTTP_CALLS). */
  httpCalls: number;
  /** The top-level node that succeeded last (execution output when no respond node ran). */
  lastSucceeded?: string;
  /** The first respond node's response. */
  response?: RespondValue;
}

export const SETTLED: ReadonlySet<NodeRunStatus> = new Set(['succeeded', 'failed', 'skipped']);

/** A node in a scope, as one string: `nodeId`, or `scope/nodeId` inside loops (node ids have no `/`). */
export function nodeKey(nodeId: string, scope = ''): string {
  return scope ? `${scope}/${nodeId}` : nodeId;
}

export interface NodeRef {
  scope: string;
  nodeId: string;
}

export function splitKey(key: string): NodeRef {
  const i = key.lastIndexOf('/');
  return i < 0 ? { scope: '', nodeId: key } : { scope: key.slice(0, i), nodeId: key.slice(i + 1) };
}

/** The scope of iteration `index` of loop `loopId` that runs in scope `parent`. */
export function iterationScope(parent: string, loopId: string, index: number): string {
  return nodeKey(`${loopId}[${index}]`, parent);
}

/** Every iteration scope of a loop starts with this (node ids have no `[`). */
export function iterationPrefix(parent: string, loopId: string): string {
  return nodeKey(`${loopId}[`, parent);
}

const LAST_SEGMENT = /(?:^|\/)([^/[]+)\[(\d+)\]$/;

/** The loop and index an iteration scope belongs to; undefined for the root scope. */
export function parseScope(scope: string): { parent: string; loopId: string; index: number } | undefined {
  if (!scope) return undefined;
  const m = LAST_SEGMENT.exec(scope);
  if (!m) return undefined;
  return { parent: scope.slice(0, m.index), loopId: m[1]!, index: Number(m[2]) };
}

/** How many loops deep a scope is (0 at the top level). */
export function scopeDepth(scope: string): number {
  if (!scope) return 0;
  let n = 0;
  for (const ch of scope) if (ch === '[') n++;
  return n;
}

/**
 * Whether a top-level node has settled with a result: until one has, a resumed drive needs no
 * outcomes (so a fresh run costs the store no read of steps).
 */
export function hasSettledNodes(state: ExecutionState): boolean {
  for (const ns of Object.values(state.nodes)) if (ns.status === 'succeeded' || ns.status === 'failed') return true;
  return false;
}

export function isSettled(s: NodeRunState | undefined): boolean {
  return s !== undefined && SETTLED.has(s.status);
}

/** A frame by scope path; undefined for an iteration that is not open (finished, or dropped). */
export function frameOf(state: ExecutionState, scope: string): Frame | undefined {
  if (!scope) return state;
  return state.scopes && Object.hasOwn(state.scopes, scope) ? state.scopes[scope] : undefined;
}

/** A node's run state in a frame: own keys only, so `constructor` is never Object's constructor. */
export function nodeState(frame: Frame | undefined, nodeId: string): NodeRunState | undefined {
  return frame && Object.hasOwn(frame.nodes, nodeId) ? frame.nodes[nodeId] : undefined;
}

/** Sets a node's run state as an own key; `nodes.__proto__ = …` would replace the prototype. */
export function setNodeState(frame: Frame, nodeId: string, ns: NodeRunState): void {
  Object.defineProperty(frame.nodes, nodeId, { value: ns, enumerable: true, writable: true, configurable: true });
}

/** A node's run state by key (`scope/nodeId`). */
export function nodeStateAt(state: ExecutionState, key: string): NodeRunState | undefined {
  const { scope, nodeId } = splitKey(key);
  return nodeState(frameOf(state, scope), nodeId);
}

/** A copy whose frames may be changed; spreading copies own keys (`__proto__` included) as own keys. */
export function cloneState(state: ExecutionState): ExecutionState {
  const next: ExecutionState = { ...state, nodes: { ...state.nodes } };
  if (state.scopes) {
    const scopes: Record<string, ScopeFrame> = {};
    for (const [k, f] of Object.entries(state.scopes)) scopes[k] = { ...f, nodes: { ...f.nodes } };
    next.scopes = scopes;
  }
  return next;
}

/** Every frame with its scope path, the root first, then iterations in the order they opened. */
export function* frames(state: ExecutionState): Generator<[string, Frame]> {
  yield ['', state];
  if (state.scopes) for (const [k, f] of Object.entries(state.scopes)) yield [k, f];
}
