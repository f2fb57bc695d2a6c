import { describe, expect, it } from 'vitest';
import { evaluateValue } from '../src/expressions';
import { encodeExecutionState, type StoredExecutionState } from '../src/planner/state-codec';
import { runGraph } from '../src/testing';
import { validateDefinition } from '../src/validate';
import { PROTO_IDS, protoWorkflow as sharedWorkflow } from '../../../test/fixtures/prototype-ids';

// The shared workflow, then an `after` node that reads every one of them.
const protoWorkflow = {
  ...sharedWorkflow,
  nodes: [
    ...sharedWorkflow.nodes,
    {
      id: 'after',
      type: 'transform',
      parameters: {
        fields: {
          ctor: '{{ $nodes.constructor.x }}',
          ts: '{{ $nodes.toString.y }}',
          proto: '{{ $nodes.__proto__.p }}',
          own: '{{ $nodes.hasOwnProperty.h }}',
          mergedKeys: '{{ $keys($input) }}',
        },
      },
    },
  ],
  edges: [...sharedWorkflow.edges, { id: 'e8', source: 'valueOf', target: 'after' }],
};

describe('node ids named like Object.prototype members', () => {
  it('runs every node once, in chains and parallel branches into an object merge', async () => {
    const r = await runGraph(protoWorkflow, { input: { n: 1 } });
    expect(r.execution.status).toBe('succeeded');
    for (const id of ['start', ...PROTO_IDS, 'after']) {
      expect(
        r.steps.filter((s) => s.nodeId === id).map((s) => s.status),
        id,
      ).toEqual(['succeeded']);
    }
    const merged = r.steps.find((s) => s.nodeId === 'valueOf')!.output as Record<string, unknown>;
    expect(Object.keys(merged).sort()).toEqual(['__proto__', 'hasOwnProperty', 'toString']);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ p: 20 });
    expect(merged.toString).toEqual({ fromCtor: 2, y: 'ts' });
    expect(merged.hasOwnProperty).toEqual({ h: 'own' });
    expect(r.execution.output).toEqual({
      ctor: 2,
      ts: 'ts',
      proto: 20,
      own: 'own',
      mergedKeys: expect.arrayContaining(['__proto__', 'hasOwnProperty', 'toString']),
    });
    // Planner state keeps each id as its own key, in memory and in its stored form (jsonb).
    for (const id of PROTO_IDS)
      expect(Object.getOwnPropertyDescriptor(r.execution.state.nodes, id)?.value.status, id).toBe('succeeded');
    const stored = JSON.parse(JSON.stringify(encodeExecutionState(r.execution.state))) as StoredExecutionState;
    for (const id of PROTO_IDS)
      expect(Object.getOwnPropertyDescriptor(stored.nodes, id)?.value.s, id).toBe('succeeded');
  });

  it.each(PROTO_IDS)('runs a node called %s once, and $nodes reads its output', async (id) => {
    const r = await runGraph(
      {
        name: `only ${id}`,
        nodes: [
          { id: 'start', type: 'trigger', parameters: {} },
          { id, type: 'transform', parameters: { fields: { got: '{{ $input.v }}' } } },
          { id: 'last', type: 'transform', parameters: { fields: { viaNodes: `{{ $nodes.${id}.got }}` } } },
        ],
        edges: [
          { id: 'e1', source: 'start', target: id },
          { id: 'e2', source: id, target: 'last' },
        ],
      },
      { input: { v: 7 } },
    );
    expect(r.execution.status).toBe('succeeded');
    expect(r.steps.map((s) => [s.nodeId, s.status])).toEqual([
      ['start', 'succeeded'],
      [id, 'succeeded'],
      ['last', 'succeeded'],
    ]);
    expect(r.execution.output).toEqual({ viaNodes: 7 });
  });

  it.each(PROTO_IDS)('runs a workflow whose trigger is called %s', async (id) => {
    const r = await runGraph(
      {
        name: `trigger ${id}`,
        nodes: [
          { id, type: 'trigger', parameters: {} },
          { id: 'next', type: 'transform', parameters: { fields: { viaNodes: `{{ $nodes.${id}.v }}` } } },
        ],
        edges: [{ id: 'e1', source: id, target: 'next' }],
      },
      { input: { v: 7 } },
    );
    expect(r.execution.status).toBe('succeeded');
    expect(r.execution.output).toEqual({ viaNodes: 7 });
  });

  it('sees nothing from Object.prototype through $nodes for a node that has not run', async () => {
    const r = await runGraph({
      name: 'not yet run',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        {
          id: 'probe',
          type: 'transform',
          parameters: {
            fields: {
              c: '{{ $type($nodes.constructor) }}',
              t: '{{ $type($nodes.toString) }}',
              p: '{{ $type($nodes.__proto__) }}',
            },
          },
        },
        { id: 'constructor', type: 'transform', parameters: { fields: { x: 1 } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'probe' },
        { id: 'e2', source: 'probe', target: 'constructor' },
      ],
    });
    expect(r.execution.status).toBe('succeeded');
    expect(r.byNode.probe?.output).toEqual({});
  });
});

describe('validateDefinition with prototype-named ids', () => {
  it('accepts them', () => {
    const v = validateDefinition(protoWorkflow);
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([]);
  });

  it.each(['constructor', 'toString', 'hasOwnProperty'])(
    'reports a parameter called %s as unknown (it is not in the schema)',
    (param) => {
      const doc = {
        ...protoWorkflow,
        nodes: protoWorkflow.nodes.map((n) =>
          n.id === 'hasOwnProperty' ? { ...n, parameters: { ...n.parameters, [param]: 1 } } : n,
        ),
      };
      const v = validateDefinition(doc);
      expect(v.errors).toEqual([
        expect.objectContaining({ code: 'UNKNOWN_PARAMETER', nodeId: 'hasOwnProperty', path: `parameters.${param}` }),
      ]);
    },
  );

  it('still reports duplicates among them', () => {
    const doc = {
      ...protoWorkflow,
      nodes: [...protoWorkflow.nodes, { id: 'constructor', type: 'transform', parameters: { fields: {} } }],
    };
    const v = validateDefinition(doc);
    expect(v.errors).toEqual([expect.objectContaining({ code: 'DUPLICATE_ID', nodeId: 'constructor' })]);
  });

  it('still reports a cycle among them', () => {
    const doc = {
      ...protoWorkflow,
      edges: [...protoWorkflow.edges, { id: 'back', source: '__proto__', target: 'constructor' }],
    };
    const v = validateDefinition(doc);
    expect(v.errors).toEqual([expect.objectContaining({ code: 'CYCLE', edgeId: 'back' })]);
  });

  it('reports an edge to a missing node called like a prototype member', () => {
    const doc = { ...protoWorkflow, nodes: protoWorkflow.nodes.filter((n) => n.id !== 'hasOwnProperty') };
    const v = validateDefinition(doc);
    expect(v.errors.map((e) => e.code).sort()).toEqual(['MISSING_NODE', 'MISSING_NODE']);
  });

  it('warns about an unreachable node called like a prototype member', () => {
    const doc = { ...protoWorkflow, edges: protoWorkflow.edges.filter((e) => e.id !== 'e4' && e.id !== 'e7') };
    const v = validateDefinition(doc);
    expect(v.errors).toEqual([]);
    expect(v.warnings).toEqual([expect.objectContaining({ code: 'UNREACHABLE', nodeId: 'hasOwnProperty' })]);
  });
});

describe('evaluateValue with user-chosen object keys', () => {
  it('keeps "__proto__" and "constructor" keys of a parameter object as own keys', async () => {
    const out = (await evaluateValue(JSON.parse('{"__proto__":"{{ 1 + 1 }}","constructor":"{{ 3 }}"}'), {})) as Record<
      string,
      unknown
    >;
    expect(Object.keys(out).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getOwnPropertyDescriptor(out, '__proto__')?.value).toBe(2);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});
