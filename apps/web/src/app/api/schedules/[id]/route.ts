import { IdParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { UpdateScheduleBody } from '@/server/schedules/schemas';
import { deleteSchedule, getSchedule, updateSchedule } from '@/server/schedules/schedules';

export const GET = defineRoute({ permission: { schedule: 'view' }, params: IdParams }, ({ params, user, services }) =>
  getSchedule(services.store, user, params.id),
);

/** Any subset of the settings; re-enabling does not catch up the time it was off. */
export const PATCH = defineRoute(
  { permission: { schedule: 'edit' }, params: IdParams, body: UpdateScheduleBody },
  ({ params, body, user, services, ip }) =>
    updateSchedule({ store: services.store, timers: services.timers }, user, params.id, body, ip),
);

export const DELETE = defineRoute(
  { permission: { schedule: 'edit' }, params: IdParams },
  async ({ params, user, services, ip }) => {
    await deleteSchedule({ store: services.store, timers: services.timers }, user, params.id, ip);
    return undefined;
  },
);
