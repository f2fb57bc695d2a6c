/**
 * Which workflows a caller may see or act on, as a repository filter. The policy (who may do
 * what) is the web app's (`server/auth/permissions.ts`); it hands the repositories this
 * already-decided shape, so the Prisma query and the in-memory fake filter the same way.
 * - `all`: owners and admins;
 * - `{ userId, anyOf }`: workflows the user created, or where their grant has any of the flags.
 */
export type GrantFlag = 'canView' | 'canEdit' | 'canDelete' | 'canExecute';

export type Visibility = 'all' | { userId: string; anyOf: readonly GrantFlag[] };

/** The Prisma `where` on workflows for a visibility. */
export function workflowsVisibleWhere(v: Visibility) {
  if (v === 'all') return {};
  return {
    OR: [
      { createdById: v.userId },
      { permissions: { some: { userId: v.userId, OR: v.anyOf.map((flag) => ({ [flag]: true })) } } },
    ],
  };
}

/** The same rule over rows in memory. */
export function visibleInMemory(
  v: Visibility,
  workflow: { id: string; createdById: string | null },
  grants: ReadonlyArray<{ workflowId: string; userId: string } & Record<GrantFlag, boolean>>,
): boolean {
  if (v === 'all') return true;
  if (workflow.createdById !== null && workflow.createdById === v.userId) return true;
  return grants.some((g) => g.workflowId === workflow.id && g.userId === v.userId && v.anyOf.some((f) => g[f]));
}
