import 'server-only';
import { z } from 'zod';
import { PageQuery } from '../pagination';

/** Request bodies and queries of the workflow routes. */

const Description = z.string({ message: 'must be a string' }).max(10_000, { message: 'must be at most 10000 characters' });
const Message = z.string({ message: 'must be a string' }).max(1_000, { message: 'must be at most 1000 characters' });

export const CreateWorkflowBody = z
  .object({
    name: z.string({ message: 'must be a string' }).trim().min(1, { message: 'must not be empty' }).max(200).optional(),
    description: Description.optional(),
    message: Message.optional(),
    definition: z.unknown().optional(),
  })
  .strict()
  .refine((b) => b.name !== undefined || b.definition !== undefined, { message: 'give a name or a definition', path: ['name'] });

export const SaveWorkflowBody = z
  .object({ definition: z.unknown().refine((v) => v !== undefined, { message: 'is required' }), description: Description.optional(), message: Message.optional() })
  .strict();

export const ActivateBody = z.object({ version: z.number({ message: 'must be a number' }).int().min(1, { message: 'must be >= 1' }).optional() }).strict();

export const RunBody = z
  .object({
    input: z.unknown().optional(),
    version: z.number({ message: 'must be a number' }).int().min(1, { message: 'must be >= 1' }).optional(),
  })
  .strict();

export const WorkflowListQuery = PageQuery.extend({
  search: z.string().max(200).optional(),
  active: z.enum(['true', 'false'], { message: 'must be true or false' }).transform((v) => v === 'true').optional(),
});

export const VersionParams = z.object({
  id: z.uuid({ message: 'must be a UUID' }),
  version: z.coerce.number({ message: 'must be a number' }).int().min(1, { message: 'must be >= 1' }),
});

export const ExportQuery = z.object({ version: z.coerce.number({ message: 'must be a number' }).int().min(1).optional() });
