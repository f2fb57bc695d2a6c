/** Pure helpers behind JsonTree.tsx: kinds, summaries, default expansion, truncation. */

export type JsonKind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

/** Nodes deeper than this start collapsed (root is depth 0). */
export const EXPANDED_DEPTH = 2;
/** Strings longer than this are cut, with "show more". */
export const STRING_PREVIEW_CHARS = 160;

export function kindOf(value: unknown): JsonKind {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'object':
      return 'object';
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'string';
  }
}

export function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  const kind = kindOf(value);
  return kind === 'object' || kind === 'array';
}

export function isExpandedByDefault(depth: number): boolean {
  return depth <= EXPANDED_DEPTH;
}

/** Child entries of an object or array, as [key, value] (array keys are indexes). */
export function entriesOf(value: Record<string, unknown> | unknown[]): Array<[string, unknown]> {
  return Array.isArray(value) ? value.map((v, i) => [String(i), v]) : Object.entries(value);
}

/** What a collapsed container shows: "{ 3 keys }", "[ 1 item ]". */
export function summarize(value: Record<string, unknown> | unknown[]): string {
  const n = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (Array.isArray(value)) return `[ ${n} ${n === 1 ? 'item' : 'items'} ]`;
  return `{ ${n} ${n === 1 ? 'key' : 'keys'} }`;
}

/** A primitive as JSON writes it: strings quoted and escaped, undefined as null. */
export function formatPrimitive(value: unknown): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? String(value);
}

/** A string value cut to `max` characters (quoted), and whether it was cut. */
export function previewString(
  value: string,
  expanded: boolean,
  max = STRING_PREVIEW_CHARS,
): { text: string; truncated: boolean } {
  if (expanded || value.length <= max) return { text: JSON.stringify(value), truncated: false };
  return { text: `${JSON.stringify(value.slice(0, max)).slice(0, -1)}…"`, truncated: true };
}

/** What Copy puts on the clipboard. */
export function toPrettyJson(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2);
}
