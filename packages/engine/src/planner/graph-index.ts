import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '../definition';
import { defaultRegistry, type NodeRegistry } from '../nodes/registry';

/** A loop node's body (SPEC §3): the nodes reachable from its `body` handle. */
export interface LoopInfo {
  id: string;
  /** Every node reachable from the `body` handle, nested loops' bodies included. */
  body: Set<string>;
  /** The nodes whose innermost loop is this one: what one iteration's frame holds. */
  owned: string[];
  /** The owned node whose output is an iteration's result (undefined if the body has none). */
  terminal: string | undefined;
  /** Nesting depth: 1 for a loop outside any other loop. */
  depth: number;
}

/** Adjacency and loop structure, built once per (immutable) definition object. */
export interface GraphIndex {
  nodes: Map<string, WorkflowNode>;
  order: Map<string, number>;
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
  /** The node whose type `starts` the execution (validation guarantees exactly one). */
  start: WorkflowNode;
  loops: Map<string, LoopInfo>;
  /** The innermost loop whose body holds a node; absent for top-level nodes. */
  owner: Map<string, string>;
}

export const BODY_HANDLE = 'body';
export const DONE_HANDLE = 'done';

const cache = new WeakMap<WorkflowDefinition, GraphIndex>();

export function indexGraph(def: WorkflowDefinition, registry: NodeRegistry = defaultRegistry): GraphIndex {
  let idx = cache.get(def);
  if (idx) return idx;
  const nodes = new Map(def.nodes.map((n) => [n.id, n]));
  const order = new Map(def.nodes.map((n, i) => [n.id, i]));
  const incoming = new Map<string, WorkflowEdge[]>(def.nodes.map((n) => [n.id, []]));
  const outgoing = new Map<string, WorkflowEdge[]>(def.nodes.map((n) => [n.id, []]));
  for (const e of def.edges) {
    incoming.get(e.target)?.push(e);
    outgoing.get(e.source)?.push(e);
  }
  const start = def.nodes.find((n) => registry.get(n.type)?.starts === true);
  if (!start) throw new Error('definition has no starting node (a trigger)');
  const { loops, owner } = loopStructure(def, registry, outgoing);
  idx = { nodes, order, incoming, outgoing, start, loops, owner };
  cache.set(def, idx);
  return idx;
}

/**
 * Bodies, owners and terminals of every loop node. Validation guarantees bodies nest (no edge
 * enters or leaves a body except through its loop), so the innermost loop of a node is the
 * one with the smallest body that holds it.
 */
export function loopStructure(
  def: WorkflowDefinition,
  registry: NodeRegistry,
  outgoing: Map<string, WorkflowEdge[]>,
): { loops: Map<string, LoopInfo>; owner: Map<string, string> } {
  const loops = new Map<string, LoopInfo>();
  for (const n of def.nodes) {
    if (registry.get(n.type)?.iterates !== true) continue;
    const body = new Set<string>();
    const queue = (outgoing.get(n.id) ?? []).filter((e) => e.sourceHandle === BODY_HANDLE).map((e) => e.target);
    while (queue.length) {
      const id = queue.pop()!;
      if (id === n.id || body.has(id)) continue;
      body.add(id);
      for (const e of outgoing.get(id) ?? []) queue.push(e.target);
    }
    loops.set(n.id, { id: n.id, body, owned: [], terminal: undefined, depth: 1 });
  }
  const owner = new Map<string, string>();
  for (const n of def.nodes) {
    let best: LoopInfo | undefined;
    for (const l of loops.values()) if (l.body.has(n.id) && (!best || l.body.size < best.body.size)) best = l;
    if (best) {
      owner.set(n.id, best.id);
      best.owned.push(n.id);
    }
  }
  for (const l of loops.values()) {
    for (const other of loops.values()) if (other.body.has(l.id)) l.depth++;
    l.terminal = terminalsOf(l, def, registry, outgoing, owner)[0];
  }
  return { loops, owner };
}

/**
 * Candidates for a body's result: owned nodes with an output (not `fail`) and no edge to
 * another node of the same iteration. SPEC §3 wants exactly one.
 */
export function terminalsOf(
  loop: LoopInfo,
  def: WorkflowDefinition,
  registry: NodeRegistry,
  outgoing: Map<string, WorkflowEdge[]>,
  owner: Map<string, string>,
): string[] {
  const nodes = new Map(def.nodes.map((n) => [n.id, n]));
  return loop.owned.filter((id) => {
    const node = nodes.get(id)!;
    const type = registry.get(node.type);
    const hasOutput = type !== undefined && (type.handles(node.parameters).length > 0 || type.hasErrorHandle !== false);
    return hasOutput && !(outgoing.get(id) ?? []).some((e) => owner.get(e.target) === loop.id);
  });
}
