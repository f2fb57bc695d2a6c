import { ExecutionListQuery } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { listExecutions } from '@/server/executions/executions';

/** Executions the caller may view, newest first. */
export const GET = defineRoute({ permission: 'signed-in', query: ExecutionListQuery }, ({ query, user, services }) =>
  listExecutions(services.store, user, query),
);
