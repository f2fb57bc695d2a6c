import { z } from 'zod';
import { NonRetryableError } from '../errors';
import { anyValue, defineNode } from './define-node';

export const failNode = defineNode({
  type: 'fail',
  label: 'Fail',
  description: 'Fails the execution with a message.',
  category: 'flow',
  icon: 'octagon-x',
  params: z.object({ message: anyValue('Message, may be a {{ expression }}') }).strict(),
  handles: () => [],
  hasErrorHandle: false,
  run: async (ctx, params) => {
    const message = typeof params.message === 'string' ? params.message : JSON.stringify(params.message);
    throw new NonRetryableError('NODE_FAILED', message || 'Failed', { nodeId: ctx.nodeId });
  },
});
