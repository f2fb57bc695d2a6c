import { IdParams, PageQuery } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { listFires } from '@/server/schedules/schedules';

/** What each due time became, newest first: started (with the run's status), skipped (why), held back. */
export const GET = defineRoute(
  { permission: { schedule: 'view' }, params: IdParams, query: PageQuery },
  ({ params, query, user, services }) => listFires(services.store, user, params.id, query),
);
