import { IdParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { getExecution } from '@/server/executions/executions';
import { StepPageQuery } from '@/server/executions/step-page';

/** One execution with a page of its steps, in the order they started (`?scope=&cursor=&limit=`). */
export const GET = defineRoute(
  { permission: { execution: 'view' }, params: IdParams, query: StepPageQuery },
  ({ params, query, user, services }) => getExecution(services.store, user, params.id, query),
);
