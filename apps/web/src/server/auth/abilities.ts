import type { WorkflowAbilities } from '@weft/contracts';
import { ApiError } from '../http/errors';
import type { AuthUser } from './auth-user';
import { can, type WorkflowAccess } from './permissions';
import { assertScopes, hasScope } from './scopes';

/**
 * What the caller may do to a workflow right now: its role or grant (permissions.ts), narrowed
 * by its API key's or JWT's scopes. The workflow view carries it, so the UI offers only what
 * will not be refused; webhook tokens are shown exactly when `execute` is true.
 */
export function abilitiesOf(user: AuthUser, workflow: WorkflowAccess): WorkflowAbilities {
  return {
    edit: can(user, 'edit', workflow) && hasScope(user, 'write'),
    delete: can(user, 'delete', workflow) && hasScope(user, 'write'),
    execute: can(user, 'execute', workflow) && hasScope(user, 'execute'),
  };
}

/**
 * For a change that arms a trigger or hands out its credentials (enabling a webhook or schedule,
 * changing a webhook's secret), decided by the body rather than the route: the caller, who
 * already may edit, must also be allowed to execute the workflow and hold the `execute` scope.
 * 403 naming `field`.
 */
export function assertMayArm(user: AuthUser, workflow: WorkflowAccess, doing: string, field: string): void {
  if (!can(user, 'execute', workflow)) {
    throw new ApiError('FORBIDDEN', `You may not ${doing}: that needs execute on this workflow as well as edit`, [
      { path: field, message: 'needs execute on this workflow as well as edit' },
    ]);
  }
  assertScopes(user, ['execute'], { path: field });
}
