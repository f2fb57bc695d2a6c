import type { z } from 'zod';
import { WorkflowDefinition, type WorkflowEdge, type WorkflowNode } from './definition';
import { checkTemplate, hasExpression } from './expressions';
import { DEFAULT_LIMITS } from './limits';
import { defaultRegistry, type NodeRegistry } from './nodes/registry';
import { BODY_HANDLE, loopStructure, terminalsOf } from './planner/graph-index';

/** One validation finding, tied to the node or edge it concerns (SPEC §1). */
export interface Problem {
  severity: 'error' | 'warning';
  code:
    | 'INVALID_DOCUMENT'
    | 'TRIGGER_COUNT'
    | 'DUPLICATE_ID'
    | 'UNKNOWN_NODE_TYPE'
    | 'UNKNOWN_PARAMETER'
    | 'MISSING_PARAMETER'
    | 'INVALID_PARAMETER'
    | 'INVALID_EXPRESSION'
    | 'MISSING_NODE'
    | 'INVALID_HANDLE'
    | 'INVALID_EDGE'
    | 'CYCLE'
    | 'LOOP_BODY'
    | 'UNREACHABLE';
  message: string;
  nodeId?: string;
  edgeId?: string;
  path?: string;
}

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

function checkNodes(nodes: WorkflowNode[], registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    if (seen.has(node.id)) {
      problems.push({
        severity: 'error',
        code: 'DUPLICATE_ID',
        nodeId: node.id,
        message: `node id "${node.id}" is used more than once`,
      });
    }
    seen.add(node.id);
  }
  const triggers = nodes.filter((n) => registry.get(n.type)?.starts === true);
  if (triggers.length !== 1) {
    problems.push({
      severity: 'error',
      code: 'TRIGGER_COUNT',
      ...(triggers[1] ? { nodeId: triggers[1].id } : {}),
      message: `a workflow needs exactly one trigger node, found ${triggers.length}`,
    });
  }
  for (const node of nodes) problems.push(...checkParameters(node, registry));
  return problems;
}

function checkParameters(node: WorkflowNode, registry: NodeRegistry): Problem[] {
  const type = registry.get(node.type);
  if (!type) {
    return [
      {
        severity: 'error',
        code: 'UNKNOWN_NODE_TYPE',
        nodeId: node.id,
        message: `node "${node.id}" has unknown type "${node.type}" (known: ${registry.types().join(', ')})`,
      },
    ];
  }
  const problems: Problem[] = [];
  const shape = type.params.shape as Record<string, z.ZodType>;
  for (const key of Object.keys(node.parameters)) {
    // Own keys only: `constructor` or `toString` is `in` every object.
    if (!Object.hasOwn(shape, key)) {
      problems.push({
        severity: 'error',
        code: 'UNKNOWN_PARAMETER',
        nodeId: node.id,
        path: `parameters.${key}`,
        message: `node "${node.id}" (${node.type}) has unknown parameter "${key}"`,
      });
    }
  }
  for (const [key, schema] of Object.entries(shape)) {
    const value = node.parameters[key];
    const path = `parameters.${key}`;
    if (value === undefined) {
      if (!schema.safeParse(undefined).success) {
        problems.push({
          severity: 'error',
          code: 'MISSING_PARAMETER',
          nodeId: node.id,
          path,
          message: `node "${node.id}" (${node.type}) is missing required parameter "${key}"`,
        });
      }
      continue;
    }
    const templates = collectTemplates(value);
    for (const t of templates) {
      for (const msg of checkTemplate(t)) {
        problems.push({
          severity: 'error',
          code: 'INVALID_EXPRESSION',
          nodeId: node.id,
          path,
          message: `node "${node.id}" parameter "${key}": ${msg}`,
        });
      }
    }
    if (templates.length > 0 && type.literalParams?.includes(key)) {
      problems.push({
        severity: 'error',
        code: 'INVALID_PARAMETER',
        nodeId: node.id,
        path,
        message: `node "${node.id}" parameter "${key}" must be a literal value, not an expression`,
      });
      continue;
    }
    // A value that is an expression is checked when it runs; a literal is checked now.
    if (hasExpression(value)) continue;
    if (templates.length === 0) {
      const result = schema.safeParse(value);
      if (!result.success) {
        const detail = result.error.issues[0]?.message ?? 'is invalid';
        problems.push({
          severity: 'error',
          code: 'INVALID_PARAMETER',
          nodeId: node.id,
          path,
          message: `node "${node.id}" parameter "${key}": ${detail}`,
        });
      }
    }
  }
  if (type.check && !problems.some((p) => p.code === 'UNKNOWN_PARAMETER')) {
    for (const p of type.check(node.parameters)) {
      problems.push({
        severity: 'error',
        code: 'INVALID_PARAMETER',
        nodeId: node.id,
        path: `parameters.${p.param}`,
        message: `node "${node.id}" parameter "${p.param}": ${p.message}`,
      });
    }
  }
  return problems;
}

/**
 * SPEC §3: a loop's body (the nodes reachable from its `body` handle) has exactly one
 * terminal node (its result), no edge leaves it and none enters it except the loop's own
 * `body` edges; loops nest at most MAX_LOOP_DEPTH (its default; the configured value is
 * enforced when the loop runs).
 */
function checkLoops(def: WorkflowDefinition, registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const outgoing = new Map<string, WorkflowEdge[]>(def.nodes.map((n) => [n.id, []]));
  for (const e of def.edges) outgoing.get(e.source)?.push(e);
  const { loops, owner } = loopStructure(def, registry, outgoing);
  for (const loop of loops.values()) {
    if (loop.body.size === 0) {
      problems.push({
        severity: 'error',
        code: 'LOOP_BODY',
        nodeId: loop.id,
        message: `loop "${loop.id}" has no body: connect its "body" output to the nodes to run for each item`,
      });
      continue;
    }
    // A body is what its `body` edges reach, so an edge drawn from inside to a node outside
    // pulls that node in: find nodes of the body that also take input from outside it. If that
    // input comes from the loop's own done/error side, the body's edges into the node are the
    // ones that leave the body; else the outside edge is the one that enters it.
    const after = new Set<string>([loop.id]);
    const queue = (outgoing.get(loop.id) ?? []).filter((e) => e.sourceHandle !== BODY_HANDLE).map((e) => e.target);
    while (queue.length) {
      const id = queue.pop()!;
      if (after.has(id)) continue;
      after.add(id);
      for (const e of outgoing.get(id) ?? []) queue.push(e.target);
    }
    for (const id of loop.body) {
      const incoming = def.edges.filter((e) => e.target === id);
      const outside = incoming.filter(
        (e) => !loop.body.has(e.source) && !(e.source === loop.id && e.sourceHandle === BODY_HANDLE),
      );
      if (outside.length === 0) continue;
      const inside = outside.some((e) => after.has(e.source)) ? incoming.filter((e) => loop.body.has(e.source)) : [];
      for (const e of inside) {
        problems.push({
          severity: 'error',
          code: 'LOOP_BODY',
          edgeId: e.id,
          nodeId: e.source,
          message:
            `edge "${e.id}" leaves the body of loop "${loop.id}" (${e.source} → ${e.target}): connect ` +
            `what follows the loop to its "done" output`,
        });
      }
      if (inside.length === 0) {
        for (const e of outside) {
          problems.push({
            severity: 'error',
            code: 'LOOP_BODY',
            edgeId: e.id,
            nodeId: e.target,
            message:
              `edge "${e.id}" enters the body of loop "${loop.id}" from outside (${e.source} → ` +
              `${e.target}): a body's nodes take input only from the loop or from each other`,
          });
        }
      }
    }
    const terminals = terminalsOf(loop, def, registry, outgoing, owner);
    if (terminals.length !== 1) {
      problems.push({
        severity: 'error',
        code: 'LOOP_BODY',
        nodeId: loop.id,
        message:
          terminals.length === 0
            ? `the body of loop "${loop.id}" has no last node whose output could be an iteration's result`
            : `the body of loop "${loop.id}" must end in exactly one node (its output is the iteration's ` +
              `result); it ends in ${terminals.map((t) => `"${t}"`).join(', ')}: join them with a merge`,
      });
    }
    if (loop.depth > DEFAULT_LIMITS.maxLoopDepth) {
      problems.push({
        severity: 'error',
        code: 'LOOP_BODY',
        nodeId: loop.id,
        message: `loop "${loop.id}" is nested ${loop.depth} deep, more than MAX_LOOP_DEPTH (${DEFAULT_LIMITS.maxLoopDepth})`,
      });
    }
  }
  return problems;
}

/** Every string containing `{{` anywhere inside a parameter value. */
function collectTemplates(value: unknown, out: string[] = []): string[] {
  if (hasExpression(value)) out.push(value);
  else if (Array.isArray(value)) for (const v of value) collectTemplates(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collectTemplates(v, out);
  return out;
}

function checkEdges(def: WorkflowDefinition, registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const nodes = new Map(def.nodes.map((n) => [n.id, n]));
  const seen = new Set<string>();
  const pairs = new Set<string>();
  for (const edge of def.edges) {
    if (seen.has(edge.id))
      problems.push({
        severity: 'error',
        code: 'DUPLICATE_ID',
        edgeId: edge.id,
        message: `edge id "${edge.id}" is used more than once`,
      });
    seen.add(edge.id);
    const source = nodes.get(edge.source);
    const target = nodes.get(edge.target);
    if (!source)
      problems.push({
        severity: 'error',
        code: 'MISSING_NODE',
        edgeId: edge.id,
        message: `edge "${edge.id}" comes from missing node "${edge.source}"`,
      });
    if (!target)
      problems.push({
        severity: 'error',
        code: 'MISSING_NODE',
        edgeId: edge.id,
        message: `edge "${edge.id}" goes to missing node "${edge.target}"`,
      });
    if (!source || !target) continue;
    const pair = `${edge.source}\u0000${edge.sourceHandle}\u0000${edge.target}`;
    if (pairs.has(pair))
      problems.push({
        severity: 'error',
        code: 'INVALID_EDGE',
        edgeId: edge.id,
        message: `edge "${edge.id}" duplicates another edge from "${edge.source}" (${edge.sourceHandle}) to "${edge.target}"`,
      });
    pairs.add(pair);
    if (edge.source === edge.target) {
      problems.push({
        severity: 'error',
        code: 'CYCLE',
        edgeId: edge.id,
        nodeId: edge.source,
        message: `edge "${edge.id}" connects node "${edge.source}" to itself`,
      });
    }
    const sourceType = registry.get(source.type);
    const targetType = registry.get(target.type);
    if (sourceType) {
      const handles = outputHandles(source, registry);
      if (!handles.includes(edge.sourceHandle)) {
        problems.push({
          severity: 'error',
          code: 'INVALID_HANDLE',
          edgeId: edge.id,
          nodeId: source.id,
          message:
            `edge "${edge.id}": node "${source.id}" (${source.type}) has no output ` +
            `"${edge.sourceHandle}"${handles.length ? ` (has: ${handles.join(', ')})` : ' (it has no outputs)'}`,
        });
      }
    }
    if (targetType?.starts === true) {
      problems.push({
        severity: 'error',
        code: 'INVALID_EDGE',
        edgeId: edge.id,
        nodeId: target.id,
        message: `edge "${edge.id}": node "${target.id}" (${target.type}) takes no input`,
      });
    }
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

function checkGraph(def: WorkflowDefinition, registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const out = new Map<string, WorkflowEdge[]>();
  for (const n of def.nodes) out.set(n.id, []);
  for (const e of def.edges) if (e.source !== e.target) out.get(e.source)?.push(e);

  // Cycle detection: iterative DFS with colours, reporting the back edge that closes each cycle.
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
      if (top.i < edges.length) {
        const edge = edges[top.i++]!;
        const c = colour.get(edge.target);
        if (c === GREY) {
          problems.push({
            severity: 'error',
            code: 'CYCLE',
            edgeId: edge.id,
            nodeId: edge.target,
            message: `edge "${edge.id}" (${edge.source} → ${edge.target}) closes a cycle; use a loop node instead of back edges`,
          });
        } else if (c === WHITE) {
          colour.set(edge.target, GREY);
          stack.push({ id: edge.target, i: 0 });
        }
      } else {
        colour.set(top.id, BLACK);
        stack.pop();
      }
    }
  }

  const trigger = def.nodes.find((n) => registry.get(n.type)?.starts === true);
  if (trigger) {
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
    for (const n of def.nodes) {
      if (!reached.has(n.id)) {
        problems.push({
          severity: 'warning',
          code: 'UNREACHABLE',
          nodeId: n.id,
          message: `node "${n.id}" is not reachable from the trigger and will never run`,
        });
      }
    }
  }
  return problems;
}
