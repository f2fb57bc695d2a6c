import 'server-only';
import type { Repositories } from '@weft/db';
import { ApiError } from '../http/errors';
import type { AuthUser } from './auth-user';
import { resourceOf, type ResourceKind, type ResourcePermission } from '@weft/contracts';
import { assertCan, can } from './permissions';

const NAME: Record<ResourceKind, string> = {
  workflow: 'Workflow',
  schedule: 'Schedule',
  webhook: 'Webhook',
  execution: 'Execution',
};

/**
 * Throws unless `user` may do every action of the permission on resource `id`: 404 naming the
 * resource when it does not exist or its workflow is hidden from the caller, 403 naming the
 * first action not allowed when visible.
 */
export async function assertResource(
  { workflows }: Pick<Repositories, 'workflows'>,
  user: AuthUser,
  permission: ResourcePermission,
  id: string,
): Promise<void> {
  const { kind, actions } = resourceOf(permission);
  const workflow = await workflows.accessOf(kind, id, user.id);
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
