import { z } from 'zod';
import { toJson } from '../json';
import { anyValue, defineNode, OUT } from './define-node';

export const respondNode = defineNode({
  type: 'respond',
  label: 'Respond',
  description: 'Sets the webhook response (sync mode) and the execution output; outputs the evaluated body.',
  category: 'core',
  icon: 'reply',
  params: z
    .object({
      status: z.number().int().min(100).max(599).default(200),
      headers: z.record(z.string(), z.string()).default({}),
      body: anyValue('{{ expression }} or literal JSON'),
    })
    .strict(),
  handles: () => OUT,
  run: async (_ctx, params) => {
    const body = toJson(params.body);
    return { output: body, response: { status: params.status, headers: params.headers, body } };
  },
});
