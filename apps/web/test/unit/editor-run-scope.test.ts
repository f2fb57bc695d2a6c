import { describe, expect, it } from 'vitest';
import { runScopeFor, type RunStep } from '../../src/features/editor/run-scope';

// The inspector's expression preview inside a loop body: `$item`/`$index` of the node's
// latest iteration, and `$nodes` from that iteration.

const s = (nodeId: string, scope: string, input: unknown, output: unknown, status = 'succeeded'): RunStep => ({
  nodeId,
  scope,
  input,
  output,
  status,
});
const edges = [
  { source: 'start', sourceHandle: 'out', target: 'each' },
  { source: 'each', sourceHandle: 'body', target: 'price' },
  { source: 'price', sourceHandle: 'out', target: 'tag' },
  { source: 'each', sourceHandle: 'done', target: 'sum' },
];
const steps = [
  s('start', '', null, { list: [10, 20] }),
  s('each', '', { list: [10, 20] }, null, 'running'),
  s('price', 'each[0]', 10, { p: 1 }),
  s('tag', 'each[0]', { p: 1 }, { t: 1 }),
  s('price', 'each[1]', 20, { p: 2 }),
];

describe('runScopeFor', () => {
  it('gives a body node $index and $item of its latest iteration', () => {
    const scope = runScopeFor('price', steps, edges);
    expect(scope).toMatchObject({ input: 20, index: 1, item: 20, trigger: { list: [10, 20] } });
  });

  it(
    'the latest iteration is the highest index, not the last started: iterations in the same millisecond tie ' +
      'and come in any order',
    () => {
      const shuffled = [
        steps[0]!,
        steps[1]!,
        s('price', 'each[1]', 20, { p: 2 }),
        s('price', 'each[10]', 110, { p: 11 }),
        s('price', 'each[2]', 30, { p: 3 }),
      ];
      expect(runScopeFor('price', shuffled, edges)).toMatchObject({ index: 10, item: 110, input: 110 });
    },
  );

  it('$item of a deeper body node is what the loop handed the body, and $nodes prefer its own iteration', () => {
    const scope = runScopeFor(
      'tag',
      [...steps, s('tag', 'each[1]', { p: 2 }, { t: 2 }), s('price', 'each[2]', 30, { p: 3 })],
      edges,
    );
    expect(scope.index).toBe(1);
    expect(scope.item).toBe(20);
    expect(scope.nodes?.price).toEqual({ p: 2 });
    expect(scope.nodes?.start).toEqual({ list: [10, 20] });
  });

  it('nested scopes: the innermost loop gives $index and $item', () => {
    const nested = [
      s('start', '', null, {}),
      s('inner', 'outer[1]', 'x', null),
      s('leaf', 'outer[1]/inner[3]', 'deep', { ok: true }),
    ];
    const scope = runScopeFor('leaf', nested, [{ source: 'inner', sourceHandle: 'body', target: 'leaf' }]);
    expect(scope).toMatchObject({ index: 3, item: 'deep' });
  });

  it('top-level nodes get no $item/$index, and node ids are not object keys', () => {
    const scope = runScopeFor('sum', [...steps, s('constructor', '', null, 1), s('sum', '', [], { total: 3 })], edges);
    expect(scope.index).toBeUndefined();
    expect(scope.item).toBeUndefined();
    expect(scope.nodes?.constructor).toBe(1);
    expect(runScopeFor('never', steps, edges).input).toBeUndefined();
  });
});
