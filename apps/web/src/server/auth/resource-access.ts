import 'server-only';
import type { PrismaClient } from '@weft/db';
import { ApiError } from '../http/errors';
import type { AuthUser } from './auth-user';
import { assertCan, type WorkflowAccess, type WorkflowAction } from './permissions';

/** A route's permission on one resource: the action its workflow must allow (see defineRoute). */
export type ResourcePermission = { workflow: WorkflowAction } | { schedule: WorkflowAction } | { webhook: WorkflowAction } | { execution: WorkflowAction };

type Kind = 'workflow' | 'schedule' | 'webhook' | 'execution';

const NAME: Record<Kind, string> = { workflow: 'Workflow', schedule: 'Schedule', webhook: 'Webhook', execution: 'Execution' };

/** The workflow (with the caller's grant) that resource `id` of `kind` belongs to; null when there is none. */
async function workflowOf(prisma: PrismaClient, userId: string, kind: Kind, id: string): Promise<WorkflowAccess | null> {
  const select = { createdById: true, permissions: { where: { userId } } } as const;
  switch (kind) {
    case 'workflow':
      return prisma.workflow.findUnique({ where: { id }, select });
    case 'schedule':
      return (await prisma.schedule.findUnique({ where: { id }, select: { workflow: { select } } }))?.workflow ?? null;
    case 'webhook':
      return (await prisma.webhook.findUnique({ where: { id }, select: { workflow: { select } } }))?.workflow ?? null;
    case 'execution':
      return (await prisma.execution.findUnique({ where: { id }, select: { workflow: { select } } }))?.workflow ?? null;
  }
}

/**
 * Throws unless `user` may do the permission's action on resource `id`: 404 naming the
 * resource when it does not exist or its workflow is hidden from the caller, 403 when visible
 * but not allowed.
 */
export async function assertResource(prisma: PrismaClient, user: AuthUser, permission: ResourcePermission, id: string): Promise<void> {
  const kind = Object.keys(permission)[0] as Kind;
  const action = (permission as Record<Kind, WorkflowAction>)[kind];
  const workflow = await workflowOf(prisma, user.id, kind, id);
  if (!workflow) throw new ApiError('NOT_FOUND', `${NAME[kind]} not found`);
  try {
    assertCan(user, action, workflow);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') throw new ApiError('NOT_FOUND', `${NAME[kind]} not found`);
    throw err;
  }
}
