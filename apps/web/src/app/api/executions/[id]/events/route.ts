import { IdParams } from '@weft/contracts';
import { defineRoute } from '../../../../../server/http/define-route';
import { executionEventStream } from '../../../../../server/executions/live';

// A long-lived stream: never cache or statically optimise this route.
export const dynamic = 'force-dynamic';

/** Server-Sent Events: `snapshot`, then `step` / `execution` changes, then `end`. */
export const GET = defineRoute({ permission: { execution: 'view' }, params: IdParams }, ({ req, params, user, services }) =>
  executionEventStream(services, user, params.id, req.signal),
);
