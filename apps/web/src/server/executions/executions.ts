import 'server-only';
import type { ExecutionStatus, Repositories } from '@weft/db';
import type { AuthUser } from '../auth/auth-user';
import { can, visibilityFor } from '../auth/permissions';
import { ApiError } from '../http/errors';
import { mapPage, type PageQuery } from '../pagination';
import { loadWorkflowFor } from '../workflows/load';
import { encodeStepCursor, type StepPageQuery } from './step-page';
import { toExecutionSummaryView, toExecutionView, toRunningView, toStepView } from './views';

/** The reads here need only the executions (and, for one workflow's list, the workflow's grant). */
type Repos = Pick<Repositories, 'executions' | 'workflows'>;

/** Executions the caller may view, newest first: one workflow's (404 unless visible) or every visible one's. */
export async function listExecutions(
  store: Repos,
  user: AuthUser,
  q: PageQuery & { workflowId?: string; webhookId?: string; scheduleId?: string; status?: ExecutionStatus[] },
) {
  const { cursor, limit, workflowId, ...filter } = q;
  if (workflowId) await loadWorkflowFor(store, user, workflowId, 'view');
  const page = workflowId
    ? await store.executions.listForWorkflow(workflowId, filter, { cursor, limit })
    : await store.executions.listVisible(visibilityFor(user, 'view'), filter, { cursor, limit });
  return mapPage(page, (e) => ({ ...toExecutionSummaryView(e), workflowName: e.workflowName }));
}

/**
 * One execution with a page of its steps (docs/api.md). The execution is read before its
 * steps: a checkpoint writes steps and status together, so a final status read here means
 * every step is already there. `throughSeq` (the live snapshot) leaves out steps recorded by
 * changes after the execution's `seq` as read, so the stream sends those once, as changes.
 * NOT_FOUND when it is missing or the caller may not view its workflow.
 */
export async function getExecution(
  store: Pick<Repositories, 'executions'>,
  user: AuthUser,
  id: string,
  page: StepPageQuery,
  opts: { throughSeq?: boolean } = {},
) {
  const e = await store.executions.findWithAccess(id, user.id);
  if (!e || !can(user, 'view', e.workflow)) throw new ApiError('NOT_FOUND', 'Execution not found');
  const steps = await store.executions.stepPage(e.id, {
    scope: page.scope,
    after: page.cursor,
    limit: page.limit,
    ...(opts.throughSeq ? { throughSeq: e.seq } : {}),
  });
  return {
    ...toExecutionView(e),
    workflowName: e.workflow.name,
    seq: e.seq,
    running: toRunningView(e.running),
    steps: steps.items.map(toStepView),
    stepsNextCursor: steps.next ? encodeStepCursor(steps.next) : null,
  };
}

/** Whether the caller may still view the execution (a live stream re-checks while open). */
export async function canViewExecution(
  store: Pick<Repositories, 'executions'>,
  user: AuthUser,
  id: string,
): Promise<boolean> {
  const access = await store.executions.findAccess(id, user.id);
  return access !== null && can(user, 'view', access);
}
