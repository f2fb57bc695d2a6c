import { z } from 'zod';
import { Uuid } from './common';
import { Role } from './enums';

/** `GET/PUT /api/workflows/:id/permissions` (SPEC §7, docs/access.md). */

export const GRANT_FLAGS = ['canView', 'canEdit', 'canDelete', 'canExecute'] as const;
export type GrantFlag = (typeof GRANT_FLAGS)[number];

const flag = z.boolean({ error: (i) => (i.input === undefined ? 'is required' : 'must be true or false') });

export const GrantInput = z
  .object({
    userId: z.uuid({ message: 'must be a user id' }),
    canView: flag,
    canEdit: flag,
    canDelete: flag,
    canExecute: flag,
  })
  .strict();

export const PutGrantsBody = z
  .object({
    grants: z
      .array(GrantInput, { message: 'must be an array of { userId, canView, canEdit, canDelete, canExecute }' })
      .max(1_000, { message: 'must have at most 1000 entries' }),
  })
  .strict()
  .meta({ id: 'PutGrantsBody', description: "Replaces the workflow's grants; never more than the caller holds." });
export type PutGrantsBody = z.infer<typeof PutGrantsBody>;

export const Person = z.object({ id: Uuid, email: z.string(), name: z.string() }).meta({ id: 'Person' });
export type Person = z.infer<typeof Person>;

export const Grant = z
  .object({
    userId: Uuid,
    email: z.string(),
    name: z.string(),
    role: Role,
    canView: z.boolean(),
    canEdit: z.boolean(),
    canDelete: z.boolean(),
    canExecute: z.boolean(),
  })
  .meta({ id: 'Grant' });
export type Grant = z.infer<typeof Grant>;

export const GrantList = z
  .object({
    creator: Person.nullable().meta({ description: 'Who created the workflow (has every permission).' }),
    items: z.array(Grant),
    nextCursor: z.null(),
  })
  .meta({ id: 'GrantList' });
export type GrantList = z.infer<typeof GrantList>;
