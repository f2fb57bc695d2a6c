import type { Workflow, WorkflowVersion } from '../../generated/prisma/client';
import { pageInMemory, type PageRequest, type RowPage } from '../paging';
import { visibleInMemory, type Visibility } from '../visibility';
import type {
  GrantInput,
  LatestExecutionRow,
  VersionInput,
  WorkflowGrants,
  WorkflowListFilter,
  WorkflowPart,
  WorkflowRepository,
  WorkflowWithGrant,
} from '../workflows';
import { MemoryUniqueViolation, newId, storedJson, type MemoryTables } from './tables';

/** The key of a grant row in `tables.grants` (its primary key is (workflowId, userId)). */
export const grantKey = (workflowId: string, userId: string) => `${workflowId}:${userId}`;

/** The in-memory WorkflowRepository; passes the same contract suite as PrismaWorkflowRepository. */
export class MemoryWorkflowRepository implements WorkflowRepository {
  constructor(protected readonly t: MemoryTables) {}

  async findWithGrant(id: string, userId: string): Promise<WorkflowWithGrant | null> {
    const wf = this.t.workflows.get(id);
    if (!wf) return null;
    const permissions = [...this.t.grants.values()].filter((g) => g.workflowId === id && g.userId === userId);
    return structuredClone({ ...wf, permissions });
  }

  async accessOf(kind: WorkflowPart, id: string, userId: string): Promise<WorkflowWithGrant | null> {
    const part =
      kind === 'workflow'
        ? { workflowId: id }
        : kind === 'schedule'
          ? this.t.schedules.get(id)
          : kind === 'webhook'
            ? this.t.webhooks.get(id)
            : this.t.executions.get(id);
    return part ? this.findWithGrant(part.workflowId, userId) : null;
  }

  async listVisible(v: Visibility, q: WorkflowListFilter, page: PageRequest): Promise<RowPage<Workflow>> {
    const grants = [...this.t.grants.values()];
    const search = q.search?.toLowerCase();
    const matches = [...this.t.workflows.values()].filter(
      (w) =>
        visibleInMemory(v, w, grants) &&
        (!search || w.name.toLowerCase().includes(search)) &&
        (q.active === undefined || (w.activeVersion !== null) === q.active),
    );
    return structuredClone(pageInMemory(matches, page, 'desc'));
  }

  async latestExecutions(workflowIds: readonly string[]): Promise<LatestExecutionRow[]> {
    const latest = new Map<string, LatestExecutionRow>();
    for (const e of this.t.executions.values()) {
      if (!workflowIds.includes(e.workflowId)) continue;
      const seen = latest.get(e.workflowId);
      if (!seen || e.id > seen.id)
        latest.set(e.workflowId, { workflowId: e.workflowId, id: e.id, status: e.status, createdAt: e.createdAt });
    }
    return structuredClone([...latest.values()]);
  }

  async createWithFirstVersion(input: VersionInput & { description: string }): Promise<Workflow> {
    const now = new Date();
    const wf: Workflow = {
      id: newId(),
      name: input.name,
      description: input.description,
      createdById: input.createdById,
      activeVersion: null,
      latestVersion: 1,
      createdAt: now,
      updatedAt: now,
    };
    this.t.workflows.set(wf.id, wf);
    this.addVersion(wf.id, 1, input);
    return structuredClone(wf);
  }

  async saveNewVersion(id: string, input: VersionInput & { description?: string }): Promise<Workflow> {
    const wf = this.existing(id);
    const updated: Workflow = {
      ...wf,
      name: input.name,
      description: input.description ?? wf.description,
      latestVersion: wf.latestVersion + 1,
      updatedAt: new Date(),
    };
    this.t.workflows.set(id, updated);
    this.addVersion(id, updated.latestVersion, input);
    return structuredClone(updated);
  }

  async delete(id: string): Promise<void> {
    this.existing(id);
    this.t.workflows.delete(id);
    // What Postgres' ON DELETE CASCADE removes with it.
    const executions = new Set(this.removeWhere(this.t.executions, (e) => e.workflowId === id));
    const schedules = new Set(this.removeWhere(this.t.schedules, (s) => s.workflowId === id));
    this.removeWhere(this.t.versions, (v) => v.workflowId === id);
    this.removeWhere(this.t.grants, (g) => g.workflowId === id);
    this.removeWhere(this.t.webhooks, (w) => w.workflowId === id);
    this.removeWhere(this.t.steps, (s) => executions.has(s.executionId));
    this.removeWhere(this.t.fires, (f) => schedules.has(f.scheduleId));
    for (const f of this.t.fires.values()) if (f.executionId && executions.has(f.executionId)) f.executionId = null;
  }

  async setActiveVersion(id: string, version: number | null): Promise<Workflow> {
    const updated = { ...this.existing(id), activeVersion: version, updatedAt: new Date() };
    this.t.workflows.set(id, updated);
    return structuredClone(updated);
  }

  async findVersion(workflowId: string, version: number): Promise<WorkflowVersion | null> {
    const v = [...this.t.versions.values()].find((r) => r.workflowId === workflowId && r.version === version);
    return v ? structuredClone(v) : null;
  }

  async listVersions(workflowId: string, page: PageRequest): Promise<RowPage<WorkflowVersion>> {
    const rows = [...this.t.versions.values()].filter((v) => v.workflowId === workflowId);
    return structuredClone(pageInMemory(rows, page, 'desc'));
  }

  async grantsOf(workflowId: string): Promise<WorkflowGrants | null> {
    const wf = this.t.workflows.get(workflowId);
    if (!wf) return null;
    const creator = wf.createdById ? this.t.users.get(wf.createdById) : undefined;
    const grants = [...this.t.grants.values()]
      .filter((g) => g.workflowId === workflowId)
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
      .map((g) => {
        const u = this.t.users.get(g.userId)!;
        return { ...g, user: { email: u.email, name: u.name, role: u.role } };
      });
    return structuredClone({
      creator: creator ? { id: creator.id, email: creator.email, name: creator.name } : null,
      grants,
    });
  }

  async existingUserIds(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.t.users.has(id)));
  }

  async replaceGrants(workflowId: string, grants: readonly GrantInput[]): Promise<void> {
    this.removeWhere(this.t.grants, (g) => g.workflowId === workflowId);
    const createdAt = new Date();
    for (const g of grants) {
      const key = grantKey(workflowId, g.userId);
      if (this.t.grants.has(key)) throw new MemoryUniqueViolation('workflowId,userId');
      this.t.grants.set(key, { workflowId, ...g, createdAt });
    }
  }

  private existing(id: string): Workflow {
    const wf = this.t.workflows.get(id);
    // Prisma's update/delete of a missing row throws (P2025); the use cases check first.
    if (!wf) throw Object.assign(new Error(`No workflow ${id}`), { code: 'P2025' });
    return wf;
  }

  private addVersion(workflowId: string, version: number, input: VersionInput): void {
    const id = newId();
    this.t.versions.set(id, {
      id,
      workflowId,
      version,
      definition: storedJson(input.definition),
      message: input.message,
      createdById: input.createdById,
      createdAt: new Date(),
    });
  }

  /** Deletes the rows matching `doomed`; returns their keys. */
  private removeWhere<Row>(table: Map<string, Row>, doomed: (row: Row) => boolean): string[] {
    const keys = [...table].filter(([, row]) => doomed(row)).map(([key]) => key);
    for (const key of keys) table.delete(key);
    return keys;
  }
}
