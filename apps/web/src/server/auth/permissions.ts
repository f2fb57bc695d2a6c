import type { Role } from '@weft/db';
import { ApiError } from '../http/errors';

/**
 * The one place that decides who may do what to a workflow (SPEC §7, ARCHITECTURE
 * "HTTP auth, permission checks"). Pure: callers load the workflow with the caller's
 * grant (`include: { permissions: { where: { userId } } }`) and ask.
 */
export type WorkflowAction = 'view' | 'edit' | 'delete' | 'execute';

export interface Actor {
  id: string;
  role: Role;
}

export interface WorkflowGrant {
  userId: string;
  canView: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canExecute: boolean;
}

export interface WorkflowAccess {
  createdById: string | null;
  /** The workflow's grants; only the actor's own row matters, so loading just that one is enough. */
  permissions?: readonly WorkflowGrant[] | null;
}

/**
 * Owners and admins may do everything. A member may do everything to a workflow they
 * created, and otherwise exactly what their grant allows — where any grant implies
 * `view` (editing or running something you can't see makes no sense).
 */
export function can(actor: Actor, action: WorkflowAction, workflow: WorkflowAccess): boolean {
  if (actor.role === 'owner' || actor.role === 'admin') return true;
  if (workflow.createdById !== null && workflow.createdById === actor.id) return true;
  const grant = workflow.permissions?.find((g) => g.userId === actor.id);
  if (!grant) return false;
  switch (action) {
    case 'view':
      return grant.canView || grant.canEdit || grant.canDelete || grant.canExecute;
    case 'edit':
      return grant.canEdit;
    case 'delete':
      return grant.canDelete;
    case 'execute':
      return grant.canExecute;
  }
}

/**
 * Throws unless `actor` may do `action`: NOT_FOUND when they may not even see the
 * workflow (its existence is not revealed), FORBIDDEN when they may see but not act.
 */
export function assertCan(actor: Actor, action: WorkflowAction, workflow: WorkflowAccess): void {
  if (can(actor, action, workflow)) return;
  if (!can(actor, 'view', workflow)) throw new ApiError('NOT_FOUND', 'Workflow not found');
  throw new ApiError('FORBIDDEN', `You may not ${action} this workflow`);
}
