import type { WorkflowDefinition, WorkflowEdge } from '../definition';
import type { NodeRegistry } from '../nodes/registry';
import { errorAt, type Problem } from './problem';

type Outgoing = Map<string, WorkflowEdge[]>;

/** The graph has no cycle (loops are nodes, not back edges); a node the trigger can't reach is a warning. */
export function checkGraph(def: WorkflowDefinition, registry: NodeRegistry): Problem[] {
  const out: Outgoing = new Map();
  for (const n of def.nodes) out.set(n.id, []);
  for (const e of def.edges) if (e.source !== e.target) out.get(e.source)?.push(e);
  return [...findCycles(def, out), ...findUnreachable(def, registry, out)];
}

/** Iterative DFS with colours, reporting the back edge that closes each cycle. */
function findCycles(def: WorkflowDefinition, out: Outgoing): Problem[] {
  const problems: Problem[] = [];
  const WHITE = 0,
    GREY = 1,
    BLACK = 2;
  const colour = new Map<string, number>(def.nodes.map((n) => [n.id, WHITE]));
  for (const root of def.nodes) {
    if (colour.get(root.id) !== WHITE) continue;
    const stack: Array<{ id: string; i: number }> = [{ id: root.id, i: 0 }];
    colour.set(root.id, GREY);
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const edges = out.get(top.id)!;
      if (top.i >= edges.length) {
        colour.set(top.id, BLACK);
        stack.pop();
        continue;
      }
      const edge = edges[top.i++]!;
      const c = colour.get(edge.target);
      if (c === GREY) {
        const message = `edge "${edge.id}" (${edge.source} → ${edge.target}) closes a cycle; use a loop node instead of back edges`;
        problems.push(errorAt('CYCLE', { edgeId: edge.id, nodeId: edge.target }, message));
      } else if (c === WHITE) {
        colour.set(edge.target, GREY);
        stack.push({ id: edge.target, i: 0 });
      }
    }
  }
  return problems;
}

function findUnreachable(def: WorkflowDefinition, registry: NodeRegistry, out: Outgoing): Problem[] {
  const trigger = def.nodes.find((n) => registry.get(n.type)?.starts === true);
  if (!trigger) return [];
  const reached = new Set<string>([trigger.id]);
  const queue = [trigger.id];
  while (queue.length) {
    for (const e of out.get(queue.shift()!) ?? []) {
      if (!reached.has(e.target)) {
        reached.add(e.target);
        queue.push(e.target);
      }
    }
  }
  return def.nodes
    .filter((n) => !reached.has(n.id))
    .map(
      (n): Problem => ({
        severity: 'warning',
        code: 'UNREACHABLE',
        nodeId: n.id,
        message: `node "${n.id}" is not reachable from the trigger and will never run`,
      }),
    );
}
