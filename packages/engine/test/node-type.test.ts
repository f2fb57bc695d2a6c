import { describe, expect, expectTypeOf, it } from 'vitest';
import { NODE_DEFINITIONS } from '../src';
import { defaultRegistry, type NodeType } from '../src/nodes/registry';

describe('NodeType', () => {
  it('is the union of the registered type names, so Record<NodeType, …> is exhaustive', () => {
    expectTypeOf<NodeType>().toEqualTypeOf<
      'trigger' | 'transform' | 'if' | 'switch' | 'merge' | 'respond' | 'fail' | 'http' | 'loop'
    >();
    // A map keyed by every node type: leaving one out is a compile error (checked by tsc).
    const traits: Record<NodeType, boolean> = {
      trigger: false,
      transform: false,
      if: false,
      switch: false,
      merge: false,
      respond: true,
      fail: false,
      http: true,
      loop: false,
    };
    for (const def of NODE_DEFINITIONS)
      expect(defaultRegistry.get(def.type)?.sideEffects === true).toBe(traits[def.type]);
  });
});
