import type { Execution } from '../../generated/prisma/client';
import {
  stepPageOf,
  type ExecutionDetailRow,
  type ExecutionListFilter,
  type ExecutionRepository,
  type ExecutionSummaryRow,
  type ExecutionWorkflowAccess,
  type StepPage,
  type StepPageRequest,
} from '../executions';
import { pageInMemory, type PageRequest, type RowPage } from '../paging';
import { visibleInMemory, type Visibility } from '../visibility';
import type { MemoryTables } from './tables';

/** The in-memory ExecutionRepository (unit tests of the web's use cases); passes the same contract suite as PrismaExecutionRepository. */
export class MemoryExecutionRepository implements ExecutionRepository {
  constructor(protected readonly t: MemoryTables) {}

  async listForWorkflow(workflowId: string, filter: ExecutionListFilter, page: PageRequest) {
    return this.list((e) => e.workflowId === workflowId, filter, page);
  }

  async listVisible(visibility: Visibility, filter: ExecutionListFilter, page: PageRequest) {
    const grants = [...this.t.grants.values()];
    return this.list(
      (e) => {
        const wf = this.t.workflows.get(e.workflowId);
        return wf !== undefined && visibleInMemory(visibility, wf, grants);
      },
      filter,
      page,
    );
  }

  private list(
    inScope: (e: Execution) => boolean,
    q: ExecutionListFilter,
    page: PageRequest,
  ): RowPage<ExecutionSummaryRow> {
    const matches = [...this.t.executions.values()].filter(
      (e) =>
        inScope(e) &&
        (!q.webhookId || e.webhookId === q.webhookId) &&
        (!q.scheduleId || e.scheduleId === q.scheduleId) &&
        (!q.status?.length || q.status.includes(e.status)),
    );
    const rows = pageInMemory(matches, page, 'desc');
    return { ...rows, items: rows.items.map((e) => this.summary(e)) };
  }

  private summary(e: Execution): ExecutionSummaryRow {
    return structuredClone({
      id: e.id,
      workflowId: e.workflowId,
      version: e.version,
      status: e.status,
      trigger: e.trigger,
      createdAt: e.createdAt,
      startedAt: e.startedAt,
      finishedAt: e.finishedAt,
      durationMs: e.durationMs,
      nodesExecuted: e.nodesExecuted,
      error: e.error,
      errorNodeId: e.errorNodeId,
      parentExecutionId: e.parentExecutionId,
      webhookId: e.webhookId,
      scheduleId: e.scheduleId,
      workflowName: this.t.workflows.get(e.workflowId)?.name ?? '',
    });
  }

  async findWithAccess(id: string, userId: string): Promise<ExecutionDetailRow | null> {
    const e = this.t.executions.get(id);
    const access = e ? this.access(e.workflowId, userId) : null;
    if (!e || !access) return null;
    return structuredClone({ ...e, workflow: { ...access, name: this.t.workflows.get(e.workflowId)!.name } });
  }

  async findAccess(id: string, userId: string): Promise<ExecutionWorkflowAccess | null> {
    const e = this.t.executions.get(id);
    return e ? structuredClone(this.access(e.workflowId, userId)) : null;
  }

  private access(workflowId: string, userId: string): ExecutionWorkflowAccess | null {
    const wf = this.t.workflows.get(workflowId);
    if (!wf) return null;
    const permissions = [...this.t.grants.values()].filter((g) => g.workflowId === workflowId && g.userId === userId);
    return { createdById: wf.createdById, permissions };
  }

  async stepPage(executionId: string, q: StepPageRequest): Promise<StepPage> {
    const after = q.after;
    const rows = [...this.t.steps.values()]
      .filter(
        (s) =>
          s.executionId === executionId &&
          (q.scope === undefined || s.scope === q.scope) &&
          (q.throughSeq === undefined || s.seq <= q.throughSeq) &&
          (!after ||
            s.startedAt > after.startedAt ||
            (s.startedAt.getTime() === after.startedAt.getTime() && s.id > after.id)),
      )
      .sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return stepPageOf(structuredClone(rows.slice(0, q.limit + 1)), q.limit);
  }
}
