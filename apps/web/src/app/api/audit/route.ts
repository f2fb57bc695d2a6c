import { z } from 'zod';
import { listAudit } from '../../../server/audit-log';
import { defineRoute } from '../../../server/http/define-route';
import { PageQuery } from '../../../server/pagination';

const when = z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' }).transform((s) => new Date(s));

const AuditQuery = PageQuery.extend({
  action: z.string().max(100, { message: 'must be at most 100 characters' }).optional(),
  actorId: z.uuid({ message: 'must be a UUID' }).optional(),
  targetType: z.string().max(50, { message: 'must be at most 50 characters' }).optional(),
  targetId: z.string().max(100, { message: 'must be at most 100 characters' }).optional(),
  result: z.enum(['success', 'failure'], { message: 'must be success or failure' }).optional(),
  since: when.optional(),
  until: when.optional(),
});

/** Who did what, newest first (owners and admins). */
export const GET = defineRoute({ permission: 'admin', query: AuditQuery }, ({ query, services }) => listAudit(services.prisma, query));
