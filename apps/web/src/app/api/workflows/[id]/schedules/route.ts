import { IdParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';
import { CreateScheduleBody } from '@/server/schedules/schemas';
import { createSchedule, listSchedules } from '@/server/schedules/schedules';

/** The workflow's schedules, each with its next five fire times. */
export const GET = defineRoute({ permission: { workflow: 'view' }, params: IdParams }, ({ params, user, services }) =>
  listSchedules(services.store, user, params.id),
);

/**
 * `{ cron, timezone?, enabled?, overlap?, maxInstances?, coalesce?, catchUpWindowSec?, input? }` → 201; its
 * timer is set in the same request. It starts runs: needs execute as well as edit.
 */
export const POST = defineRoute(
  { permission: { workflow: ['edit', 'execute'] }, params: IdParams, body: CreateScheduleBody },
  async ({ params, body, user, services, ip }) =>
    json(await createSchedule({ store: services.store, timers: services.timers }, user, params.id, body, ip), 201),
);
