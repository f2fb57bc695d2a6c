import { describe, expect, it } from 'vitest';
import { storableJson, storableJsonText, toJson } from '../src/json';

// Postgres jsonb cannot hold U+0000 (nor a lone UTF-16 surrogate) in a string or key; Weft
// replaces them with U+FFFD where a value enters an execution (docs/security.md).
const NUL = '\u0000';
const FFFD = '\uFFFD';

describe('toJson: values Postgres jsonb can store', () => {
  it('replaces U+0000 in strings, nested values and object keys with U+FFFD', () => {
    expect(toJson(`x${NUL}y`)).toBe(`x${FFFD}y`);
    expect(toJson({ a: [`${NUL}`, { b: `${NUL}${NUL}` }] })).toEqual({ a: [FFFD, { b: `${FFFD}${FFFD}` }] });
    expect(toJson({ [`k${NUL}`]: 1 })).toEqual({ [`k${FFFD}`]: 1 });
  });

  it('leaves the text "\\u0000" (a real backslash) alone, however many backslashes precede it', () => {
    expect(toJson('\\u0000')).toBe('\\u0000');
    expect(toJson('\\\\u0000')).toBe('\\\\u0000');
    // A literal backslash followed by a real NUL: only the NUL is replaced.
    expect(toJson(`\\${NUL}`)).toBe(`\\${FFFD}`);
    expect(toJson(`\\\\${NUL}\\u0000`)).toBe(`\\\\${FFFD}\\u0000`);
    expect(toJson({ ['\\u0000']: `\\u0000${NUL}` })).toEqual({ ['\\u0000']: `\\u0000${FFFD}` });
  });

  it('replaces lone surrogates (also refused by jsonb) but keeps real pairs and other control characters', () => {
    expect(toJson('a\uD800b')).toBe(`a${FFFD}b`);
    expect(toJson('\uDC00')).toBe(FFFD);
    expect(toJson('😀')).toBe('😀');
    expect(toJson('\u0001\n\t')).toBe('\u0001\n\t');
  });

  it('still normalises to plain JSON', () => {
    expect(toJson(undefined)).toBeNull();
    expect(toJson({ a: undefined, f: () => 1, n: 1 })).toEqual({ n: 1 });
    expect(toJson(() => 1)).toBeNull();
  });

  it('keeps an own "__proto__" key an own key', () => {
    const out = toJson(JSON.parse('{"__proto__":{"a":1}}')) as Record<string, unknown>;
    expect(Object.keys(out)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe("storableJson: the adapters' last line of defence", () => {
  it('returns the same object when there is nothing to replace (no copy on the hot path)', () => {
    const v = { a: 'plain', b: ['\\u0000 as text'] };
    expect(storableJson(v)).toBe(v);
  });

  it('returns a copy with U+FFFD when a string or key holds U+0000', () => {
    const v = { [`k${NUL}`]: `v${NUL}` };
    expect(storableJson(v)).toEqual({ [`k${FFFD}`]: `v${FFFD}` });
    expect(v).toEqual({ [`k${NUL}`]: `v${NUL}` });
  });
});

describe('storableJsonText', () => {
  it('is the JSON text toJson() would parse, U+0000 replaced, own "__proto__" keys kept', () => {
    expect(storableJsonText({ [`k${NUL}`]: `v${NUL}`, t: '\\u0000' })).toBe(`{"k\\ufffd":"v\\ufffd","t":"\\\\u0000"}`);
    expect(storableJsonText(JSON.parse('{"__proto__":1}'))).toBe('{"__proto__":1}');
    expect(storableJsonText(undefined)).toBeUndefined();
  });
});
