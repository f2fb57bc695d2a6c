import type { Execution, ExecutionStatus, ExecutionStep, Prisma, WorkflowPermission } from '../generated/prisma/client';
import type { Db } from './db';
import { idAfter, pageOf, type PageRequest, type RowPage } from './paging';
import { workflowsVisibleWhere, type Visibility } from './visibility';

/**
 * Executions and their steps as the web's read use cases see them: the lists, one execution's
 * detail and its steps paged. The drive's writes are PgExecutionStore; the one insert is
 * packages/db/src/executions.ts.
 */

/** What narrows a list besides the workflow: a webhook's deliveries, a schedule's runs, statuses. */
export interface ExecutionListFilter {
  webhookId?: string;
  scheduleId?: string;
  /** Any of these (none or empty: every status). */
  status?: readonly ExecutionStatus[];
}

/** A list entry: the row without its payloads (trigger data, output, planner state), with the workflow's name. */
export type ExecutionSummaryRow = Pick<
  Execution,
  | 'id'
  | 'workflowId'
  | 'version'
  | 'status'
  | 'trigger'
  | 'createdAt'
  | 'startedAt'
  | 'finishedAt'
  | 'durationMs'
  | 'nodesExecuted'
  | 'error'
  | 'errorNodeId'
  | 'parentExecutionId'
  | 'webhookId'
  | 'scheduleId'
> & { workflowName: string };

/** Who may see an execution: its workflow's creator and one user's grant on it (zero or one row). */
export interface ExecutionWorkflowAccess {
  createdById: string | null;
  permissions: WorkflowPermission[];
}

/** One execution, every column, with its workflow's name and what a permission check needs. */
export type ExecutionDetailRow = Execution & { workflow: ExecutionWorkflowAccess & { name: string } };

/** Where a step sits in start order: the page after it begins past this (startedAt, id). */
export interface StepPosition {
  startedAt: Date;
  id: string;
}

export interface StepPageRequest {
  /** One loop iteration's steps (`loop1[3]`), or the top level (''); absent: every step. */
  scope?: string;
  after?: StepPosition;
  limit: number;
  /** Leave out steps recorded by changes after this seq (a live snapshot). */
  throughSeq?: number;
}

export interface StepPage {
  items: ExecutionStep[];
  /** The last step of this page when another page follows, else null. */
  next: StepPosition | null;
}

export interface ExecutionRepository {
  /** One workflow's executions (the caller has checked it may view the workflow), newest first. */
  listForWorkflow(
    workflowId: string,
    filter: ExecutionListFilter,
    page: PageRequest,
  ): Promise<RowPage<ExecutionSummaryRow>>;
  /** The executions of every workflow `visibility` shows, newest first. */
  listVisible(
    visibility: Visibility,
    filter: ExecutionListFilter,
    page: PageRequest,
  ): Promise<RowPage<ExecutionSummaryRow>>;
  /** The execution with its workflow's name and `userId`'s grant, or null when there is none. */
  findWithAccess(id: string, userId: string): Promise<ExecutionDetailRow | null>;
  /** Just who may see the execution (a live stream re-checks this while open), or null when there is none. */
  findAccess(id: string, userId: string): Promise<ExecutionWorkflowAccess | null>;
  /** A page of the execution's steps in start order: (startedAt, id), ids breaking ties within a millisecond. */
  stepPage(executionId: string, q: StepPageRequest): Promise<StepPage>;
}

// Summaries: the payload columns (triggerData, output, state) are never read.
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

const GRANT_COLUMNS = (userId: string) => ({ createdById: true, permissions: { where: { userId } } }) as const;

/** A page of `limit + 1` steps fetched in start order (shared by the Prisma repository and the fake). */
export function stepPageOf(rows: ExecutionStep[], limit: number): StepPage {
  const hasMore = rows.length > limit;
  const items = hasMore ? rows.slice(0, limit) : rows;
  const last = items[items.length - 1];
  return { items, next: hasMore && last ? { startedAt: last.startedAt, id: last.id } : null };
}

export class PrismaExecutionRepository implements ExecutionRepository {
  constructor(protected readonly db: Db) {}

  listForWorkflow(workflowId: string, filter: ExecutionListFilter, page: PageRequest) {
    return this.list({ workflowId }, filter, page);
  }

  listVisible(visibility: Visibility, filter: ExecutionListFilter, page: PageRequest) {
    return this.list({ workflow: workflowsVisibleWhere(visibility) }, filter, page);
  }

  private async list(
    scope: Prisma.ExecutionWhereInput,
    q: ExecutionListFilter,
    page: PageRequest,
  ): Promise<RowPage<ExecutionSummaryRow>> {
    const rows = await this.db.execution.findMany({
      where: {
        AND: [
          scope,
          q.webhookId ? { webhookId: q.webhookId } : {},
          q.scheduleId ? { scheduleId: q.scheduleId } : {},
          q.status?.length ? { status: { in: [...q.status] } } : {},
          idAfter(page.cursor, 'desc'),
        ],
      },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
      select: SUMMARY_COLUMNS,
    });
    return pageOf(
      rows.map(({ workflow, ...e }) => ({ ...e, workflowName: workflow.name })),
      page.limit,
    );
  }

  findWithAccess(id: string, userId: string): Promise<ExecutionDetailRow | null> {
    return this.db.execution.findUnique({
      where: { id },
      include: { workflow: { select: { name: true, ...GRANT_COLUMNS(userId) } } },
    });
  }

  async findAccess(id: string, userId: string): Promise<ExecutionWorkflowAccess | null> {
    const e = await this.db.execution.findUnique({
      where: { id },
      select: { workflow: { select: GRANT_COLUMNS(userId) } },
    });
    return e?.workflow ?? null;
  }

  /**
   * The row comparison `(startedAt, id) > after` is spelled as `startedAt >= t AND (startedAt > t
   * OR id > i)` so the first half is an index condition: (executionId, startedAt) without a scope,
   * (executionId, scope, startedAt, id) with one.
   */
  async stepPage(executionId: string, q: StepPageRequest): Promise<StepPage> {
    const after = q.after;
    const rows = await this.db.executionStep.findMany({
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
      take: q.limit + 1,
    });
    return stepPageOf(rows, q.limit);
  }
}
