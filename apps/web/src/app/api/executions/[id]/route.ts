import { defineRoute } from '../../../../server/http/define-route';
import { IdParams } from '../../../../server/fields';
import { getExecution } from '../../../../server/executions/executions';

/** One execution with all its steps, in the order they started. */
export const GET = defineRoute({ auth: 'user', params: IdParams }, ({ params, user, services }) => getExecution(services.prisma, user, params.id));
