import 'server-only';
import type { PrismaClient } from '@weft/db';
import { GRANT_FLAGS as FLAGS, type GrantFlag as Flag, type PutGrantsBody } from '@weft/contracts';
import { recordAudit } from '../audit';
import type { AuthUser } from '../auth/auth-user';
import { can, type WorkflowAction } from '../auth/permissions';
import { ApiError, type ErrorDetail } from '../http/errors';
import { loadWorkflowFor } from './load';

const ACTION_OF: Record<Flag, WorkflowAction> = {
  canView: 'view',
  canEdit: 'edit',
  canDelete: 'delete',
  canExecute: 'execute',
};

/** Who may do what to the workflow: its creator (everything) and each grant. */
export async function listGrants(prisma: PrismaClient, workflowId: string) {
  const wf = await prisma.workflow.findUniqueOrThrow({
    where: { id: workflowId },
    select: {
      createdBy: { select: { id: true, email: true, name: true } },
      permissions: {
        include: { user: { select: { email: true, name: true, role: true } } },
        orderBy: { createdAt: 'asc' },
      },
    },
  });
  return {
    creator: wf.createdBy,
    items: wf.permissions.map((p) => ({
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
  prisma: PrismaClient,
  user: AuthUser,
  workflowId: string,
  body: PutGrantsBody,
  ip: string | null,
) {
  const wf = await loadWorkflowFor(prisma, user, workflowId, 'edit');
  const current = await prisma.workflowPermission.findMany({ where: { workflowId } });
  const before = new Map(current.map((g) => [g.userId, g]));
  const details: ErrorDetail[] = [];
  const seen = new Set<string>();
  const known = new Set(
    (await prisma.user.findMany({ where: { id: { in: body.grants.map((g) => g.userId) } }, select: { id: true } })).map(
      (u) => u.id,
    ),
  );
  const lacking = FLAGS.filter((f) => !can(user, ACTION_OF[f], wf));
  body.grants.forEach((g, i) => {
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
  if (details.length) {
    const forbidden = details.every((d) => d.message.includes("you don't have"));
    throw new ApiError(
      forbidden ? 'FORBIDDEN' : 'VALIDATION_ERROR',
      `Invalid grants: ${details[0]!.path} ${details[0]!.message}${details.length > 1 ? ` (and ${details.length - 1} more)` : ''}`,
      details,
    );
  }
  await prisma.$transaction(async (tx) => {
    await tx.workflowPermission.deleteMany({ where: { workflowId } });
    if (body.grants.length)
      await tx.workflowPermission.createMany({ data: body.grants.map((g) => ({ workflowId, ...g })) });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.permissions',
      targetType: 'workflow',
      targetId: workflowId,
      result: 'success',
      details: { grants: body.grants, removed: current.filter((g) => !seen.has(g.userId)).map((g) => g.userId) },
      ip,
    });
  });
  return listGrants(prisma, workflowId);
}
