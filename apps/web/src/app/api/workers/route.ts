import { defineRoute } from '@/server/http/define-route';
import { readWorkers } from '@/server/operations/fleet';

/** Owners and admins: `{ items, staleMs, heartbeatMs }`, every worker process remembered, each `live`, `gone` or `stopped`. */
export const GET = defineRoute({ permission: 'admin' }, ({ services }) => readWorkers(services));
