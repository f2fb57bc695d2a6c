import { z } from 'zod';
import { toJson } from '../json';
import { defineNode } from './define-node';
import { isTruthy } from './if';

/**
 * `loop` (SPEC §3): runs the nodes behind `body` once per item of `items`, or again and again
 * while `while` holds, and sends the iterations' results on `done`, in item order. The planner
 * does the iterating (the `iterates` trait); run() only evaluates the parameters:
 * - items: once, when the loop starts (`$item`/`$index` are the enclosing loop's, if any);
 * - while: before every iteration, with `$index` = the iteration about to run and `$item` =
 *   the previous iteration's result (the loop's input before the first), so a body can carry
 *   state from one iteration to the next (a cursor, a page number).
 */
export const loopNode = defineNode({
  type: 'loop',
  label: 'Loop',
  description: 'Runs its body once per item (or while a condition holds); `done` carries the results in order.',
  category: 'flow',
  icon: 'repeat',
  iterates: true,
  params: z
    .object({
      items: z.array(z.unknown()).optional().describe('{{ expression }} giving the array to loop over'),
      while: z
        .unknown()
        .optional()
        .describe('{{ expression }} checked before each iteration ($index, $item = previous result)'),
      maxIterations: z
        .number()
        .int()
        .min(1)
        .optional()
        .describe('At most this many iterations (MAX_LOOP_ITERATIONS caps it)'),
      concurrency: z.number().int().min(1).max(100).optional().describe('Iterations at once (items loops; default 1)'),
    })
    .strict(),
  check: (params) => {
    const hasItems = params.items !== undefined;
    const hasWhile = params.while !== undefined;
    if (hasItems === hasWhile)
      return [{ param: hasItems ? 'while' : 'items', message: 'set exactly one of "items" and "while"' }];
    if (hasWhile && params.concurrency !== undefined && params.concurrency !== 1) {
      return [
        {
          param: 'concurrency',
          message: 'a "while" loop runs one iteration at a time (each one sees the previous result)',
        },
      ];
    }
    return [];
  },
  handles: () => ['body', 'done'],
  run: async (_ctx, params) => {
    const max = params.maxIterations !== undefined ? { maxIterations: params.maxIterations } : {};
    if (params.items !== undefined)
      return {
        output: null,
        iterate: { items: params.items.map((v) => toJson(v)), concurrency: params.concurrency ?? 1, ...max },
      };
    return { output: null, iterate: { again: isTruthy(params.while), ...max } };
  },
});
