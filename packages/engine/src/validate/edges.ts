import type { WorkflowDefinition, WorkflowEdge, WorkflowNode } from '../definition';
import { defaultRegistry, type NodeRegistry } from '../nodes/registry';
import { errorAt, type Problem } from './problem';

/** Edge ids are unique, both ends exist, no edge repeats another, and its handles exist on its nodes. */
export function checkEdges(def: WorkflowDefinition, registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const nodes = new Map(def.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const pairs = new Set<string>();
  for (const edge of def.edges) {
    if (seen.has(edge.id))
      problems.push(errorAt('DUPLICATE_ID', { edgeId: edge.id }, `edge id "${edge.id}" is used more than once`));
    seen.add(edge.id);
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    problems.push(...missingEnds(edge, source, target));
    if (!source || !target) continue;
    const pair = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`;
    if (pairs.has(pair)) {
      const message = `edge "${edge.id}" duplicates another edge from "${edge.source}" (${edge.sourceHandle}) to "${edge.target}"`;
      problems.push(errorAt('INVALID_EDGE', { edgeId: edge.id }, message));
    }
    pairs.add(pair);
    problems.push(...checkEnds(edge, source, target, registry));
  }
  return problems;
}

function missingEnds(edge: WorkflowEdge, source?: WorkflowNode, target?: WorkflowNode): Problem[] {
  const problems: Problem[] = [];
  if (!source)
    problems.push(
      errorAt('MISSING_NODE', { edgeId: edge.id }, `edge "${edge.id}" comes from missing node "${edge.source}"`),
    );
  if (!target)
    problems.push(
      errorAt('MISSING_NODE', { edgeId: edge.id }, `edge "${edge.id}" goes to missing node "${edge.target}"`),
    );
  return problems;
}

/** What an edge between two existing nodes may not do: loop onto itself, leave by a missing handle, enter a trigger. */
function checkEnds(edge: WorkflowEdge, source: WorkflowNode, target: WorkflowNode, registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  if (edge.source === edge.target) {
    const message = `edge "${edge.id}" connects node "${edge.source}" to itself`;
    problems.push(errorAt('CYCLE', { edgeId: edge.id, nodeId: edge.source }, message));
  }
  if (registry.get(source.type)) {
    const handles = outputHandles(source, registry);
    if (!handles.includes(edge.sourceHandle)) {
      const has = handles.length ? ` (has: ${handles.join(', ')})` : ' (it has no outputs)';
      const message = `edge "${edge.id}": node "${source.id}" (${source.type}) has no output "${edge.sourceHandle}"${has}`;
      problems.push(errorAt('INVALID_HANDLE', { edgeId: edge.id, nodeId: source.id }, message));
    }
  }
  if (registry.get(target.type)?.starts === true) {
    const message = `edge "${edge.id}": node "${target.id}" (${target.type}) takes no input`;
    problems.push(errorAt('INVALID_EDGE', { edgeId: edge.id, nodeId: target.id }, message));
  }
  return problems;
}

/** Output handles of a node, including `error` where the type has one. */
export function outputHandles(node: WorkflowNode, registry: NodeRegistry = defaultRegistry): string[] {
  const type = registry.get(node.type);
  if (!type) return [];
  const handles = type.handles(node.parameters);
  return type.hasErrorHandle === false ? handles : [...handles, 'error'];
}
