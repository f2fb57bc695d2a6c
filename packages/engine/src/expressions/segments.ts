/**
 * Splits a template string into literal text and `{{ … }}` expression segments.
 *
 * Hand-written rather than a regex because JSONata object constructors contain braces:
 * `{{ {'a': {'b': 1}} }}` must end at the last `}}`, not the first. The scan tracks string
 * literals, comments and brace depth inside a segment.
 */
export type Segment = { kind: 'text'; text: string } | { kind: 'expr'; source: string; start: number };

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly position: number,
  ) {
    super(message);
    this.name = 'TemplateSyntaxError';
  }
}

export function hasExpression(value: unknown): value is string {
  return typeof value === 'string' && value.includes('{{');
}

const containsCache = new WeakMap<object, boolean>();

/** Whether any string inside `value` (objects and arrays too) holds `{{`; cached per object (definitions are immutable). */
export function containsExpression(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('{{');
  if (value === null || typeof value !== 'object') return false;
  let known = containsCache.get(value);
  if (known === undefined) {
    known = Array.isArray(value) ? value.some(containsExpression) : Object.values(value).some(containsExpression);
    containsCache.set(value, known);
  }
  return known;
}

export function splitTemplate(template: string): Segment[] {
  const segments: Segment[] = [];
  let i = 0;
  let textStart = 0;
  while (i < template.length) {
    if (template[i] === '{' && template[i + 1] === '{') {
      if (i > textStart) segments.push({ kind: 'text', text: template.slice(textStart, i) });
      const end = findSegmentEnd(template, i + 2);
      if (end < 0) throw new TemplateSyntaxError(`unclosed "{{" at position ${i}`, i);
      segments.push({ kind: 'expr', source: template.slice(i + 2, end).trim(), start: i });
      i = end + 2;
      textStart = i;
    } else {
      i++;
    }
  }
  if (textStart < template.length) segments.push({ kind: 'text', text: template.slice(textStart) });
  return segments;
}

/** Index of the `}}` closing a segment whose body starts at `from`, or -1. */
function findSegmentEnd(s: string, from: number): number {
  let depth = 0;
  let i = from;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '"' || c === "'" || c === '`') {
      i = skipQuoted(s, i, c);
      continue;
    }
    if (c === '/' && s[i + 1] === '*') {
      const close = s.indexOf('*/', i + 2);
      if (close < 0) return -1;
      i = close + 2;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      if (depth === 0 && s[i + 1] === '}') return i;
      if (depth > 0) depth--;
    }
    i++;
  }
  return -1;
}

function skipQuoted(s: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < s.length) {
    if (s[i] === '\\') i += 2;
    else if (s[i] === quote) return i + 1;
    else i++;
  }
  return i;
}

/** True when the whole (trimmed) template is one expression segment: its value keeps its type. */
export function isSingleExpression(segments: Segment[]): boolean {
  const meaningful = segments.filter((s) => s.kind === 'expr' || s.text.trim() !== '');
  return meaningful.length === 1 && meaningful[0]!.kind === 'expr';
}
