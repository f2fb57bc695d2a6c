/**
 * Reads a node type's parameter JSON Schema (what GET /api/node-types returns) into the
 * inspector's field kinds and a new node's default parameters. Pure.
 */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
}

export type FieldKind = 'enum' | 'code' | 'string' | 'number' | 'boolean' | 'keyValue' | 'stringList' | 'expression';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  options?: string[];
  schema: JsonSchema;
}

export function fieldKind(key: string, s: JsonSchema): FieldKind {
  if (Array.isArray(s.enum)) return 'enum';
  const t = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  if (t === 'string') return s.format === 'code' || key === 'source' ? 'code' : 'string';
  if (t === 'number' || t === 'integer') return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'object' && s.additionalProperties !== undefined && s.additionalProperties !== false && !s.properties)
    return 'keyValue';
  if (t === 'array' && s.items?.type === 'string') return 'stringList';
  return 'expression';
}

export function fieldSpecs(schema: JsonSchema | undefined): FieldSpec[] {
  const props = schema?.properties ?? {};
  const required = new Set(schema?.required ?? []);
  return Object.entries(props).map(([key, s]) => ({
    key,
    kind: fieldKind(key, s),
    required: required.has(key),
    description: s.description,
    options: Array.isArray(s.enum) ? s.enum.map(String) : undefined,
    schema: s,
  }));
}

/** Parameters for a freshly added node: schema defaults, plus an empty value for required fields. */
export function defaultParameters(schema: JsonSchema | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fieldSpecs(schema)) {
    if (f.schema.default !== undefined) out[f.key] = structuredClone(f.schema.default);
    else if (f.required) out[f.key] = emptyValue(f.kind);
  }
  return out;
}

function emptyValue(kind: FieldKind): unknown {
  switch (kind) {
    case 'keyValue':
      return {};
    case 'stringList':
      return [];
    case 'boolean':
      return false;
    default:
      return '';
  }
}

/** Text typed into an expression/JSON field → the stored value: JSON when it parses, else the text. */
export function parseLooseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed.includes('{{')) return text;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

export function formatLooseValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
