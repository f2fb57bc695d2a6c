import { describe, expect, it } from 'vitest';
import { rowsToRecord, toRows } from '../../src/features/editor/key-value-rows';

describe('key-value editor rows', () => {
  it('keeps fields named like Object.prototype members as own fields', () => {
    const out = rowsToRecord([
      { key: 'constructor', value: 1 },
      { key: 'toString', value: '{{ $json.a }}' },
      { key: '__proto__', value: { polluted: true } },
    ]);
    expect(Object.keys(out)).toEqual(['constructor', 'toString', '__proto__']);
    expect(out.constructor).toBe(1);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(JSON.stringify(out)).toBe('{"constructor":1,"toString":"{{ $json.a }}","__proto__":{"polluted":true}}');
  });

  it('leaves out empty names and keeps the first of duplicate names', () => {
    expect(
      rowsToRecord([
        { key: 'a', value: 1 },
        { key: '', value: 2 },
        { key: 'a', value: 3 },
        { key: 'b', value: 4 },
      ]),
    ).toEqual({ a: 1, b: 4 });
  });

  it('reads a record back into rows, and anything else as none', () => {
    expect(toRows({ x: 1, constructor: 2 })).toEqual([
      { key: 'x', value: 1 },
      { key: 'constructor', value: 2 },
    ]);
    expect(toRows(['a'])).toEqual([]);
    expect(toRows(null)).toEqual([]);
  });
});
