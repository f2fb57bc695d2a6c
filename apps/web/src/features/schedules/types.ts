/** What the schedules panel reads and sends: the contract's types (@weft/contracts schedules.ts). */
import type { Schedule } from '@weft/contracts';

export type { FireOutcome, OverlapPolicy, Schedule, ScheduleFire } from '@weft/contracts';

/** The settings a schedule is created with and PATCHed by (every field optional on PATCH). */
export type ScheduleSettings = Pick<
  Schedule,
  'cron' | 'timezone' | 'enabled' | 'overlap' | 'maxInstances' | 'coalesce' | 'catchUpWindowSec' | 'input'
>;
