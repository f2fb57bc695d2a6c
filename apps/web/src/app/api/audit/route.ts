import { AuditQuery } from '@weft/contracts';
import { listAudit } from '@/server/audit-log';
import { defineRoute } from '@/server/http/define-route';

/** Who did what, newest first (owners and admins). */
export const GET = defineRoute({ permission: 'admin', query: AuditQuery }, ({ query, services }) =>
  listAudit(services.store, query),
);
