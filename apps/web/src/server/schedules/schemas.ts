import 'server-only';
import { z } from 'zod';
import { checkCron, checkTimezone } from '@weft/engine';

const MAX_INPUT_BYTES = 64 * 1024;

/** Schedule settings as requests send them (SPEC §5 defaults apply on create). */
const Settings = {
  cron: z
    .string({ error: (i) => (i.input === undefined ? 'is required' : 'must be a string') })
    .max(200, { message: 'must be at most 200 characters' })
    .transform((s) => s.trim().split(/\s+/).filter(Boolean).join(' '))
    .superRefine((cron, ctx) => {
      const problem = checkCron(cron);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  timezone: z
    .string({ message: 'must be a string' })
    .trim()
    .superRefine((tz, ctx) => {
      const problem = checkTimezone(tz);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  enabled: z.boolean({ message: 'must be true or false' }),
  overlap: z.enum(['skip', 'allow', 'queue'], { message: 'must be skip, allow or queue' }),
  maxInstances: z.number({ message: 'must be a number' }).int({ message: 'must be a whole number' }).min(1, { message: 'must be >= 1' }).max(100, { message: 'must be <= 100' }),
  coalesce: z.boolean({ message: 'must be true or false' }),
  catchUpWindowSec: z
    .number({ message: 'must be a number' })
    .int({ message: 'must be a whole number' })
    .min(0, { message: 'must be >= 0' })
    .max(30 * 86_400, { message: 'must be <= 2592000 (30 days)' }),
  input: z
    .record(z.string(), z.unknown(), { message: 'must be a JSON object (merged into the trigger payload)' })
    .superRefine((input, ctx) => {
      if (JSON.stringify(input).length > MAX_INPUT_BYTES) ctx.addIssue({ code: 'custom', message: `must be at most ${MAX_INPUT_BYTES} bytes as JSON` });
    }),
};

export const CreateScheduleBody = z.object({ ...Settings, cron: Settings.cron }).partial().required({ cron: true }).strict();
export const UpdateScheduleBody = z.object(Settings).partial().strict();
export type CreateScheduleBody = z.infer<typeof CreateScheduleBody>;
export type UpdateScheduleBody = z.infer<typeof UpdateScheduleBody>;
