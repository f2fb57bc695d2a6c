import { z } from 'zod';
import { toJson } from '../json';
import { anyValue, defineNode } from './define-node';

/** JSONata-style truthiness: empty strings, 0, null, false, empty arrays and objects are false. */
export function isTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(isTruthy);
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

export const ifNode = defineNode({
  type: 'if',
  label: 'If',
  description: 'Routes its input to `true` or `false` by the truthiness of a condition.',
  category: 'flow',
  icon: 'git-branch',
  params: z.object({ condition: anyValue('{{ expression }} evaluated for truthiness') }).strict(),
  handles: () => ['true', 'false'],
  run: async (_ctx, params, { input }) => ({
    output: toJson(input),
    handle: isTruthy(params.condition) ? 'true' : 'false',
  }),
});
