import { describe, expect, it } from 'vitest';
import { describeNodeTypes, WorkflowDefinition } from '@weft/engine';
import fixture from '../../../../test/fixtures/sum-and-branch.json' with { type: 'json' };
import { definitionToFlow, flowToDefinition } from '../../src/features/graph/codec';

const types = describeNodeTypes();

describe('graph codec', () => {
  it('round-trips the SPEC §1 example unchanged', () => {
    const def = WorkflowDefinition.parse(fixture);
    const { nodes, edges } = definitionToFlow(def, types);
    const back = flowToDefinition({ name: def.name, settings: def.settings, variables: def.variables }, nodes, edges);
    expect(back).toEqual(def);
  });

  it('defaults a missing sourceHandle to out', () => {
    const { edges } = definitionToFlow(WorkflowDefinition.parse(fixture), types);
    expect(edges.find((e) => e.id === 'e1')?.sourceHandle).toBe('out');
    const back = flowToDefinition({ name: 'x' }, [], [{ id: 'a', source: 's', target: 't' }]);
    expect(back.edges[0]).toEqual({ id: 'a', source: 's', sourceHandle: 'out', target: 't' });
  });

  it('puts handles, labels and input rules into node data', () => {
    const { nodes } = definitionToFlow(WorkflowDefinition.parse(fixture), types);
    const big = nodes.find((n) => n.id === 'big')!;
    expect(big.type).toBe('weft');
    expect(big.data).toMatchObject({
      type: 'if',
      label: 'If',
      handles: ['true', 'false'],
      errorHandle: true,
      acceptsInput: true,
      starts: false,
    });
    expect(nodes.find((n) => n.id === 'start')!.data).toMatchObject({ acceptsInput: false, starts: true });
  });

  it('derives switch handles from its cases', () => {
    const def = WorkflowDefinition.parse({
      name: 's',
      nodes: [{ id: 'sw', type: 'switch', parameters: { value: '{{ $input.k }}', cases: ['a', 'b'] } }],
    });
    const { nodes } = definitionToFlow(def, types);
    expect(nodes[0]!.data.handles).toEqual(['case:a', 'case:b', 'default']);
  });

  it('keeps settings, disabled and notes, and drops editor-only state', () => {
    const def = WorkflowDefinition.parse({
      name: 'n',
      description: 'd',
      nodes: [
        { id: 't', type: 'trigger', parameters: {} },
        {
          id: 'x',
          type: 'transform',
          parameters: { fields: {} },
          settings: { timeoutMs: 5 },
          disabled: true,
          notes: 'hi',
        },
      ],
    });
    const flow = definitionToFlow(def, types);
    flow.nodes[1]!.data.status = 'failed';
    flow.nodes[1]!.data.problems = ['bad'];
    flow.nodes[1]!.selected = true;
    expect(flowToDefinition({ name: 'n', description: 'd' }, flow.nodes, flow.edges)).toEqual(def);
  });
});
