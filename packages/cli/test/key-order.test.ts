import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../src/canonical';
import { orderDefinitionKeys } from '../src/key-order';

describe('orderDefinitionKeys', () => {
  it('writes name, nodes, edges… and id, type, name… first, unknown keys after, values as they were', () => {
    const stored = {
      name: 'W',
      edges: [{ id: 'e', target: 'b', source: 'a', sourceHandle: 'out' }],
      nodes: [{ id: 'a', name: '', type: 'trigger', position: { y: 0, x: 0 }, parameters: { z: 1, a: 2 } }],
      settings: {},
      variables: {},
      extra: true,
    };
    const out = orderDefinitionKeys(stored) as typeof stored;
    expect(Object.keys(out)).toEqual(['name', 'nodes', 'edges', 'settings', 'variables', 'extra']);
    expect(Object.keys(out.nodes[0]!)).toEqual(['id', 'type', 'name', 'position', 'parameters']);
    expect(Object.keys(out.nodes[0]!.parameters)).toEqual(['z', 'a']);
    expect(Object.keys(out.edges[0]!)).toEqual(['id', 'source', 'sourceHandle', 'target']);
    expect(canonicalJson(out)).toBe(canonicalJson(stored));
  });
});
