import { defineRoute } from '@/server/http/define-route';
import { PurgeQueueBody } from '@weft/contracts';
import { purgeWaiting } from '@/server/operations/queue';

/**
 * Owners and admins: `{ state: "waiting", confirm: "executions" }` → `{ purged, canceled }`.
 * Removes the waiting wake-ups and cancels their executions (audited as `queue.purge`).
 */
export const POST = defineRoute({ permission: 'admin', body: PurgeQueueBody }, ({ services, user, ip }) =>
  purgeWaiting(services, user, ip),
);
