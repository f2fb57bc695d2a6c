import { z } from 'zod';
import { AnyJson, dateTimeInput, PageQuery, Timestamp, Uuid } from './common';
import { AuditResult } from './enums';

/** `GET /api/audit` (owners and admins). */

const when = dateTimeInput('2026-12-01T00:00:00Z');

export const AuditQuery = PageQuery.extend({
  action: z
    .string()
    .max(100, { message: 'must be at most 100 characters' })
    .optional()
    .meta({ description: 'An action (`webhook.create`), or every action of a kind with a trailing dot (`webhook.`).' }),
  actorId: Uuid.optional(),
  targetType: z.string().max(50, { message: 'must be at most 50 characters' }).optional(),
  targetId: z.string().max(100, { message: 'must be at most 100 characters' }).optional(),
  result: AuditResult.optional(),
  since: when.optional(),
  until: when.optional(),
});
export type AuditQuery = z.output<typeof AuditQuery>;

export const AuditActor = z.object({ id: Uuid, email: z.string().nullable(), name: z.string().nullable() });

export const AuditEvent = z
  .object({
    id: Uuid,
    createdAt: Timestamp,
    action: z.string(),
    result: AuditResult,
    actor: AuditActor.nullable().meta({
      description: 'Null for anonymous actions (a failed login); email and name are null once the user is gone.',
    }),
    actorType: z.string(),
    targetType: z.string().nullable(),
    targetId: z.string().nullable(),
    targetName: z
      .string()
      .nullable()
      .optional()
      .meta({
        description:
          "What a person calls the target: a workflow's name, a user's, a webhook's or schedule's workflow's name. " +
          'Absent or null for other targets and for targets since deleted.',
      }),
    details: AnyJson,
    ip: z.string().nullable(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof AuditEvent>;
