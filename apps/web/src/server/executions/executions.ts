import 'server-only';
import { PgExecutionCreator, type PgPool, type PrismaClient } from '@weft/db';
import type { Json, WakeQueue } from '@weft/engine';
import type { WakeRetrier } from '@weft/queue';
import type { AuthUser } from '../auth/auth-user';
import { assertCan, can, workflowsWhere } from '../auth/permissions';
import { ApiError } from '../http/errors';
import { idAfter, toPage, type PageQuery } from '../pagination';
import { loadWorkflowFor } from '../workflows/load';
import { DATABASE_RETRY_MS, startRun } from './start';
import { encodeStepCursor, type StepPageQuery, type StepPosition } from './step-page';
import { toExecutionSummaryView, toExecutionView, toRunningView, toStepView } from './views';

/** Manual run of a version (latest draft by default) → the new execution's id. */
export async function runWorkflow(
  deps: { prisma: PrismaClient; pool: PgPool; wakes: WakeQueue; wakeRetrier: Pick<WakeRetrier, 'later'> },
  user: AuthUser,
  workflowId: string,
  input: { input?: Json; version?: number },
) {
  const wf = await loadWorkflowFor(deps.prisma, user, workflowId, 'execute');
  const versionNumber = input.version ?? wf.latestVersion;
  const version = await deps.prisma.workflowVersion.findUnique({
    where: { workflowId_version: { workflowId, version: versionNumber } },
  });
  if (!version) {
    throw new ApiError('VALIDATION_ERROR', `version ${versionNumber} does not exist (latest is ${wf.latestVersion})`, [
      { path: 'body.version', message: `must be between 1 and ${wf.latestVersion}` },
    ]);
  }
  return startRun(
    {
      executions: new PgExecutionCreator(deps.pool, { retryUnavailableMs: DATABASE_RETRY_MS }),
      wakes: deps.wakes,
      retrier: deps.wakeRetrier,
    },
    { workflowId, version, trigger: 'manual', triggerData: input.input ?? {} },
  );
}

export async function listExecutions(
  prisma: PrismaClient,
  user: AuthUser,
  q: PageQuery & { workflowId?: string; webhookId?: string; scheduleId?: string; status?: string[] },
) {
  if (q.workflowId) {
    const wf = await prisma.workflow.findUnique({
      where: { id: q.workflowId },
      include: { permissions: { where: { userId: user.id } } },
    });
    if (!wf) throw new ApiError('NOT_FOUND', 'Workflow not found');
    assertCan(user, 'view', wf);
  }
  const rows = await prisma.execution.findMany({
    where: {
      AND: [
        q.workflowId ? { workflowId: q.workflowId } : { workflow: workflowsWhere(user, 'view') },
        q.webhookId ? { webhookId: q.webhookId } : {},
        q.scheduleId ? { scheduleId: q.scheduleId } : {},
        q.status?.length ? { status: { in: q.status as never } } : {},
        idAfter(q.cursor, 'desc'),
      ],
    },
    orderBy: { id: 'desc' },
    take: q.limit + 1,
    // Summaries: the payload columns (triggerData, output, state) are never read.
    select: SUMMARY_COLUMNS,
  });
  return toPage(rows, q.limit, (e) => ({ ...toExecutionSummaryView(e), workflowName: e.workflow.name }));
}

const SUMMARY_COLUMNS = {
  id: true,
  workflowId: true,
  version: true,
  status: true,
  trigger: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  durationMs: true,
  nodesExecuted: true,
  error: true,
  errorNodeId: true,
  parentExecutionId: true,
  webhookId: true,
  scheduleId: true,
  workflow: { select: { name: true } },
} as const;

/** The execution row, or NOT_FOUND when it is missing or the caller may not view its workflow. */
async function loadExecutionFor(prisma: PrismaClient, user: AuthUser, id: string) {
  const e = await prisma.execution.findUnique({
    where: { id },
    include: { workflow: { select: { name: true, createdById: true, permissions: { where: { userId: user.id } } } } },
  });
  if (!e) throw new ApiError('NOT_FOUND', 'Execution not found');
  try {
    assertCan(user, 'view', e.workflow);
  } catch {
    throw new ApiError('NOT_FOUND', 'Execution not found');
  }
  return e;
}

/**
 * Steps in start order (startedAt, then id). The row comparison `(startedAt, id) > cursor`
 * is spelled as `startedAt >= t AND (startedAt > t OR id > i)` so the first half is an index
 * condition: (executionId, startedAt) without a scope, (executionId, scope, startedAt, id)
 * with one.
 */
function readSteps(
  prisma: PrismaClient,
  executionId: string,
  q: { scope?: string; cursor?: StepPosition; take?: number; throughSeq?: number },
) {
  const after = q.cursor;
  return prisma.executionStep.findMany({
    where: {
      executionId,
      ...(q.scope !== undefined ? { scope: q.scope } : {}),
      ...(q.throughSeq !== undefined ? { seq: { lte: q.throughSeq } } : {}),
      ...(after
        ? {
            startedAt: { gte: after.startedAt },
            OR: [{ startedAt: { gt: after.startedAt } }, { id: { gt: after.id } }],
          }
        : {}),
    },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    ...(q.take !== undefined ? { take: q.take } : {}),
  });
}

/**
 * One execution with a page of its steps (docs/api.md). The execution is read before its
 * steps: a checkpoint writes steps and status together, so a final status read here means
 * every step is already there. `throughSeq` (the live snapshot) leaves out steps recorded by
 * changes after the execution's `seq` as read, so the stream sends those once, as changes.
 */
export async function getExecution(
  prisma: PrismaClient,
  user: AuthUser,
  id: string,
  page: StepPageQuery,
  opts: { throughSeq?: boolean } = {},
) {
  const e = await loadExecutionFor(prisma, user, id);
  const rows = await readSteps(prisma, e.id, {
    scope: page.scope,
    cursor: page.cursor,
    take: page.limit + 1,
    ...(opts.throughSeq ? { throughSeq: e.seq } : {}),
  });
  const hasMore = rows.length > page.limit;
  const pageRows = hasMore ? rows.slice(0, page.limit) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    ...toExecutionView(e),
    workflowName: e.workflow.name,
    seq: e.seq,
    running: toRunningView(e.running),
    steps: pageRows.map(toStepView),
    stepsNextCursor: hasMore && last ? encodeStepCursor(last) : null,
  };
}

/** Whether the caller may still view the execution (a live stream re-checks while open). */
export async function canViewExecution(prisma: PrismaClient, user: AuthUser, id: string): Promise<boolean> {
  const e = await prisma.execution.findUnique({
    where: { id },
    select: { workflow: { select: { createdById: true, permissions: { where: { userId: user.id } } } } },
  });
  return e !== null && can(user, 'view', e.workflow);
}
