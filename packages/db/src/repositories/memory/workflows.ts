import type { WorkflowRepository, WorkflowWithGrant } from '../workflows';
import type { MemoryTables } from './tables';

/** The in-memory WorkflowRepository; passes the same contract suite as PrismaWorkflowRepository. */
export class MemoryWorkflowRepository implements WorkflowRepository {
  constructor(protected readonly t: MemoryTables) {}

  async findWithGrant(id: string, userId: string): Promise<WorkflowWithGrant | null> {
    const wf = this.t.workflows.get(id);
    if (!wf) return null;
    const permissions = [...this.t.grants.values()].filter((g) => g.workflowId === id && g.userId === userId);
    return structuredClone({ ...wf, permissions });
  }
}
