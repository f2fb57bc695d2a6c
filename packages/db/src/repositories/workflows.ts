import type { Role, Workflow, WorkflowPermission, WorkflowVersion } from '../generated/prisma/client';
import { json } from '../json';
import type { Db } from './db';
import { idAfter, pageOf, type PageRequest, type RowPage } from './paging';
import { workflowsVisibleWhere, type GrantFlag, type Visibility } from './visibility';

/** A workflow with the grant rows of one user (zero or one): what a permission check needs. */
export type WorkflowWithGrant = Workflow & { permissions: WorkflowPermission[] };

/** What a workflow-scoped resource can be: the workflow itself or something that belongs to one. */
export type WorkflowPart = 'workflow' | 'schedule' | 'webhook' | 'execution';

export interface WorkflowListFilter {
  /** Part of the name, any case. */
  search?: string;
  /** Only workflows with (true) or without (false) an active version. */
  active?: boolean;
}

/** A workflow's newest execution (the list's "last run" column). */
export interface LatestExecutionRow {
  workflowId: string;
  id: string;
  status: string;
  createdAt: Date;
}

/** What a save writes: the name and description come from the definition, the version is the next one. */
export interface VersionInput {
  name: string;
  definition: unknown;
  message: string | null;
  createdById: string;
}

/** One grant as a request sets it. */
export type GrantInput = { userId: string } & Record<GrantFlag, boolean>;

/** A grant with its grantee's name (the permissions page). */
export type GrantRow = WorkflowPermission & { user: { email: string; name: string | null; role: Role } };

/** A workflow's creator and grants, oldest grant first. */
export interface WorkflowGrants {
  creator: { id: string; email: string; name: string | null } | null;
  grants: GrantRow[];
}

/** Workflows, their immutable versions and their grants (one aggregate: a version or grant never outlives its workflow). */
export interface WorkflowRepository {
  /** The workflow with `userId`'s grant, or null when there is no such workflow. */
  findWithGrant(id: string, userId: string): Promise<WorkflowWithGrant | null>;
  /** The workflow (with `userId`'s grant) that resource `id` of `kind` belongs to; null when there is none. */
  accessOf(kind: WorkflowPart, id: string, userId: string): Promise<WorkflowWithGrant | null>;
  /** Workflows `visibility` allows, newest first, filtered, paged by id. */
  listVisible(visibility: Visibility, filter: WorkflowListFilter, page: PageRequest): Promise<RowPage<Workflow>>;
  /** The newest execution of each of these workflows (none for a workflow that never ran). */
  latestExecutions(workflowIds: readonly string[]): Promise<LatestExecutionRow[]>;
  /** A new workflow with its version 1. */
  createWithFirstVersion(input: VersionInput & { description: string }): Promise<Workflow>;
  /**
   * Stores version latest+1 and makes it the latest. Run it inside `store.transaction`: the update
   * of the workflow row locks it, so concurrent saves get consecutive versions.
   */
  saveNewVersion(id: string, input: VersionInput & { description?: string }): Promise<Workflow>;
  /** Deletes the workflow with its versions, grants, schedules, webhooks and executions. */
  delete(id: string): Promise<void>;
  /** Sets the version its webhooks and schedules run (null: inactive). */
  setActiveVersion(id: string, version: number | null): Promise<Workflow>;
  /** Version `version` of the workflow, or null. */
  findVersion(workflowId: string, version: number): Promise<WorkflowVersion | null>;
  /** The workflow's versions, newest first, paged by id. */
  listVersions(workflowId: string, page: PageRequest): Promise<RowPage<WorkflowVersion>>;
  /** The creator and grants of a workflow, or null when there is no such workflow. */
  grantsOf(workflowId: string): Promise<WorkflowGrants | null>;
  /** Which of these ids are users (a grant can only name one). */
  existingUserIds(userIds: readonly string[]): Promise<Set<string>>;
  /** Replaces every grant of the workflow with `grants` (one per user). */
  replaceGrants(workflowId: string, grants: readonly GrantInput[]): Promise<void>;
}

/** The include that loads one user's grant with a workflow. */
const grantOf = (userId: string) => ({ permissions: { where: { userId } } });

export class PrismaWorkflowRepository implements WorkflowRepository {
  constructor(protected readonly db: Db) {}

  findWithGrant(id: string, userId: string): Promise<WorkflowWithGrant | null> {
    return this.db.workflow.findUnique({ where: { id }, include: grantOf(userId) });
  }

  async accessOf(kind: WorkflowPart, id: string, userId: string): Promise<WorkflowWithGrant | null> {
    const select = { workflow: { include: grantOf(userId) } } as const;
    switch (kind) {
      case 'workflow':
        return this.findWithGrant(id, userId);
      case 'schedule':
        return (await this.db.schedule.findUnique({ where: { id }, select }))?.workflow ?? null;
      case 'webhook':
        return (await this.db.webhook.findUnique({ where: { id }, select }))?.workflow ?? null;
      case 'execution':
        return (await this.db.execution.findUnique({ where: { id }, select }))?.workflow ?? null;
    }
  }

  async listVisible(v: Visibility, q: WorkflowListFilter, page: PageRequest): Promise<RowPage<Workflow>> {
    const rows = await this.db.workflow.findMany({
      where: {
        AND: [
          workflowsVisibleWhere(v),
          q.search ? { name: { contains: q.search, mode: 'insensitive' as const } } : {},
          q.active === undefined ? {} : { activeVersion: q.active ? { not: null } : null },
          idAfter(page.cursor, 'desc'),
        ],
      },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(rows, page.limit);
  }

  async latestExecutions(workflowIds: readonly string[]): Promise<LatestExecutionRow[]> {
    if (workflowIds.length === 0) return [];
    // One index-backed query (executions(workflowId, id DESC)).
    return this.db.$queryRaw<LatestExecutionRow[]>`
      SELECT DISTINCT ON ("workflowId") id, "workflowId", status::text AS status, "createdAt"
      FROM executions WHERE "workflowId" = ANY(${[...workflowIds]}::uuid[]) ORDER BY "workflowId", id DESC`;
  }

  createWithFirstVersion(input: VersionInput & { description: string }): Promise<Workflow> {
    return this.db.workflow.create({
      data: {
        name: input.name,
        description: input.description,
        createdById: input.createdById,
        latestVersion: 1,
        versions: {
          create: {
            version: 1,
            definition: json(input.definition),
            message: input.message,
            createdById: input.createdById,
          },
        },
      },
    });
  }

  async saveNewVersion(id: string, input: VersionInput & { description?: string }): Promise<Workflow> {
    const updated = await this.db.workflow.update({
      where: { id },
      data: {
        name: input.name,
        ...(input.description !== undefined ? { description: input.description } : {}),
        latestVersion: { increment: 1 },
      },
    });
    await this.db.workflowVersion.create({
      data: {
        workflowId: id,
        version: updated.latestVersion,
        definition: json(input.definition),
        message: input.message,
        createdById: input.createdById,
      },
    });
    return updated;
  }

  async delete(id: string): Promise<void> {
    await this.db.workflow.delete({ where: { id } });
  }

  setActiveVersion(id: string, version: number | null): Promise<Workflow> {
    return this.db.workflow.update({ where: { id }, data: { activeVersion: version } });
  }

  findVersion(workflowId: string, version: number): Promise<WorkflowVersion | null> {
    return this.db.workflowVersion.findUnique({ where: { workflowId_version: { workflowId, version } } });
  }

  async listVersions(workflowId: string, page: PageRequest): Promise<RowPage<WorkflowVersion>> {
    const rows = await this.db.workflowVersion.findMany({
      where: { workflowId, ...idAfter(page.cursor, 'desc') },
      orderBy: { id: 'desc' },
      take: page.limit + 1,
    });
    return pageOf(rows, page.limit);
  }

  async grantsOf(workflowId: string): Promise<WorkflowGrants | null> {
    const wf = await this.db.workflow.findUnique({
      where: { id: workflowId },
      select: {
        createdBy: { select: { id: true, email: true, name: true } },
        permissions: {
          include: { user: { select: { email: true, name: true, role: true } } },
          orderBy: { createdAt: 'asc' },
        },
      },
    });
    return wf && { creator: wf.createdBy, grants: wf.permissions };
  }

  async existingUserIds(userIds: readonly string[]): Promise<Set<string>> {
    const users = await this.db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true } });
    return new Set(users.map((u) => u.id));
  }

  async replaceGrants(workflowId: string, grants: readonly GrantInput[]): Promise<void> {
    await this.db.workflowPermission.deleteMany({ where: { workflowId } });
    if (grants.length) await this.db.workflowPermission.createMany({ data: grants.map((g) => ({ workflowId, ...g })) });
  }
}
