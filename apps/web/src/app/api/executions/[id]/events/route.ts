import { EventStreamQuery, IdParams } from '@weft/contracts';
import { defineRoute } from '@/server/http/define-route';
import { executionEventStream, resumePoint } from '@/server/executions/live';

// A long-lived stream: never cache or statically optimise this route.
export const dynamic = 'force-dynamic';

/** Server-Sent Events: `snapshot` (or, resuming, only later changes), then `step`s and `execution` per change, then `end`. */
export const GET = defineRoute(
  { permission: { execution: 'view' }, params: IdParams, query: EventStreamQuery },
  ({ req, params, query, user, services }) =>
    executionEventStream(services, user, params.id, resumePoint(req, query), req.signal),
);
