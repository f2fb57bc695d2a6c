import 'server-only';
import { PgExecutionCreator, type PgPool, type PrismaClient } from '@weft/db';
import type { Json, WakeQueue } from '@weft/engine';
import type { AuthUser } from '../auth/auth-user';
import { assertCan } from '../auth/permissions';
import { ApiError } from '../http/errors';
import { idAfter, toPage, type PageQuery } from '../pagination';
import { loadWorkflowFor, visibleWorkflowsWhere } from '../workflows/workflows';
import { startRun } from './start';
import { toExecutionView, toStepView } from './views';

/** Manual run of a version (latest draft by default) → the new execution's id. */
export async function runWorkflow(
  deps: { prisma: PrismaClient; pool: PgPool; wakes: WakeQueue },
  user: AuthUser,
  workflowId: string,
  input: { input?: Json; version?: number },
) {
  const wf = await loadWorkflowFor(deps.prisma, user, workflowId, 'execute');
  const versionNumber = input.version ?? wf.latestVersion;
  const version = await deps.prisma.workflowVersion.findUnique({ where: { workflowId_version: { workflowId, version: versionNumber } } });
  if (!version) {
    throw new ApiError('VALIDATION_ERROR', `version ${versionNumber} does not exist (latest is ${wf.latestVersion})`, [{ path: 'body.version', message: `must be between 1 and ${wf.latestVersion}` }]);
  }
  return startRun({ executions: new PgExecutionCreator(deps.pool), wakes: deps.wakes }, { workflowId, version, trigger: 'manual', triggerData: input.input ?? {} });
}

export async function listExecutions(
  prisma: PrismaClient,
  user: AuthUser,
  q: PageQuery & { workflowId?: string; webhookId?: string; status?: string[] },
) {
  if (q.workflowId) {
    const wf = await prisma.workflow.findUnique({ where: { id: q.workflowId }, include: { permissions: { where: { userId: user.id } } } });
    if (!wf) throw new ApiError('NOT_FOUND', 'Workflow not found');
    assertCan(user, 'view', wf);
  }
  const rows = await prisma.execution.findMany({
    where: {
      AND: [
        q.workflowId ? { workflowId: q.workflowId } : { workflow: visibleWorkflowsWhere(user) },
        q.webhookId ? { webhookId: q.webhookId } : {},
        q.status?.length ? { status: { in: q.status as never } } : {},
        idAfter(q.cursor, 'desc'),
      ],
    },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
    include: { workflow: { select: { name: true } } },
  });
  return toPage(rows, q.limit, (e) => ({ ...toExecutionView(e), workflowName: e.workflow.name }));
}

export async function getExecution(prisma: PrismaClient, user: AuthUser, id: string) {
  const e = await prisma.execution.findUnique({
    where: { id },
    include: {
      steps: { orderBy: [{ startedAt: 'asc' }, { attempt: 'asc' }] },
      workflow: { select: { name: true, createdById: true, permissions: { where: { userId: user.id } } } },
    },
  });
  if (!e) throw new ApiError('NOT_FOUND', 'Execution not found');
  try {
    assertCan(user, 'view', e.workflow);
  } catch {
    throw new ApiError('NOT_FOUND', 'Execution not found');
  }
  return { ...toExecutionView(e), workflowName: e.workflow.name, steps: e.steps.map(toStepView) };
}
