import type { GrantFlag, Role, Visibility } from '@weft/db';
import { ApiError } from '../http/errors';

/**
 * The one place that decides who may do what to a workflow (SPEC §7, ARCHITECTURE
 * "HTTP auth, permission checks"). Pure: callers load the workflow with the caller's
 * grant (`workflows.findWithGrant`, `workflows.accessOf`) and ask; lists filter by `visibilityFor`.
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
 * The policy, once: the grant flags any one of which allows an action. Any grant implies
 * `view` (editing or running something you can't see makes no sense); a grant row with every
 * flag off allows nothing. `can()` and `visibilityFor()` both read this table, so the check on
 * one workflow and the filter on a list can't disagree.
 */
const ALLOWED_BY: Record<WorkflowAction, readonly GrantFlag[]> = {
  view: ['canView', 'canEdit', 'canDelete', 'canExecute'],
  edit: ['canEdit'],
  delete: ['canDelete'],
  execute: ['canExecute'],
};

function seesEverything(actor: Actor): boolean {
  return actor.role === 'owner' || actor.role === 'admin';
}

/**
 * Owners and admins may do everything. A member may do everything to a workflow they
 * created, and otherwise exactly what their grant allows.
 */
export function can(actor: Actor, action: WorkflowAction, workflow: WorkflowAccess): boolean {
  if (seesEverything(actor)) return true;
  if (workflow.createdById !== null && workflow.createdById === actor.id) return true;
  const grant = workflow.permissions?.find((g) => g.userId === actor.id);
  return grant !== undefined && ALLOWED_BY[action].some((flag) => grant[flag]);
}

/** The same rule as a repository filter (`Visibility`): the workflows `actor` may `action`. */
export function visibilityFor(actor: Actor, action: WorkflowAction = 'view'): Visibility {
  if (seesEverything(actor)) return 'all';
  return { userId: actor.id, anyOf: ALLOWED_BY[action] };
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
