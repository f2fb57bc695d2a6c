import 'server-only';
import type { Repositories, Store, WorkflowPermission } from '@weft/db';
import { GRANT_FLAGS as FLAGS, type GrantFlag as Flag, type PutGrantsBody } from '@weft/contracts';
import { recordAudit } from '../audit';
import type { AuthUser } from '../auth/auth-user';
import { can, type WorkflowAccess, type WorkflowAction } from '../auth/permissions';
import { ApiError, type ErrorDetail } from '../http/errors';
import { loadWorkflowFor } from './load';

const ACTION_OF: Record<Flag, WorkflowAction> = {
  canView: 'view',
  canEdit: 'edit',
  canDelete: 'delete',
  canExecute: 'execute',
};

/** Who may do what to the workflow: its creator (everything) and each grant. */
export async function listGrants({ workflows }: Pick<Repositories, 'workflows'>, workflowId: string) {
  // The route checked the workflow exists and the caller may view it; a delete since is a 404.
  const wf = await workflows.grantsOf(workflowId);
  if (!wf) throw new ApiError('NOT_FOUND', 'Workflow not found');
  return {
    creator: wf.creator,
    items: wf.grants.map((p) => ({
      userId: p.userId,
      email: p.user.email,
      name: p.user.name,
      role: p.user.role,
      canView: p.canView,
      canEdit: p.canEdit,
      canDelete: p.canDelete,
      canExecute: p.canExecute,
    })),
    nextCursor: null,
  };
}

/**
 * Replaces the workflow's grants (SPEC §7). Needs edit (the route says so), and a member can
 * neither give nor take away a permission they don't hold themselves: every flag they lack
 * keeps its current value on every grant. Unknown users, duplicates and the creator (who
 * has everything) are 400s naming the entry; nothing is written unless all of it is valid.
 */
export async function putGrants(
  store: Pick<Store, 'workflows' | 'transaction'>,
  user: AuthUser,
  workflowId: string,
  body: PutGrantsBody,
  ip: string | null,
) {
  const wf = await loadWorkflowFor(store, user, workflowId, 'edit');
  const current = (await store.workflows.grantsOf(workflowId))?.grants ?? [];
  const known = await store.workflows.existingUserIds(body.grants.map((g) => g.userId));
  throwIfInvalid(grantProblems(user, wf, current, body.grants, known));
  const kept = new Set(body.grants.map((g) => g.userId));
  await store.transaction(async (tx) => {
    await tx.workflows.replaceGrants(workflowId, body.grants);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.permissions',
      targetType: 'workflow',
      targetId: workflowId,
      result: 'success',
      details: { grants: body.grants, removed: current.filter((g) => !kept.has(g.userId)).map((g) => g.userId) },
      ip,
    });
  });
  return listGrants(store, workflowId);
}

/** Every entry of a grants request that may not be written, each naming its path. */
function grantProblems(
  user: AuthUser,
  wf: WorkflowAccess,
  current: readonly WorkflowPermission[],
  grants: PutGrantsBody['grants'],
  known: ReadonlySet<string>,
): ErrorDetail[] {
  const before = new Map(current.map((g) => [g.userId, g]));
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  const lacking = FLAGS.filter((f) => !can(user, ACTION_OF[f], wf));
  grants.forEach((g, i) => {
    const path = `body.grants.${i}.userId`;
    if (seen.has(g.userId)) details.push({ path, message: 'appears twice' });
    seen.add(g.userId);
    if (!known.has(g.userId)) details.push({ path, message: 'is not a user' });
    if (g.userId === wf.createdById)
      details.push({ path, message: "is the workflow's creator, who has every permission" });
    const old = before.get(g.userId);
    for (const f of lacking) {
      if (g[f] !== (old?.[f] ?? false))
        details.push({
          path: `body.grants.${i}.${f}`,
          message: `can't be changed by you: you don't have ${f} on this workflow`,
        });
    }
  });
  // Removing a grant takes away its flags: only allowed for flags the caller holds.
  for (const old of current) {
    if (!seen.has(old.userId) && lacking.some((f) => old[f]))
      details.push({
        path: 'body.grants',
        message: `must keep user ${old.userId}: their grant has permissions you don't have`,
      });
  }
  return details;
}

/** 403 when every problem is a flag the caller lacks, else 400; nothing is written either way. */
function throwIfInvalid(details: ErrorDetail[]): void {
  if (!details.length) return;
  const forbidden = details.every((d) => d.message.includes("you don't have"));
  throw new ApiError(
    forbidden ? 'FORBIDDEN' : 'VALIDATION_ERROR',
    `Invalid grants: ${details[0]!.path} ${details[0]!.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
    details,
  );
}
