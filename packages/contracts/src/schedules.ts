import { z } from 'zod';
import { AnyJson, int4, Timestamp, Uuid } from './common';
import { ExecutionStatus, FireOutcome, OverlapPolicy } from './enums';

/**
 * Schedule settings and views (SPEC §5, docs/schedules.md). The server checks the cron
 * expression and the time zone on top (server/schedules/schemas.ts, with the engine's rules).
 */

const MAX_INPUT_BYTES = 64 * 1024;

export const ScheduleSettings = {
  cron: z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .max(200, { message: 'must be at most 200 characters' })
    .transform((s) => s.trim().split(/\s+/).filter(Boolean).join(' '))
    .meta({
      description: 'Five fields (minute hour day month weekday), or six with seconds first.',
      example: '0 9 * * 1-5',
    }),
  timezone: z
    .string({ message: 'must be a string' })
    .trim()
    .meta({ description: 'An IANA zone (default UTC).', example: 'Europe/Berlin' }),
  enabled: z.boolean({ message: 'must be true or false' }),
  overlap: OverlapPolicy,
  maxInstances: int4({ min: 1, max: 100 }),
  coalesce: z.boolean({ message: 'must be true or false' }),
  catchUpWindowSec: int4({ min: 0, max: 30 * 86_400 }).meta({ description: 'At most 2592000 (30 days).' }),
  input: z
    .record(z.string(), z.unknown(), { message: 'must be a JSON object (merged into the trigger payload)' })
    .superRefine((input, ctx) => {
      if (JSON.stringify(input).length > MAX_INPUT_BYTES)
        ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_INPUT_BYTES} bytes as JSON` });
    })
    .meta({ description: 'Merged into the trigger payload.' }),
};

export const CreateScheduleBody = z
  .object(ScheduleSettings)
  .partial()
  .required({ cron: true })
  .strict()
  .meta({ id: 'CreateScheduleBody' });
export type CreateScheduleBody = z.input<typeof CreateScheduleBody>;
export const UpdateScheduleBody = z.object(ScheduleSettings).partial().strict().meta({ id: 'UpdateScheduleBody' });
export type UpdateScheduleBody = z.input<typeof UpdateScheduleBody>;

export const Schedule = z
  .object({
    id: Uuid,
    workflowId: Uuid,
    cron: z.string(),
    timezone: z.string(),
    enabled: z.boolean(),
    overlap: OverlapPolicy,
    maxInstances: z.number().int(),
    coalesce: z.boolean(),
    catchUpWindowSec: z.number().int(),
    input: z.record(z.string(), AnyJson),
    firing: z.boolean().meta({ description: 'False while disabled, or while the workflow has no active version.' }),
    notFiringCode: z.enum(['disabled', 'no_active_version']).nullable(),
    notFiringReason: z.string().nullable(),
    nextRunAt: Timestamp.nullable().meta({ description: 'Null while not firing.' }),
    nextRuns: z.array(Timestamp).meta({ description: 'The next five due times (UTC), firing or not.' }),
    nextRunsLocal: z
      .array(z.string())
      .meta({ description: "The same instants with the zone's offset (`2026-12-07T09:00:00+01:00`)." }),
    lastRunAt: Timestamp.nullable(),
    runCount: z.number().int(),
    skipCount: z.number().int(),
    pendingRunAt: Timestamp.nullable().meta({
      description: 'A run held back by overlap `queue`; it starts when a run ends.',
    }),
    canEdit: z.boolean().meta({ description: 'Whether the caller may change it.' }),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Schedule' });
export type Schedule = z.infer<typeof Schedule>;

/** What one due time became, newest first. */
export const ScheduleFire = z
  .object({
    id: Uuid,
    scheduledAt: Timestamp,
    firedAt: Timestamp,
    outcome: FireOutcome,
    reason: z.string().nullable(),
    missedRuns: z
      .number()
      .int()
      .meta({ description: 'A coalesced catch-up run: how many earlier missed due times it stands for.' }),
    executionId: Uuid.nullable(),
    executionStatus: ExecutionStatus.nullable(),
  })
  .meta({ id: 'ScheduleFire' });
export type ScheduleFire = z.infer<typeof ScheduleFire>;
