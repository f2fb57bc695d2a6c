import 'server-only';
import type { PrismaClient } from '@weft/db';
import { json as jsonValue } from '@weft/db';
import type { Problem, WorkflowDefinition } from '@weft/engine';
import type { ScheduleTimers } from '@weft/queue';
import { recordAudit } from '../audit';
import { abilitiesOf } from '../auth/abilities';
import type { AuthUser } from '../auth/auth-user';
import { workflowsWhere } from '../auth/permissions';
import { loadWorkflowFor } from './load';
import { ApiError } from '../http/errors';
import { removeWorkflowTimers, syncWorkflowTimers } from '../schedules/timers';
import { idAfter, toPage, type PageQuery } from '../pagination';
import { toVersionView, toWorkflowSummary, toWorkflowView } from './views';

/** Workflow use cases: each checks permission, validates, writes, and audits. */

export async function listWorkflows(
  prisma: PrismaClient,
  user: AuthUser,
  q: PageQuery & { search?: string; active?: boolean },
) {
  const rows = await prisma.workflow.findMany({
    where: {
      AND: [
        workflowsWhere(user, 'view'),
        q.search ? { name: { contains: q.search, mode: 'insensitive' as const } } : {},
        q.active === undefined ? {} : { activeVersion: q.active ? { not: null } : null },
        idAfter(q.cursor, 'desc'),
      ],
    },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  });
  const page = toPage(rows, q.limit, toWorkflowSummary);
  const last = await lastExecutions(
    prisma,
    page.items.map((w) => w.id),
  );
  return { ...page, items: page.items.map((w) => ({ ...w, lastExecution: last.get(w.id) ?? null })) };
}

/** The newest execution of each workflow, one index-backed query (DISTINCT ON). */
async function lastExecutions(prisma: PrismaClient, workflowIds: string[]) {
  if (workflowIds.length === 0) return new Map<string, { id: string; status: string; createdAt: string }>();
  const rows = await prisma.$queryRaw<Array<{ id: string; workflowId: string; status: string; createdAt: Date }>>`
    SELECT DISTINCT ON ("workflowId") id, "workflowId", status::text AS status, "createdAt"
    FROM executions WHERE "workflowId" = ANY(${workflowIds}::uuid[]) ORDER BY "workflowId", id DESC`;
  return new Map(rows.map((r) => [r.workflowId, { id: r.id, status: r.status, createdAt: r.createdAt.toISOString() }]));
}

export async function createWorkflow(
  prisma: PrismaClient,
  user: AuthUser,
  input: { definition: WorkflowDefinition; description?: string; message?: string; warnings: Problem[] },
  ip: string | null,
  action = 'workflow.create',
) {
  const wf = await prisma.$transaction(async (tx) => {
    const created = await tx.workflow.create({
      data: {
        name: input.definition.name,
        description: input.description ?? input.definition.description ?? '',
        createdById: user.id,
        latestVersion: 1,
        versions: {
          create: {
            version: 1,
            definition: jsonValue(input.definition),
            message: input.message ?? null,
            createdById: user.id,
          },
        },
      },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action,
      targetType: 'workflow',
      targetId: created.id,
      result: 'success',
      details: { name: created.name },
      ip,
    });
    return created;
  });
  return { ...toWorkflowView(wf, input.definition, abilitiesOf(user, wf)), warnings: input.warnings };
}

export async function getWorkflow(prisma: PrismaClient, user: AuthUser, id: string) {
  const wf = await loadWorkflowFor(prisma, user, id, 'view');
  const latest = await prisma.workflowVersion.findUniqueOrThrow({
    where: { workflowId_version: { workflowId: id, version: wf.latestVersion } },
  });
  return toWorkflowView(wf, latest.definition, abilitiesOf(user, wf));
}

/** Saves a new immutable version n+1; the row lock on the workflow serialises concurrent saves. */
export async function saveWorkflow(
  prisma: PrismaClient,
  user: AuthUser,
  id: string,
  input: { definition: WorkflowDefinition; description?: string; message?: string; warnings: Problem[] },
  ip: string | null,
) {
  const { permissions } = await loadWorkflowFor(prisma, user, id, 'edit');
  const wf = await prisma.$transaction(async (tx) => {
    const updated = await tx.workflow.update({
      where: { id },
      data: {
        name: input.definition.name,
        ...(input.description !== undefined ? { description: input.description } : {}),
        latestVersion: { increment: 1 },
      },
    });
    await tx.workflowVersion.create({
      data: {
        workflowId: id,
        version: updated.latestVersion,
        definition: jsonValue(input.definition),
        message: input.message ?? null,
        createdById: user.id,
      },
    });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.update',
      targetType: 'workflow',
      targetId: id,
      result: 'success',
      details: { version: updated.latestVersion },
      ip,
    });
    return updated;
  });
  return {
    ...toWorkflowView(wf, input.definition, abilitiesOf(user, { ...wf, permissions })),
    warnings: input.warnings,
  };
}

export async function deleteWorkflow(
  prisma: PrismaClient,
  timers: ScheduleTimers,
  user: AuthUser,
  id: string,
  ip: string | null,
) {
  const wf = await loadWorkflowFor(prisma, user, id, 'delete');
  await prisma.$transaction(async (tx) => {
    await removeWorkflowTimers(tx, timers, id);
    await tx.workflow.delete({ where: { id } });
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.delete',
      targetType: 'workflow',
      targetId: id,
      result: 'success',
      details: { name: wf.name },
      ip,
    });
  });
}

export async function listVersions(prisma: PrismaClient, user: AuthUser, id: string, q: PageQuery) {
  await loadWorkflowFor(prisma, user, id, 'view');
  const rows = await prisma.workflowVersion.findMany({
    where: { workflowId: id, ...idAfter(q.cursor, 'desc') },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  });
  return toPage(rows, q.limit, toVersionView);
}

export async function getVersion(prisma: PrismaClient, user: AuthUser, id: string, version: number) {
  await loadWorkflowFor(prisma, user, id, 'view');
  const v = await prisma.workflowVersion.findUnique({ where: { workflowId_version: { workflowId: id, version } } });
  if (!v) throw new ApiError('NOT_FOUND', `Version ${version} of this workflow does not exist`);
  return toVersionView(v);
}

/** Sets the version webhooks and schedules run (default: the latest). */
/** Activating arms the workflow's webhooks and schedules, so it needs execute as well as edit (docs/access.md). */
export async function activateWorkflow(
  prisma: PrismaClient,
  timers: ScheduleTimers,
  user: AuthUser,
  id: string,
  version: number | undefined,
  ip: string | null,
) {
  const wf = await loadWorkflowFor(prisma, user, id, ['edit', 'execute']);
  const target = version ?? wf.latestVersion;
  const exists = await prisma.workflowVersion.count({ where: { workflowId: id, version: target } });
  if (!exists) {
    throw new ApiError('VALIDATION_ERROR', `version ${target} does not exist (latest is ${wf.latestVersion})`, [
      { path: 'body.version', message: `must be between 1 and ${wf.latestVersion}` },
    ]);
  }
  const updated = await prisma.$transaction(async (tx) => {
    const u = await tx.workflow.update({ where: { id }, data: { activeVersion: target } });
    await syncWorkflowTimers(tx, timers, id, true, wf.activeVersion === null);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.activate',
      targetType: 'workflow',
      targetId: id,
      result: 'success',
      details: { version: target },
      ip,
    });
    return u;
  });
  return toWorkflowSummary(updated);
}

export async function deactivateWorkflow(
  prisma: PrismaClient,
  timers: ScheduleTimers,
  user: AuthUser,
  id: string,
  ip: string | null,
) {
  await loadWorkflowFor(prisma, user, id, 'edit');
  const updated = await prisma.$transaction(async (tx) => {
    const u = await tx.workflow.update({ where: { id }, data: { activeVersion: null } });
    await syncWorkflowTimers(tx, timers, id, false, false);
    await recordAudit(tx, {
      actorId: user.id,
      action: 'workflow.deactivate',
      targetType: 'workflow',
      targetId: id,
      result: 'success',
      ip,
    });
    return u;
  });
  return toWorkflowSummary(updated);
}

/** The definition document of a version (latest by default), for export. */
export async function exportWorkflow(prisma: PrismaClient, user: AuthUser, id: string, version?: number) {
  const wf = await loadWorkflowFor(prisma, user, id, 'view');
  const v = await prisma.workflowVersion.findUnique({
    where: { workflowId_version: { workflowId: id, version: version ?? wf.latestVersion } },
  });
  if (!v) throw new ApiError('NOT_FOUND', `Version ${version} of this workflow does not exist`);
  return v.definition;
}
