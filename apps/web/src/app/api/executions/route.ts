import { z } from 'zod';
import { defineRoute } from '../../../server/http/define-route';
import { PageQuery } from '../../../server/pagination';
import { listExecutions } from '../../../server/executions/executions';

const Status = z.enum(['queued', 'running', 'succeeded', 'failed', 'canceled', 'timed_out'], {
  message: 'must be one of queued, running, succeeded, failed, canceled, timed_out',
});

const ExecutionListQuery = PageQuery.extend({
  workflowId: z.uuid({ message: 'must be a UUID' }).optional(),
  /** A webhook's deliveries. */
  webhookId: z.uuid({ message: 'must be a UUID' }).optional(),
  scheduleId: z.uuid({ message: 'must be a UUID' }).optional(),
  // `?status=failed&status=timed_out` or `?status=failed,timed_out`
  status: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v : [v]).flatMap((s) => s.split(',')).filter(Boolean))
    .pipe(z.array(Status))
    .optional(),
});

/** Executions the caller may view, newest first. */
export const GET = defineRoute({ permission: 'signed-in', query: ExecutionListQuery }, ({ query, user, services }) => listExecutions(services.prisma, user, query));
