/**
 * Puts a definition's keys in the order people write them (name, nodes, edges…; a node's
 * id, type, name…), for files that live in git: Postgres' jsonb hands keys back shortest
 * first, which reads badly and would reorder every exported file. Unknown keys follow, as
 * they were; values are untouched (parameters keep their own order).
 */
const TOP = ['id', 'name', 'description', 'nodes', 'edges', 'settings', 'variables'];
const NODE = ['id', 'type', 'name', 'position', 'parameters', 'settings', 'disabled', 'notes'];
const EDGE = ['id', 'source', 'sourceHandle', 'target'];

export function orderDefinitionKeys(doc: unknown): unknown {
  if (!isObject(doc)) return doc;
  const out = ordered(doc, TOP);
  if (Array.isArray(out.nodes)) out.nodes = out.nodes.map((n) => (isObject(n) ? ordered(n, NODE) : n));
  if (Array.isArray(out.edges)) out.edges = out.edges.map((e) => (isObject(e) ? ordered(e, EDGE) : e));
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function ordered(obj: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (Object.prototype.hasOwnProperty.call(obj, k)) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!keys.includes(k)) out[k] = obj[k];
  return out;
}
