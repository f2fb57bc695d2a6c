import { z } from 'zod';
import { toJson, type Json } from '../json';
import { defineNode, OUT } from './define-node';

export const transformNode = defineNode({
  type: 'transform',
  label: 'Transform',
  description: 'Builds an object whose fields are expressions over the input and earlier nodes.',
  category: 'data',
  icon: 'shuffle',
  params: z
    .object({
      fields: z.record(z.string(), z.unknown()).describe('Output field name → value or {{ expression }}'),
      keepInput: z.boolean().optional().describe('Start from the input object and add/override the fields'),
    })
    .strict(),
  handles: () => OUT,
  run: async (_ctx, params, { input }) => {
    const base =
      params.keepInput && input !== null && typeof input === 'object' && !Array.isArray(input)
        ? (toJson(input) as Record<string, Json>)
        : {};
    return { output: { ...base, ...(toJson(params.fields) as Record<string, Json>) } };
  },
});
