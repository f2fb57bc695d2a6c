import { describe, expect, it } from 'vitest';
import { NODE_ID_PATTERN } from '@weft/engine';
import { copySelection, pasteClip } from '../../src/features/editor/clipboard';
import { idStem, uniqueNodeId } from '../../src/features/editor/node-ids';
import { edge, node } from './editor-helpers';

describe('node ids', () => {
  it('derives unique valid ids from a type or an existing id', () => {
    expect(uniqueNodeId('transform', new Set())).toBe('transform_1');
    expect(uniqueNodeId('transform', new Set(['transform_1']))).toBe('transform_2');
    expect(uniqueNodeId('sum_2', new Set(['sum', 'sum_1', 'sum_2']))).toBe('sum_3');
    expect(idStem('9 lives!')).toBe('n_9_lives');
    const long = uniqueNodeId('x'.repeat(80), new Set());
    expect(long).toMatch(NODE_ID_PATTERN);
  });
});

describe('clipboard', () => {
  const nodes = [
    node('start', 'trigger'),
    { ...node('a'), selected: true },
    { ...node('b'), selected: true },
    node('c'),
  ];
  const edges = [edge('e1', 'start', 'a'), edge('e2', 'a', 'b'), edge('e3', 'b', 'c')];

  it('copies the selection with only its internal edges', () => {
    const clip = copySelection(nodes, edges);
    expect(clip.nodes.map((n) => n.id)).toEqual(['a', 'b']);
    expect(clip.edges.map((e) => e.id)).toEqual(['e2']);
  });

  it('pastes with renamed ids, kept internal edges, +40 offset and selection', () => {
    const pasted = pasteClip(copySelection(nodes, edges), nodes, edges);
    expect(pasted.nodes.map((n) => n.id)).toEqual(['a_1', 'b_1']);
    expect(pasted.nodes.every((n) => n.selected && n.position.x === 50 && n.position.y === 60)).toBe(true);
    expect(pasted.edges).toHaveLength(1);
    expect(pasted.edges[0]).toMatchObject({ source: 'a_1', target: 'b_1', sourceHandle: 'out' });
    expect(edges.map((e) => e.id)).not.toContain(pasted.edges[0]!.id);
  });

  it('does not share parameter objects with the originals', () => {
    const withParams = [{ ...node('p', 'transform', { parameters: { fields: { x: '1' } } }), selected: true }];
    const pasted = pasteClip(copySelection(withParams, []), withParams, []);
    expect(pasted.nodes[0]!.data.parameters).toEqual({ fields: { x: '1' } });
    expect(pasted.nodes[0]!.data.parameters).not.toBe(withParams[0]!.data.parameters);
  });

  it('never pastes a second trigger', () => {
    const sel = [{ ...node('start', 'trigger'), selected: true }];
    expect(pasteClip(copySelection(sel, []), sel, []).nodes).toEqual([]);
  });
});
