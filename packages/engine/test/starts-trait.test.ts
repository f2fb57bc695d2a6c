import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { defineNode, describeNodeTypes, NODE_DEFINITIONS, NodeRegistry, validateDefinition } from '../src';
import { runGraph } from '../src/testing';

// A second starting type, not named `trigger`: the engine must find it by its trait.
const cronStart = defineNode({
  type: 'cron-start',
  label: 'Cron start',
  description: 'Starts on a timer (test only).',
  category: 'core',
  icon: 'clock',
  params: z.object({}).strict(),
  handles: () => ['out'],
  starts: true,
  run: async (ctx) => ({ output: { tick: ctx.trigger as never } }),
});
const registry = new NodeRegistry([...NODE_DEFINITIONS.filter((d) => d.type !== 'trigger'), cronStart]);

const definition = {
  name: 'Started by a type not called trigger',
  nodes: [
    { id: 'tick', type: 'cron-start', parameters: {} },
    { id: 'double', type: 'transform', parameters: { fields: { doubled: '{{ $input.tick.n * 2 }}' } } },
  ],
  edges: [{ id: 'e1', source: 'tick', target: 'double' }],
};

describe('the starts trait', () => {
  it('is in the node catalogue, and a starting type takes no input', () => {
    const info = describeNodeTypes(registry).find((t) => t.type === 'cron-start');
    expect(info).toMatchObject({ starts: true, acceptsInput: false });
    expect(
      describeNodeTypes(registry)
        .filter((t) => t.starts)
        .map((t) => t.type),
    ).toEqual(['cron-start']);
  });

  it('makes any type a valid start: one per workflow, no edge into it, reachability from it', () => {
    expect(validateDefinition(definition, registry).ok).toBe(true);
    // Under the built-in registry the same workflow has no start (and an unknown type).
    expect(validateDefinition(definition).errors.map((p) => p.code)).toContain('TRIGGER_COUNT');

    const twoStarts = {
      ...definition,
      nodes: [...definition.nodes, { id: 'tock', type: 'cron-start', parameters: {} }],
    };
    expect(validateDefinition(twoStarts, registry).errors.map((p) => p.code)).toContain('TRIGGER_COUNT');

    const intoStart = { ...definition, edges: [...definition.edges, { id: 'back', source: 'double', target: 'tick' }] };
    const problems = validateDefinition(intoStart, registry).errors;
    expect(problems).toContainEqual(expect.objectContaining({ code: 'INVALID_EDGE', edgeId: 'back' }));

    const island = {
      ...definition,
      nodes: [...definition.nodes, { id: 'lonely', type: 'transform', parameters: { fields: {} } }],
    };
    expect(validateDefinition(island, registry).warnings).toContainEqual(
      expect.objectContaining({ code: 'UNREACHABLE', nodeId: 'lonely' }),
    );
  });

  it('is where an execution starts: it runs first and receives the trigger payload', async () => {
    const r = await runGraph(definition, { registry, input: { n: 21 } });
    expect(r.execution.status).toBe('succeeded');
    expect(r.steps.map((s) => s.nodeId)).toEqual(['tick', 'double']);
    expect(r.byNode.double?.output).toEqual({ doubled: 42 });
  });
});
