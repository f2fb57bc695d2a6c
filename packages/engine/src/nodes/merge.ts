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
      const out: Record<string, Json> = {};
      for (const i of inputs) out[i.sourceNodeId] = toJson(i.data);
      return { output: out };
    }
    return { output: inputs.map((i) => toJson(i.data)) };
  },
});
