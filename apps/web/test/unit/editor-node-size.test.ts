import { describe, expect, it } from 'vitest';
import { dropEstimatedHandles, withEstimatedSize, withoutHandles } from '../../src/features/graph/node-size';
import { node } from './editor-helpers';

// Sizes as graph.css lays the node out in Chromium (measured in the editor at zoom 1).
describe('estimated node size', () => {
  it('sizes a single-output node with an error row and places its handles', () => {
    const n = withEstimatedSize(node('t1'));
    expect(n.measured).toEqual({ width: 196, height: 75 });
    expect(n.handles?.map((h) => [h.type, h.id])).toEqual([
      ['target', null],
      ['source', 'out'],
      ['source', 'error'],
    ]);
    const target = n.handles![0]!;
    expect(target.x).toBe(-4);
    expect(target.y).toBeCloseTo(32.45, 1);
    expect(n.handles![1]!.y).toBeCloseTo(20.11, 1);
    expect(n.handles![2]!.y).toBeCloseTo(54.27, 1);
  });

  it('grows by one row per output handle', () => {
    const n = withEstimatedSize(node('b', 'if'));
    expect(n.measured).toEqual({ width: 196, height: 111 });
    expect(n.handles?.filter((h) => h.type === 'source').map((h) => h.id)).toEqual(['true', 'false', 'error']);
    expect(n.handles?.find((h) => h.id === 'false')?.y).toBeCloseTo(72.36, 1);
  });

  it('leaves a trigger without input handle and nodes it cannot predict alone', () => {
    expect(withEstimatedSize(node('s', 'trigger')).handles?.some((h) => h.type === 'target')).toBe(false);
    const bare = node('x', 'transform', { errorHandle: false });
    expect(withEstimatedSize(bare)).toBe(bare);
    const measured = { ...node('m'), measured: { width: 200, height: 80 } };
    expect(withEstimatedSize(measured)).toBe(measured);
  });

  it('drops estimated handles of resized nodes only', () => {
    const nodes = [withEstimatedSize(node('a')), withEstimatedSize(node('b'))];
    const next = dropEstimatedHandles(nodes, new Set(['b']));
    expect(next[0]).toBe(nodes[0]);
    expect(next[1]!.handles).toBeUndefined();
    expect(next[1]!.measured).toEqual(nodes[1]!.measured);
    expect(dropEstimatedHandles(nodes, new Set())).toBe(nodes);
    const plain = node('p');
    expect(withoutHandles(plain)).toBe(plain);
  });
});
