import { describe, expect, it } from 'vitest';
import { canonicalJson, sameDefinition } from '../src/canonical';

describe('canonicalJson', () => {
  it('sorts keys at every depth and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('keeps user-chosen keys such as __proto__ and constructor as data', () => {
    const doc = JSON.parse('{"variables":{"__proto__":{"x":1},"constructor":2}}');
    expect(canonicalJson(doc)).toBe('{"variables":{"__proto__":{"x":1},"constructor":2}}');
  });
});

describe('sameDefinition', () => {
  const minimal = {
    name: 'W',
    nodes: [
      { id: 'start', type: 'trigger' },
      { id: 'f', type: 'fail', parameters: { message: 'x' } },
    ],
    edges: [{ id: 'e', source: 'start', target: 'f' }],
  };

  it('treats the engine defaults as written (what the server stores)', () => {
    const stored = {
      name: 'W',
      nodes: [
        { id: 'start', type: 'trigger', name: '', position: { x: 0, y: 0 }, parameters: {} },
        { id: 'f', type: 'fail', name: '', position: { x: 0, y: 0 }, parameters: { message: 'x' } },
      ],
      edges: [{ id: 'e', source: 'start', sourceHandle: 'out', target: 'f' }],
      settings: {},
      variables: {},
    };
    expect(sameDefinition(minimal, stored)).toBe(true);
  });

  it('sees a changed parameter, node order or edge', () => {
    expect(
      sameDefinition(minimal, {
        ...minimal,
        nodes: [minimal.nodes[0], { ...minimal.nodes[1], parameters: { message: 'y' } }],
      }),
    ).toBe(false);
    expect(sameDefinition(minimal, { ...minimal, nodes: [...minimal.nodes].reverse() })).toBe(false);
    expect(
      sameDefinition(minimal, {
        ...minimal,
        edges: [{ id: 'e', source: 'start', sourceHandle: 'error', target: 'f' }],
      }),
    ).toBe(false);
    expect(sameDefinition(minimal, undefined)).toBe(false);
  });
});
