import 'server-only';
import type { Repositories } from '@weft/db';
import type { AuthUser } from '../auth/auth-user';
import { assertCan, type WorkflowAction } from '../auth/permissions';
import { ApiError } from '../http/errors';

/** Loads a workflow with the caller's grant and checks each action (404 when not visible, 403 when not allowed). */
export async function loadWorkflowFor(
  { workflows }: Pick<Repositories, 'workflows'>,
  user: AuthUser,
  id: string,
  action: WorkflowAction | readonly WorkflowAction[],
) {
  const wf = await workflows.findWithGrant(id, user.id);
  if (!wf) throw new ApiError('NOT_FOUND', 'Workflow not found');
  for (const a of typeof action === 'string' ? [action] : action) assertCan(user, a, wf);
  return wf;
}
