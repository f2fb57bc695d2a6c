import { WorkflowDefinition } from '@weft/engine';

/**
 * JSON with object keys sorted at every depth (arrays keep their order): two documents
 * that mean the same are the same string, whatever order a file or Postgres' jsonb kept.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = Object.create(null);
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}

/**
 * A definition with the engine's defaults applied (edge `sourceHandle: "out"`, empty
 * `settings`/`variables`, node `name`/`position`…), as the server stores it; a document the
 * schema refuses is returned as it is (it compares unequal to any valid one).
 */
export function normalizeDefinition(doc: unknown): unknown {
  const parsed = WorkflowDefinition.safeParse(doc);
  return parsed.success ? parsed.data : doc;
}

/** Whether two definition documents are the same once defaults are applied. */
export function sameDefinition(a: unknown, b: unknown): boolean {
  return canonicalJson(normalizeDefinition(a)) === canonicalJson(normalizeDefinition(b));
}
