import type { WeftEdge, WeftNode } from '../../src/features/graph/types';

export function node(id: string, type = 'transform', extra: Partial<WeftNode['data']> = {}): WeftNode {
  return {
    id,
    type: 'weft',
    position: { x: 10, y: 20 },
    data: {
      type,
      name: id,
      label: type,
      icon: 'box',
      parameters: {},
      handles: type === 'if' ? ['true', 'false'] : ['out'],
      errorHandle: true,
      acceptsInput: type !== 'trigger',
      ...extra,
    },
  };
}

export const edge = (id: string, source: string, target: string, sourceHandle = 'out'): WeftEdge => ({
  id,
  source,
  target,
  sourceHandle,
});
