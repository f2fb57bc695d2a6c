import { defineRoute } from '@/server/http/define-route';
import { readQueues } from '@/server/operations/queue';

/**
 * Owners and admins: `{ items: [{ name, counts: { waiting, active, … }, oldestWaitingMs }] }` for `executions`,
 * `maintenance` and `retention`.
 */
export const GET = defineRoute({ permission: 'admin' }, ({ services }) => readQueues(services));
