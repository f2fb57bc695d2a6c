/**
 * Reading an OpenAPI 3.1 document for the API docs page: operations grouped by tag, `$ref`s
 * resolved against the components, and a one-line type for each schema. Pure, unit-tested.
 */

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  additionalProperties?: boolean | JsonSchema;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  example?: unknown;
}

interface MediaType {
  schema?: JsonSchema;
}

export interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

export interface OperationObject {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
  security?: Array<Record<string, string[]>>;
}

export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; description?: string };
  paths: Record<string, Record<string, OperationObject>>;
  components?: { schemas?: Record<string, JsonSchema>; securitySchemes?: Record<string, { description?: string }> };
}

export interface DocOperation {
  method: string;
  path: string;
  op: OperationObject;
}

const METHOD_ORDER = ['get', 'post', 'put', 'patch', 'delete'];

/** Operations by tag, in the document's tag order (first appearance), each tag's in path order. */
export function operationsByTag(doc: OpenApiDocument): Array<{ tag: string; operations: DocOperation[] }> {
  const groups = new Map<string, DocOperation[]>();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHOD_ORDER) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags?.[0] ?? 'Other';
      groups.set(tag, [...(groups.get(tag) ?? []), { method, path, op }]);
    }
  }
  return [...groups.entries()].map(([tag, operations]) => ({ tag, operations }));
}

/** The component name a `$ref` points at (`#/components/schemas/Workflow` → `Workflow`). */
export function refName(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/** The schema a `$ref` names, or the schema itself. */
export function resolve(doc: OpenApiDocument, schema: JsonSchema): JsonSchema {
  let s = schema;
  for (let i = 0; s.$ref && i < 10; i++) s = doc.components?.schemas?.[refName(s.$ref)] ?? {};
  return s;
}

/** `null`-unions read as "nullable": `anyOf: [X, {type: null}]` → X, true. */
export function withoutNull(schema: JsonSchema): { schema: JsonSchema; nullable: boolean } {
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const rest = variants.filter((v) => v.type !== 'null');
    if (rest.length === 1 && rest.length < variants.length) return { schema: rest[0]!, nullable: true };
  }
  if (Array.isArray(schema.type) && schema.type.includes('null')) {
    const types = schema.type.filter((t) => t !== 'null');
    return { schema: { ...schema, type: types.length === 1 ? types[0] : types }, nullable: true };
  }
  return { schema, nullable: false };
}

/** A one-line type: `string (uuid)`, `Workflow`, `array of Step`, `"a" | "b"`, `integer ≥ 1`, `any`. */
export function typeLabel(doc: OpenApiDocument, schema: JsonSchema | undefined): string {
  if (!schema) return 'any';
  const { schema: s, nullable } = withoutNull(schema);
  const base = labelOf(doc, s);
  return nullable ? `${base} | null` : base;
}

function labelOf(doc: OpenApiDocument, s: JsonSchema): string {
  if (s.$ref) return refName(s.$ref);
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const variants = s.anyOf ?? s.oneOf;
  if (variants) return variants.map((v) => typeLabel(doc, v)).join(' | ');
  if (s.type === 'array') return `array of ${typeLabel(doc, s.items)}`;
  if (s.type === 'object' || s.properties) {
    if (!s.properties && s.additionalProperties && typeof s.additionalProperties === 'object')
      return `object of ${typeLabel(doc, s.additionalProperties)}`;
    return 'object';
  }
  if (Array.isArray(s.type)) return s.type.join(' | ');
  if (!s.type) return 'any';
  // zod's `int()` bounds every integer by ±MAX_SAFE_INTEGER: not worth a word.
  const bound = (n: number | undefined) => n !== undefined && Math.abs(n) < Number.MAX_SAFE_INTEGER;
  const bounds = [
    bound(s.minimum) ? `≥ ${s.minimum}` : null,
    bound(s.maximum) ? `≤ ${s.maximum}` : null,
    s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : null,
  ].filter(Boolean);
  return [s.format ? `${s.type} (${s.format})` : s.type, ...bounds].join(' ');
}

/** The fields of an object schema (after `$ref`), with whether each is required. */
export function fieldsOf(
  doc: OpenApiDocument,
  schema: JsonSchema | undefined,
): Array<{ name: string; schema: JsonSchema; required: boolean }> {
  if (!schema) return [];
  const s = resolve(doc, withoutNull(resolve(doc, schema)).schema);
  const required = new Set(s.required ?? []);
  return Object.entries(s.properties ?? {}).map(([name, field]) => ({
    name,
    schema: field,
    required: required.has(name),
  }));
}

/** The schema an answer's or a body's JSON holds, if any. */
export function jsonSchemaOf(media: Record<string, MediaType> | undefined): JsonSchema | undefined {
  return media?.['application/json']?.schema;
}

/** Who may call it, in words: "Public" or the schemes (session, bearer…). */
export function securityLabel(op: OperationObject): string {
  if (!op.security || op.security.length === 0) return 'Public';
  return op.security
    .map((s) => Object.keys(s)[0] ?? 'none')
    .map((k) => (k === 'none' ? 'no credentials (allowlisted address)' : k))
    .join(' or ');
}
