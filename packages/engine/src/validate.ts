import type { z } from 'zod';
import { WorkflowDefinition } from './definition';
import { defaultRegistry, type NodeRegistry } from './nodes/registry';
import { checkEdges } from './validate/edges';
import { checkGraph } from './validate/graph';
import { checkLoops } from './validate/loops';
import { checkNodes } from './validate/parameters';
import type { Problem } from './validate/problem';

export { outputHandles } from './validate/edges';
export type { Problem } from './validate/problem';

export type ValidationResult =
  | { ok: true; definition: WorkflowDefinition; errors: []; warnings: Problem[] }
  | { ok: false; definition?: WorkflowDefinition; errors: Problem[]; warnings: Problem[] };

/** Validates a definition document; reports every problem at once. */
export function validateDefinition(doc: unknown, registry: NodeRegistry = defaultRegistry): ValidationResult {
  const parsed = WorkflowDefinition.safeParse(doc);
  if (!parsed.success) {
    return { ok: false, errors: documentProblems(doc, parsed.error), warnings: [] };
  }
  const def = parsed.data;
  const problems = [...checkNodes(def.nodes, registry), ...checkEdges(def, registry)];
  // The graph checks tolerate edges to missing nodes, but not ambiguous (duplicate) ids.
  if (!problems.some((p) => p.code === 'DUPLICATE_ID')) {
    const graph = checkGraph(def, registry);
    problems.push(...graph);
    // Loop bodies are only well-defined on an acyclic graph with known edges.
    if (!graph.some((p) => p.code === 'CYCLE') && !problems.some((p) => p.code === 'MISSING_NODE'))
      problems.push(...checkLoops(def, registry));
  }
  const errors = problems.filter((p) => p.severity === 'error');
  const warnings = problems.filter((p) => p.severity === 'warning');
  return errors.length === 0
    ? { ok: true, definition: def, errors: [], warnings }
    : { ok: false, definition: def, errors, warnings };
}

function documentProblems(doc: unknown, error: z.ZodError): Problem[] {
  const nodes = (doc as { nodes?: unknown[] } | null)?.nodes;
  const edges = (doc as { edges?: unknown[] } | null)?.edges;
  return error.issues.map((issue) => {
    const path = issue.path.map(String);
    const problem: Problem = {
      severity: 'error',
      code: 'INVALID_DOCUMENT',
      path: path.join('.'),
      message: `${path.join('.') || 'document'}: ${issue.message}`,
    };
    // Name the node/edge by id when the issue is inside one, so the editor can outline it.
    const idx = Number(path[1]);
    if (path[0] === 'nodes' && Array.isArray(nodes) && Number.isInteger(idx)) {
      const id = (nodes[idx] as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') problem.nodeId = id;
    }
    if (path[0] === 'edges' && Array.isArray(edges) && Number.isInteger(idx)) {
      const id = (edges[idx] as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string') problem.edgeId = id;
    }
    return problem;
  });
}
