import { describeNodeTypes } from '@weft/engine';
import type { WeftEdge, WeftNode } from '../../src/features/graph/types';

/** The node catalogue the editor receives, so fixtures carry the same traits the real types have. */
const CATALOGUE = new Map(describeNodeTypes().map((t) => [t.type, t]));

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
      acceptsInput: CATALOGUE.get(type)?.acceptsInput ?? true,
      starts: CATALOGUE.get(type)?.starts ?? false,
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
