import type { ExecutionRepository } from '../executions';
import type { MemoryTables } from './tables';

/** The in-memory ExecutionRepository (unit tests of the web's use cases); passes the same contract suite as PrismaExecutionRepository. */
export class MemoryExecutionRepository implements ExecutionRepository {
  constructor(protected readonly t: MemoryTables) {}
}
