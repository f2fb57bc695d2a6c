import 'server-only';
import type { PrismaClient } from '@weft/db';
import { ApiError } from '../http/errors';
import type { AuthUser } from './auth-user';
import { resourceOf, type ResourceKind, type ResourcePermission } from '@weft/contracts';
import { assertCan, can, type WorkflowAccess } from './permissions';

const NAME: Record<ResourceKind, string> = {
  workflow: 'Workflow',
  schedule: 'Schedule',
  webhook: 'Webhook',
  execution: 'Execution',
};

/** The workflow (with the caller's grant) that resource `id` of `kind` belongs to; null when there is none. */
async function workflowOf(
  prisma: PrismaClient,
  userId: string,
  kind: ResourceKind,
  id: string,
): Promise<WorkflowAccess | null> {
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
 * Throws unless `user` may do every action of the permission on resource `id`: 404 naming the
 * resource when it does not exist or its workflow is hidden from the caller, 403 naming the
 * first action not allowed when visible.
 */
export async function assertResource(
  prisma: PrismaClient,
  user: AuthUser,
  permission: ResourcePermission,
  id: string,
): Promise<void> {
  const { kind, actions } = resourceOf(permission);
  const workflow = await workflowOf(prisma, user.id, kind, id);
  if (!workflow) throw new ApiError('NOT_FOUND', `${NAME[kind]} not found`);
  try {
    for (const action of actions) assertCan(user, action, workflow);
  } catch (err) {
    if (err instanceof ApiError && err.code === 'NOT_FOUND') throw new ApiError('NOT_FOUND', `${NAME[kind]} not found`);
    // Two actions (edit and execute): say the route needs both, not just the one missing.
    const missing = actions.find((a) => !can(user, a, workflow));
    if (actions.length > 1 && missing)
      throw new ApiError('FORBIDDEN', `You may not ${missing} this workflow (this needs ${actions.join(' and ')})`);
    throw err;
  }
}
