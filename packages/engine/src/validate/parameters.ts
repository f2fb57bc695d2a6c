import type { z } from 'zod';
import type { WorkflowNode } from '../definition';
import { checkTemplate, hasExpression } from '../expressions';
import type { NodeRegistry } from '../nodes/registry';
import { errorAt, type Problem } from './problem';

type NodeType = NonNullable<ReturnType<NodeRegistry['get']>>;

/** Node ids are unique, there is exactly one trigger, and every node's parameters fit its type. */
export function checkNodes(nodes: WorkflowNode[], registry: NodeRegistry): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const node of nodes) {
    if (seen.has(node.id))
      problems.push(errorAt('DUPLICATE_ID', { nodeId: node.id }, `node id "${node.id}" is used more than once`));
    seen.add(node.id);
  }
  const triggers = nodes.filter((n) => registry.get(n.type)?.starts === true);
  if (triggers.length !== 1) {
    problems.push(
      errorAt(
        'TRIGGER_COUNT',
        triggers[1] ? { nodeId: triggers[1].id } : {},
        `a workflow needs exactly one trigger node, found ${triggers.length}`,
      ),
    );
  }
  for (const node of nodes) problems.push(...checkParameters(node, registry));
  return problems;
}

function checkParameters(node: WorkflowNode, registry: NodeRegistry): Problem[] {
  const type = registry.get(node.type);
  if (!type) {
    const known = registry.types().join(', ');
    const message = `node "${node.id}" has unknown type "${node.type}" (known: ${known})`;
    return [errorAt('UNKNOWN_NODE_TYPE', { nodeId: node.id }, message)];
  }
  const shape = type.params.shape as Record<string, z.ZodType>;
  const problems = unknownParameters(node, shape);
  for (const [key, schema] of Object.entries(shape)) problems.push(...checkParameter(node, type, key, schema));
  if (type.check && !problems.some((p) => p.code === 'UNKNOWN_PARAMETER')) {
    for (const p of type.check(node.parameters)) {
      const message = `node "${node.id}" parameter "${p.param}": ${p.message}`;
      problems.push(errorAt('INVALID_PARAMETER', { nodeId: node.id, path: `parameters.${p.param}` }, message));
    }
  }
  return problems;
}

function unknownParameters(node: WorkflowNode, shape: Record<string, z.ZodType>): Problem[] {
  // Own keys only: `constructor` or `toString` is `in` every object.
  return Object.keys(node.parameters)
    .filter((key) => !Object.hasOwn(shape, key))
    .map((key) =>
      errorAt(
        'UNKNOWN_PARAMETER',
        { nodeId: node.id, path: `parameters.${key}` },
        `node "${node.id}" (${node.type}) has unknown parameter "${key}"`,
      ),
    );
}

/** One declared parameter: present if required, its templates parse, and a literal fits the schema. */
function checkParameter(node: WorkflowNode, type: NodeType, key: string, schema: z.ZodType): Problem[] {
  const value = node.parameters[key];
  const place = { nodeId: node.id, path: `parameters.${key}` };
  if (value === undefined) {
    return schema.safeParse(undefined).success
      ? []
      : [
          errorAt(
            'MISSING_PARAMETER',
            place,
            `node "${node.id}" (${node.type}) is missing required parameter "${key}"`,
          ),
        ];
  }
  const templates = collectTemplates(value);
  const problems = templates.flatMap((t) =>
    checkTemplate(t).map((msg) => errorAt('INVALID_EXPRESSION', place, `node "${node.id}" parameter "${key}": ${msg}`)),
  );
  if (templates.length > 0 && type.literalParams?.includes(key)) {
    const message = `node "${node.id}" parameter "${key}" must be a literal value, not an expression`;
    return [...problems, errorAt('INVALID_PARAMETER', place, message)];
  }
  // A value that is an expression is checked when it runs; a literal is checked now.
  if (hasExpression(value) || templates.length > 0) return problems;
  const result = schema.safeParse(value);
  if (!result.success) {
    const detail = result.error.issues[0]?.message ?? 'is invalid';
    problems.push(errorAt('INVALID_PARAMETER', place, `node "${node.id}" parameter "${key}": ${detail}`));
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
