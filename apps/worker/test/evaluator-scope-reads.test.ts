import { describe, expect, it } from 'vitest';
import { evaluateValue, type ExpressionScope } from '@weft/engine';
import { nodeIdsRead, scopeReadBy } from '../src/evaluator/scope-reads';

/**
 * The threaded evaluator sends a thread only the part of the scope the templates can read.
 * Dropping something a template does read would change its result, so the main property is:
 * for every template, evaluating against the narrowed scope gives exactly what evaluating
 * against the whole scope gives (value or error) — checked on the templates most likely to
 * slip past a textual reading.
 */
const scope: ExpressionScope = {
  input: { a: 1, b: 2 },
  inputs: [{ a: 1 }, { a: 5 }],
  trigger: { body: { id: 42 } },
  nodes: {
    http1: { status: 200, body: [1, 2, 3] },
    http2: { status: 404 },
    'my node': { ok: true },
    x: { y: 'node x' },
    ...JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"c": 1}, "and": {"k": 1}, "1": {"one": 1}}'),
  },
  vars: { region: 'eu' },
  item: { sku: 'S1' },
  index: 3,
  execution: { id: 'exec-1', workflowId: 'wf-1', startedAt: null },
};
const OPTS = { timeoutMs: 1_000, maxDepth: 500 };

const TEMPLATES = [
  '{{ $input.a + $input.b }}',
  '{{ $$.a }} {{ a }} {{ $.b }}',
  '{{ $nodes.http1.status }}',
  '{{ $nodes.`my node`.ok }}',
  '{{ $nodes . http1 . status }}',
  '{{ $nodes.\n\thttp1.status }}',
  '{{ $nodes.http1.status + $nodes.http2.status }}',
  '{{ $nodes.__proto__.polluted }} {{ $nodes.constructor.c }}',
  '{{ $keys($nodes) }}',
  '{{ $nodes.*.status }}',
  '{{ $nodes[0] }}',
  '{{ $nodes.$lookup($, "http1").status }}',
  '{{ $lookup($nodes, "http" & "1").status }}',
  '{{ ($n := $nodes; $n.http2.status) }}',
  '{{ $nodes ~> $keys() }}',
  '{{ $nodes.and.k }}',
  '{{ $nodes.1 }}',
  '{{ $nodes."x" }}',
  '{{ $nodes.x"y" }}',
  '{{ $nodes.xé }}',
  '{{ $nodes./* a comment */http1.status }}',
  '{{ $nodesX }}',
  '{{ $string($nodes) }}',
  '{{ ($f := function($nodes) { $nodes.y }; [$f({"y": 5}), $nodes.x.y]) }}',
  '{{ $eval("$nodes.http2.status") }}',
  '{{ $eval("$" & "trigger.body.id") }}',
  '{{ $trigger.body.id }} {{ $vars.region }}',
  '{{ [$inputs[1].a, $item.sku, $index, $execution.workflowId] }}',
  '{{ $count($inputs) }} {{ $input.a }}',
  'text mentioning $nodes and $trigger outside any expression {{ $input.a }}',
];

function outcome(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    (value) => ({ value: JSON.stringify(value, (_k, v: unknown) => (v === undefined ? '<undefined>' : v)) }),
    (err: Error) => ({ error: err.message }),
  );
}

describe('scopeReadBy', () => {
  it.each(TEMPLATES)('narrowing the scope does not change the result: %s', async (template) => {
    const whole = await outcome(evaluateValue(template, scope, OPTS));
    const narrowed = await outcome(evaluateValue(template, scopeReadBy([template], scope), OPTS));
    expect(narrowed).toEqual(whole);
  });

  it('sends only the input for an expression on $input', () => {
    expect(scopeReadBy(['{{ $input.a + $input.b }}'], scope)).toEqual({ input: scope.input });
  });

  it('sends only the nodes read as plain field steps, as own keys', () => {
    const narrowed = scopeReadBy(
      ['{{ $nodes.http1.status }}', 'x {{ $nodes.`my node` }} {{ $nodes.__proto__ }} {{ $nodes.missing }}'],
      scope,
    );
    expect(Object.keys(narrowed)).toEqual(['input', 'nodes']);
    expect(Object.keys(narrowed.nodes!)).toEqual(['http1', 'my node', '__proto__']);
    expect(Object.getPrototypeOf(narrowed.nodes)).toBe(Object.prototype);
  });

  it('sends every node when any mention of $nodes is not a plain field step', () => {
    for (const t of [
      '{{ $keys($nodes) }}',
      '{{ $nodes.http1 }} {{ $nodes[0] }}',
      '{{ $nodes.$lookup($, "x") }}',
      '{{ $nodes.and }}',
      '{{ $nodes.1 }}',
    ]) {
      expect(scopeReadBy([t], scope).nodes).toBe(scope.nodes);
    }
  });

  it('sends the whole scope to a template using $eval', () => {
    expect(scopeReadBy(['{{ $eval($input.code) }}'], scope)).toBe(scope);
  });

  it('keeps a binding whose name appears anywhere', () => {
    expect(
      Object.keys(
        scopeReadBy(['{{ $trigger.body }} {{ $vars }} {{ $inputs }} {{ $item }} {{ $index }} {{ $execution }}'], scope),
      ).sort(),
    ).toEqual(['execution', 'index', 'input', 'inputs', 'item', 'trigger', 'vars']);
  });

  it('reads node ids from the text', () => {
    expect(nodeIdsRead('$nodes.a + $nodes.`b c` & $nodes . d')).toEqual(new Set(['a', 'b c', 'd']));
    expect(nodeIdsRead('$nodes.a + $nodes')).toBe('all');
    expect(nodeIdsRead('no nodes here')).toEqual(new Set());
  });
});
