import 'server-only';
import {
  CreateScheduleBody as CreateScheduleShape,
  ScheduleSettings,
  UpdateScheduleBody as UpdateScheduleShape,
} from '@weft/contracts';
import { checkCron, checkTimezone } from '@weft/engine';
import type { z } from 'zod';

/**
 * The contract's schedule bodies (@weft/contracts schedules.ts) plus the engine's checks of
 * the cron expression and the time zone, which name what is wrong with them.
 */
const refined = {
  cron: ScheduleSettings.cron.superRefine((cron, ctx) => {
    const problem = checkCron(cron);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  timezone: ScheduleSettings.timezone.superRefine((tz, ctx) => {
    const problem = checkTimezone(tz);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
};

export const CreateScheduleBody = CreateScheduleShape.extend({
  cron: refined.cron,
  timezone: refined.timezone.optional(),
});
export const UpdateScheduleBody = UpdateScheduleShape.extend({
  cron: refined.cron.optional(),
  timezone: refined.timezone.optional(),
});
export type CreateScheduleBody = z.infer<typeof CreateScheduleBody>;
export type UpdateScheduleBody = z.infer<typeof UpdateScheduleBody>;
