import type { WorkflowDefinition, WorkflowEdge } from '../definition';
import type { Json } from '../json';
import { defaultRegistry, type NodeRegistry } from '../nodes/registry';
import { BODY_HANDLE, DONE_HANDLE, indexGraph, type GraphIndex } from './graph-index';
import {
  cloneState,
  frameOf,
  frames,
  isSettled,
  iterationPrefix,
  iterationScope,
  nodeKey,
  nodeState,
  parseScope,
  setNodeState,
  type ExecutionState,
  type Frame,
  type LoopProgress,
  type NodeRef,
  type NodeRunState,
  type ScopeFrame,
} from './state';

/**
 * Decides what runs next (SPEC §2, §3). Pure: takes a state, returns a new one.
 *
 * A node becomes ready when every incoming edge is settled and at least one carries data;
 * when all its incoming edges were skipped it is skipped too and skips its outgoing edges
 * (dead-path elimination), so an `if` whose branches re-join runs the join once.
 *
 * Loops: a loop node that starts iterating opens one frame per iteration (up to its
 * concurrency); inside a frame the loop's `body` edges carry the iteration's item. A frame
 * whose nodes have all settled closes: the loop opens the next iteration (or, for `while`,
 * is queued to check its condition again), and after the last one settles on `done`.
 */

export interface AdmissionLimits {
  maxParallel: number;
  maxTotalOperations: number;
  maxHttpCalls: number;
  /** Whether a node type's runs count toward MAX_HTTP_CALLS (its `httpCall` trait); default: the built-in registry. */
  countsAsHttpCall?: (nodeType: string) => boolean;
}

const builtInHttpCall = (nodeType: string) => defaultRegistry.get(nodeType)?.httpCall === true;

export interface LoopDone {
  scope: string;
  nodeId: string;
  /** Iterations it ran: its results are those iterations' terminal outputs, in order. */
  count: number;
  /** When it started (epoch ms). */
  startedAt: number;
}

export interface Advance {
  state: ExecutionState;
  /** Node keys admitted now (`scope/nodeId`): the driver runs them. */
  enqueue: string[];
  /** Nodes skipped now (record a skipped step for each). */
  skipped: NodeRef[];
  /** Iterations whose frames closed now. */
  iterationsDone: Array<{ loop: NodeRef; index: number; scope: string }>;
  /** Loops that settled on `done` now: record their step with the results. */
  loopsDone: LoopDone[];
  /** Nothing is queued, ready or looping: the execution is over. */
  finished: boolean;
}

/** The state of a new execution: its starting node (the trigger) queued, nothing else decided. */
export function initialState(def: WorkflowDefinition, registry: NodeRegistry = defaultRegistry): ExecutionState {
  const { start: trigger } = indexGraph(def, registry);
  const state: ExecutionState = { nodes: {}, operations: 1, httpCalls: 0 };
  setNodeState(state, trigger.id, { status: 'queued', attempt: 1 });
  return state;
}

/** Marks a node settled with the handles that carry data, then advances. */
export function settleNode(
  def: WorkflowDefinition,
  state: ExecutionState,
  ref: NodeRef | string,
  settled: { status: 'succeeded' | 'failed'; handles: string[] },
  limits: AdmissionLimits,
): Advance {
  const at = typeof ref === 'string' ? { scope: '', nodeId: ref } : ref;
  const next = cloneState(state);
  const frame = frameOf(next, at.scope);
  if (!frame) return advance(def, next, limits, []);
  setNodeState(frame, at.nodeId, { status: settled.status, handles: settled.handles });
  if (settled.status === 'succeeded' && !at.scope) next.lastSucceeded = at.nodeId;
  return advance(def, next, limits, [at]);
}

export type LoopDecision =
  /** `items` evaluated: open iterations for them. */
  | { kind: 'items'; items: Json[]; concurrency: number; startedAt: number }
  /** `while` checked: `again` opens iteration `next` with `item` (the previous result), else the loop is done. */
  | { kind: 'while'; again: boolean; item: Json; startedAt: number };

/** A queued loop node finished evaluating its parameters: start (or continue) iterating. */
export function iterate(
  def: WorkflowDefinition,
  state: ExecutionState,
  ref: NodeRef,
  decision: LoopDecision,
  limits: AdmissionLimits,
): Advance {
  const g = indexGraph(def);
  const next = cloneState(state);
  const out = emptyAdvance(next);
  const frame = frameOf(next, ref.scope);
  const current = nodeState(frame, ref.nodeId);
  if (!frame || !current) return admit(g, out, limits);
  const lp: LoopProgress = current.loop
    ? { ...current.loop, openIterations: [...current.loop.openIterations] }
    : {
        nextIndex: 0,
        openIterations: [],
        concurrency: 1,
        startedAt: decision.startedAt,
        ...(decision.kind === 'items' ? { items: decision.items, concurrency: decision.concurrency } : {}),
      };
  const node: NodeRunState = { status: 'looping', loop: lp, ...(current.attempt ? { attempt: current.attempt } : {}) };
  setNodeState(frame, ref.nodeId, node);
  const work: NodeRef[] = [];
  if (decision.kind === 'items') {
    openIterations(next, ref, node, work);
    if (lp.openIterations.length === 0) finishLoop(next, ref, node, out, work);
  } else if (decision.again) {
    openIteration(next, ref, lp, decision.item, work);
  } else {
    finishLoop(next, ref, node, out, work);
  }
  propagate(g, next, work, out);
  return admit(g, out, limits);
}

/**
 * A loop's iteration failed and nothing in it handled the failure: close all of the loop's
 * open iterations (nested ones too). The caller then settles the loop node as failed.
 * In-flight nodes of those iterations find their frame gone and are not planned further.
 */
export function dropIterations(state: ExecutionState, loop: NodeRef): ExecutionState {
  const next = cloneState(state);
  if (!next.scopes) return next;
  const prefix = iterationPrefix(loop.scope, loop.nodeId);
  for (const key of Object.keys(next.scopes)) if (key.startsWith(prefix)) delete next.scopes[key];
  if (Object.keys(next.scopes).length === 0) delete next.scopes;
  return next;
}

/** Settles successors of `changed` nodes (ready or skipped) and admits ready nodes up to the limits. */
export function advance(
  def: WorkflowDefinition,
  state: ExecutionState,
  limits: AdmissionLimits,
  changed: NodeRef[] | string[],
): Advance {
  const g = indexGraph(def);
  const out = emptyAdvance(state);
  const work = changed.map((c) => (typeof c === 'string' ? { scope: '', nodeId: c } : c));
  propagate(g, state, work, out);
  return admit(g, out, limits);
}

function emptyAdvance(state: ExecutionState): Advance {
  return { state, enqueue: [], skipped: [], iterationsDone: [], loopsDone: [], finished: false };
}

const BODY_ENTRY: NodeRunState = { status: 'succeeded', handles: [BODY_HANDLE] };

/** The loop whose iteration a scope is; undefined at the top level. */
function scopeLoop(scope: string): string | undefined {
  return parseScope(scope)?.loopId;
}

/** An edge's source as seen from inside `scope`: the frame's own loop feeds its body with the item. */
function sourceState(frame: Frame, loopId: string | undefined, edge: WorkflowEdge): NodeRunState | undefined {
  if (loopId !== undefined && edge.source === loopId) return BODY_ENTRY;
  return nodeState(frame, edge.source);
}

/** Whether an edge carries data given the source's settled state. */
function edgeActive(edge: WorkflowEdge, source: NodeRunState): boolean {
  return (
    (source.status === 'succeeded' || source.status === 'failed') && (source.handles ?? []).includes(edge.sourceHandle)
  );
}

function propagate(g: GraphIndex, state: ExecutionState, work: NodeRef[], out: Advance): void {
  const touched = new Set<string>();
  for (;;) {
    while (work.length) {
      const { scope, nodeId } = work.pop()!;
      const frame = frameOf(state, scope);
      if (!frame) continue; // the iteration was dropped
      const loopId = scopeLoop(scope);
      if (scope) touched.add(scope);
      for (const edge of g.outgoing.get(nodeId) ?? []) {
        const target = edge.target;
        // Only nodes of this scope: a loop's body edges lead into its iterations' frames.
        if (g.owner.get(target) !== loopId) continue;
        if (nodeState(frame, target)) continue;
        const incoming = g.incoming.get(target) ?? [];
        if (!incoming.every((e) => isSettled(sourceState(frame, loopId, e)))) continue;
        if (incoming.some((e) => edgeActive(e, sourceState(frame, loopId, e)!))) {
          setNodeState(frame, target, { status: 'ready' });
        } else {
          setNodeState(frame, target, { status: 'skipped', handles: [] });
          out.skipped.push({ scope, nodeId: target });
          work.push({ scope, nodeId: target });
        }
      }
    }
    // Close the iterations whose nodes have all settled; that may settle their loop.
    let closed = false;
    for (const scope of touched) {
      touched.delete(scope);
      const frame = frameOf(state, scope) as ScopeFrame | undefined;
      const parsed = parseScope(scope);
      if (!frame || !parsed) continue;
      const loop = g.loops.get(parsed.loopId);
      if (!loop || !loop.owned.every((id) => isSettled(nodeState(frame, id)))) continue;
      closeIteration(state, { scope: parsed.parent, nodeId: parsed.loopId }, scope, parsed.index, out, work);
      closed = true;
    }
    if (!closed && work.length === 0) return;
  }
}

function closeIteration(
  state: ExecutionState,
  loop: NodeRef,
  scope: string,
  index: number,
  out: Advance,
  work: NodeRef[],
): void {
  delete state.scopes![scope];
  if (Object.keys(state.scopes!).length === 0) delete state.scopes;
  out.iterationsDone.push({ loop, index, scope });
  const parent = frameOf(state, loop.scope);
  const current = nodeState(parent, loop.nodeId);
  if (!parent || current?.status !== 'looping' || !current.loop) return;
  const node: NodeRunState = {
    ...current,
    loop: { ...current.loop, openIterations: current.loop.openIterations.filter((i) => i !== index) },
  };
  setNodeState(parent, loop.nodeId, node);
  if (node.loop!.items) {
    openIterations(state, loop, node, work);
    if (node.loop!.openIterations.length === 0 && node.loop!.nextIndex >= node.loop!.items.length)
      finishLoop(state, loop, node, out, work);
  } else {
    // `while`: check the condition again before the next iteration (not a new operation).
    setNodeState(parent, loop.nodeId, { ...node, status: 'queued', attempt: 1 });
    out.enqueue.push(nodeKey(loop.nodeId, loop.scope));
  }
}

/** Opens iterations of an `items` loop while it has items left and room under its concurrency. */
function openIterations(state: ExecutionState, loop: NodeRef, node: NodeRunState, work: NodeRef[]): void {
  const lp = node.loop!;
  const items = lp.items ?? [];
  while (lp.openIterations.length < lp.concurrency && lp.nextIndex < items.length)
    openIteration(state, loop, lp, items[lp.nextIndex]!, work);
}

function openIteration(
  state: ExecutionState,
  loop: NodeRef,
  lp: NonNullable<NodeRunState['loop']>,
  item: Json,
  work: NodeRef[],
): void {
  const index = lp.nextIndex++;
  lp.openIterations.push(index);
  const scope = iterationScope(loop.scope, loop.nodeId, index);
  const frame: ScopeFrame = { nodes: {}, item, index };
  state.scopes ??= {};
  Object.defineProperty(state.scopes, scope, { value: frame, enumerable: true, writable: true, configurable: true });
  // The loop node, seen from inside the frame, has settled on `body`: its targets become ready.
  work.push({ scope, nodeId: loop.nodeId });
}

function finishLoop(state: ExecutionState, loop: NodeRef, node: NodeRunState, out: Advance, work: NodeRef[]): void {
  const parent = frameOf(state, loop.scope)!;
  setNodeState(parent, loop.nodeId, { status: 'succeeded', handles: [DONE_HANDLE] });
  if (!loop.scope) state.lastSucceeded = loop.nodeId;
  out.loopsDone.push({
    scope: loop.scope,
    nodeId: loop.nodeId,
    count: node.loop!.nextIndex,
    startedAt: node.loop!.startedAt,
  });
  work.push(loop);
}

/** Admission: ready nodes (the root frame first, then iterations in order), while parallel slots remain. */
function admit(g: GraphIndex, out: Advance, limits: AdmissionLimits): Advance {
  const next = out.state;
  let running = 0;
  let busy = false;
  const ready: Array<{ frame: Frame; scope: string; id: string }> = [];
  for (const [scope, frame] of frames(next)) {
    const inFrame: Array<{ frame: Frame; scope: string; id: string }> = [];
    for (const [id, ns] of Object.entries(frame.nodes)) {
      if (ns.status === 'queued') running++;
      else if (ns.status === 'ready') inFrame.push({ frame, scope, id });
      else if (ns.status === 'looping') busy = true;
    }
    inFrame.sort((a, b) => (g.order.get(a.id) ?? 0) - (g.order.get(b.id) ?? 0));
    ready.push(...inFrame);
  }
  let admitted = 0;
  for (const r of ready) {
    if (running >= limits.maxParallel) break;
    const node = g.nodes.get(r.id)!;
    next.operations += 1;
    const ns: NodeRunState = { status: 'queued', attempt: 1 };
    if (next.operations > limits.maxTotalOperations)
      ns.breachedLimit = `MAX_TOTAL_OPERATIONS (${limits.maxTotalOperations})`;
    if ((limits.countsAsHttpCall ?? builtInHttpCall)(node.type)) {
      next.httpCalls += 1;
      if (next.httpCalls > limits.maxHttpCalls) ns.breachedLimit ??= `MAX_HTTP_CALLS (${limits.maxHttpCalls})`;
    }
    setNodeState(r.frame, r.id, ns);
    out.enqueue.push(nodeKey(r.id, r.scope));
    running++;
    admitted++;
  }
  out.finished = running === 0 && admitted === ready.length && !busy && !next.scopes;
  return out;
}

/** Nodes the driver should be running, as `scope/nodeId` keys. */
export function queuedNodes(state: ExecutionState): string[] {
  const keys: string[] = [];
  for (const [scope, frame] of frames(state)) {
    for (const [id, ns] of Object.entries(frame.nodes)) if (ns.status === 'queued') keys.push(nodeKey(id, scope));
  }
  return keys;
}

/** Active incoming edges of a node in a scope, in edge order (defines $input / $inputs). */
export function activeIncomingEdges(
  def: WorkflowDefinition,
  state: ExecutionState,
  nodeId: string,
  scope = '',
): WorkflowEdge[] {
  const g = indexGraph(def);
  const frame = frameOf(state, scope);
  if (!frame) return [];
  const loopId = scopeLoop(scope);
  return (g.incoming.get(nodeId) ?? []).filter((e) => {
    const src = sourceState(frame, loopId, e);
    return src !== undefined && edgeActive(e, src);
  });
}

export { cloneState };

/**
 * What a resumed drive needs from earlier steps (so a resume reads O(open work), not every
 * step ever recorded): outcomes in the root frame and in each open iteration, and — for a
 * loop still iterating — the result (last node's outcome) of each of its closed iterations.
 */
export interface OutcomeNeeds {
  scopes: string[];
  results: Array<{ nodeId: string; prefix: string }>;
}

export function outcomesNeeded(def: WorkflowDefinition, state: ExecutionState): OutcomeNeeds {
  const g = indexGraph(def);
  const scopes: string[] = [];
  const results: OutcomeNeeds['results'] = [];
  for (const [scope, frame] of frames(state)) {
    scopes.push(scope);
    for (const [id, ns] of Object.entries(frame.nodes)) {
      const terminal = ns.loop ? g.loops.get(id)?.terminal : undefined;
      if (terminal) results.push({ nodeId: terminal, prefix: iterationPrefix(scope, id) });
    }
  }
  return { scopes, results };
}

/** Whether a step's outcome is among the needs (the same rule the Postgres store runs in SQL). */
export function isOutcomeNeeded(needs: OutcomeNeeds, nodeId: string, scope: string): boolean {
  if (needs.scopes.includes(scope)) return true;
  return needs.results.some(
    (r) => r.nodeId === nodeId && scope.startsWith(r.prefix) && !scope.slice(r.prefix.length).includes('/'),
  );
}
