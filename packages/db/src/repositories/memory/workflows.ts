import type { WorkflowRepository } from '../workflows';
import type { MemoryTables } from './tables';

/** The in-memory WorkflowRepository (unit tests of the web's use cases); passes the same contract suite as PrismaWorkflowRepository. */
export class MemoryWorkflowRepository implements WorkflowRepository {
  constructor(protected readonly t: MemoryTables) {}
}
