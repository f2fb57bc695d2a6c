import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '../definition';

/** Adjacency built once per (immutable) definition object. */
export interface GraphIndex {
  nodes: Map<string, WorkflowNode>;
  order: Map<string, number>;
  incoming: Map<string, WorkflowEdge[]>;
  outgoing: Map<string, WorkflowEdge[]>;
  trigger: WorkflowNode;
}

const cache = new WeakMap<WorkflowDefinition, GraphIndex>();

export function indexGraph(def: WorkflowDefinition): GraphIndex {
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
  const trigger = def.nodes.find((n) => n.type === 'trigger');
  if (!trigger) throw new Error('definition has no trigger node');
  idx = { nodes, order, incoming, outgoing, trigger };
  cache.set(def, idx);
  return idx;
}
