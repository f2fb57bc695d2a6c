import 'server-only';
import { createPrismaStore, type PrismaClient, type Repositories } from '@weft/db';
import type { AuthUser } from '../auth/auth-user';
import { assertCan, type WorkflowAction } from '../auth/permissions';
import { ApiError } from '../http/errors';

/** Loads a workflow with the caller's grant and checks each action (404 when not visible, 403 when not allowed). */
export async function loadWorkflowFor(
  repos: Pick<Repositories, 'workflows'> | PrismaClient,
  user: AuthUser,
  id: string,
  action: WorkflowAction | readonly WorkflowAction[],
) {
  // TRANSITION (issue 20): callers not yet on repositories pass the Prisma client.
  const { workflows } = 'workflows' in repos ? repos : createPrismaStore(repos);
  const wf = await workflows.findWithGrant(id, user.id);
  if (!wf) throw new ApiError('NOT_FOUND', 'Workflow not found');
  for (const a of typeof action === 'string' ? [action] : action) assertCan(user, a, wf);
  return wf;
}
