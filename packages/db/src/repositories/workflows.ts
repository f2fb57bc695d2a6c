import type { Workflow, WorkflowPermission } from '../generated/prisma/client';
import type { Db } from './db';

/** A workflow with the grant rows of one user (zero or one): what a permission check needs. */
export type WorkflowWithGrant = Workflow & { permissions: WorkflowPermission[] };

/** Workflows, their immutable versions and their grants (one aggregate: a version or grant never outlives its workflow). */
export interface WorkflowRepository {
  /** The workflow with `userId`'s grant, or null when there is no such workflow. */
  findWithGrant(id: string, userId: string): Promise<WorkflowWithGrant | null>;
}

export class PrismaWorkflowRepository implements WorkflowRepository {
  constructor(protected readonly db: Db) {}

  findWithGrant(id: string, userId: string): Promise<WorkflowWithGrant | null> {
    return this.db.workflow.findUnique({ where: { id }, include: { permissions: { where: { userId } } } });
  }
}
