import { z } from 'zod';
import { toJson } from '../json';
import { anyValue, defineNode, OUT } from './define-node';

export const respondNode = defineNode({
  type: 'respond',
  label: 'Respond',
  description: 'Sets the webhook response (sync mode) and the execution output; outputs the evaluated body.',
  category: 'core',
  icon: 'reply',
  // A sync webhook's caller is waiting for this reply: checkpoint so it is visible at once.
  sideEffects: true,
  params: z
    .object({
      status: z.number().int().min(100).max(599).default(200),
      // What an HTTP response can carry: token names, Latin-1 values without line breaks. A
      // header the server can't send would otherwise fail the whole reply.
      headers: z
        .record(
          z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, {
            message: "header names are letters, digits and !#$%&'*+.^_`|~-",
          }),
          z
            .string()
            .regex(/^[\t\x20-\x7e\x80-\xff]*$/, { message: 'header values must be Latin-1 text without line breaks' }),
        )
        .default({}),
      body: anyValue('{{ expression }} or literal JSON'),
    })
    .strict(),
  handles: () => OUT,
  run: async (_ctx, params) => {
    const body = toJson(params.body);
    return { output: body, response: { status: params.status, headers: params.headers, body } };
  },
});
