import { describe, expect, it } from 'vitest';
import { describeNodeTypes, WorkflowDefinition } from '@weft/engine';
import fixture from '../../../../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { highlightParts } from '../../src/features/editor/expression-text';
import { defaultParameters, fieldSpecs, parseLooseValue, type JsonSchema } from '../../src/features/editor/schema-form';
import { diffDefinitions } from '../../src/features/editor/version-diff';

const schema = (type: string) => describeNodeTypes().find((t) => t.type === type)!.parameters as JsonSchema;

describe('schema form', () => {
  it('maps parameter schemas to field kinds', () => {
    const kinds = (t: string) => Object.fromEntries(fieldSpecs(schema(t)).map((f) => [f.key, f.kind]));
    expect(kinds('transform')).toEqual({ fields: 'keyValue', keepInput: 'boolean' });
    expect(kinds('if')).toEqual({ condition: 'expression' });
    expect(kinds('switch')).toEqual({ value: 'expression', cases: 'stringList' });
    expect(kinds('http')).toMatchObject({
      method: 'enum',
      url: 'string',
      headers: 'keyValue',
      body: 'expression',
      timeoutMs: 'number',
    });
    expect(fieldSpecs({ properties: { source: { type: 'string' } } })[0]!.kind).toBe('code');
    // An array-typed `items` takes `{{ $input.items }}` or literal JSON, so it is an expression field.
    expect(kinds('loop')).toEqual({
      items: 'expression',
      while: 'expression',
      maxIterations: 'number',
      concurrency: 'number',
    });
    expect(defaultParameters(schema('loop'))).toEqual({});
    expect(parseLooseValue('{{ $input.items }}')).toBe('{{ $input.items }}');
    expect(parseLooseValue('[1, 2]')).toEqual([1, 2]);
  });
  it('fills defaults and required fields for new nodes', () => {
    expect(defaultParameters(schema('respond'))).toEqual({ status: 200, headers: {}, body: '' });
    expect(defaultParameters(schema('transform'))).toEqual({ fields: {} });
    expect(defaultParameters(schema('trigger'))).toEqual({});
  });
  it('reads loose text as JSON when it parses, else as text', () => {
    expect(parseLooseValue('{"a":1}')).toEqual({ a: 1 });
    expect(parseLooseValue('{{ $input.a }}')).toBe('{{ $input.a }}');
    expect(parseLooseValue('hello')).toBe('hello');
  });
  it('splits {{ }} segments for highlighting', () => {
    expect(highlightParts('a {{ x }} b {{ y')).toEqual([
      { text: 'a ', expr: false },
      { text: '{{ x }}', expr: true },
      { text: ' b {{ y', expr: false },
    ]);
  });
});

describe('version diff', () => {
  it('lists added, removed and changed nodes with their parameters', () => {
    const base = WorkflowDefinition.parse(fixture);
    const next = structuredClone(base);
    next.nodes = next.nodes.filter((n) => n.id !== 'no');
    next.nodes.push({
      id: 'log',
      type: 'transform',
      name: 'Log',
      position: { x: 0, y: 0 },
      parameters: { fields: {} },
    });
    next.nodes.find((n) => n.id === 'big')!.parameters.condition = '{{ $input.sum > 100 }}';
    next.nodes.find((n) => n.id === 'sum')!.position.x = 999;
    next.edges = next.edges.filter((e) => e.target !== 'no');
    const d = diffDefinitions(base, next);
    expect(d.added).toEqual(['log']);
    expect(d.removed).toEqual(['no']);
    expect(d.changed).toEqual([{ id: 'big', parameters: ['condition'], other: [] }]);
    expect(d.edgesRemoved).toBe(1);
  });
});
