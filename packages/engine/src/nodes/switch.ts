import { z } from 'zod';
import { toJson } from '../json';
import { anyValue, defineNode } from './define-node';

function caseKey(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value ?? null);
}

export const switchNode = defineNode({
  type: 'switch',
  label: 'Switch',
  description: 'Routes its input to the case equal to a value (compared as text), or to `default`.',
  category: 'flow',
  icon: 'list-tree',
  params: z
    .object({
      value: anyValue('{{ expression }} whose value picks the case'),
      cases: z.array(z.string()).max(100).describe('Case values; each becomes a handle case:<value>'),
    })
    .strict(),
  literalParams: ['cases'],
  dynamicHandles: true,
  handles: (params) => {
    const cases = Array.isArray(params.cases) ? params.cases.filter((c): c is string => typeof c === 'string') : [];
    return [...cases.map((c) => `case:${c}`), 'default'];
  },
  run: async (_ctx, params, { input }) => {
    const key = caseKey(params.value);
    return { output: toJson(input), handle: params.cases.includes(key) ? `case:${key}` : 'default' };
  },
});
