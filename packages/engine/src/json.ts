/** JSON values: what definitions, inputs and outputs are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Size in bytes of a value's JSON encoding (what the payload limits measure). */
export function jsonByteLength(value: unknown): number {
  const s = JSON.stringify(value);
  return s === undefined ? 0 : utf8Length(s);
}

/**
 * Normalises a value to plain JSON (drops undefined, functions, JSONata sequence flags) that
 * Postgres jsonb can store: U+0000 and lone UTF-16 surrogates, in strings and in keys, become
 * U+FFFD. Applied wherever a value enters an execution, so what a workflow sees in memory is
 * exactly what is stored (and what a re-run after a crash reads back).
 */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  const s = JSON.stringify(value);
  return s === undefined ? null : (JSON.parse(storableText(s)) as Json);
}

/**
 * The storage adapters' last line of defence: `value` itself when jsonb can hold it (the
 * usual case costs one JSON.stringify), else a copy with U+FFFD as toJson() makes it.
 */
export function storableJson<T>(value: T): T | Json {
  const s = JSON.stringify(value);
  if (s === undefined) return value;
  const clean = storableText(s);
  return clean === s ? value : (JSON.parse(clean) as Json);
}

/** A value's JSON text as jsonb can store it (as toJson() would make it); undefined for none. */
export function storableJsonText(value: unknown): string | undefined {
  const s = JSON.stringify(value);
  return s === undefined ? undefined : storableText(s);
}

// In JSON.stringify's output every backslash starts an escape, so scanning escape by escape
// (`\\` is one escape) never mistakes the text `\u0000` (an escaped backslash, then "u0000")
// for a NUL. It writes U+0000 as `\u0000` and a lone surrogate as `\udXXX`; a valid pair is
// written as is. jsonb refuses both escapes.
const ESCAPE = /\\u(?:0000|d[89a-f][0-9a-f]{2})|\\[^]/g;

function storableText(s: string): string {
  if (!s.includes('\\u')) return s;
  return s.replace(ESCAPE, (m) => (m.length === 6 ? '\\ufffd' : m));
}

/** UTF-8 length without Buffer, so the engine also runs in the browser (the editor validates). */
export function utf8Length(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The deepest nesting of arrays and objects Weft takes in JSON from outside — API bodies,
 * webhook deliveries, `http` responses. Deeper documents overflowed the stack in
 * JSON.stringify (a 500, or a node failing with "Maximum call stack size exceeded"), and
 * Postgres refuses jsonb somewhere past 10,000 levels. Real documents sit a few levels down;
 * 128 leaves room for pinned outputs and run input nested inside a definition or run body.
 */
export const MAX_JSON_DEPTH = 128;

/**
 * Whether JSON text nests arrays/objects deeper than `max`: one pass over the characters
 * (brackets inside strings don't count), so a deep document is refused without building it.
 */
export function jsonNestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character (`\"` is not a closing quote)
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
