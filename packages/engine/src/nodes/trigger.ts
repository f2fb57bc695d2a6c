import { z } from 'zod';
import { toJson } from '../json';
import { defineNode, OUT } from './define-node';

export const triggerNode = defineNode({
  type: 'trigger',
  label: 'Trigger',
  description: 'Entry point. Its output is the trigger payload (manual input, webhook request or schedule tick).',
  category: 'core',
  icon: 'zap',
  params: z.object({}).strict(),
  handles: () => OUT,
  starts: true,
  run: async (ctx) => ({ output: toJson(ctx.trigger) }),
});
