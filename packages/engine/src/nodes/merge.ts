import { z } from 'zod';
import { toJson, type Json } from '../json';
import { defineNode, OUT } from './define-node';

export const mergeNode = defineNode({
  type: 'merge',
  label: 'Merge',
  description: 'Waits for all active inputs; outputs them as an array (append) or an object keyed by source node id.',
  category: 'flow',
  icon: 'merge',
  params: z.object({ mode: z.enum(['append', 'object']).default('append') }).strict(),
  handles: () => OUT,
  run: async (_ctx, params, { inputs }) => {
    if (params.mode === 'object') {
      // fromEntries defines own keys: `out['__proto__'] = …` would set the prototype instead.
      return {
        output: Object.fromEntries(inputs.map((i) => [i.sourceNodeId, toJson(i.data)])) as Record<string, Json>,
      };
    }
    return { output: inputs.map((i) => toJson(i.data)) };
  },
});
