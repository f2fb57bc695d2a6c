import type { Db } from './db';

/** Executions and their steps as the web's read use cases see them (the drive's writes are PgExecutionStore; the one insert is executions.ts). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the executions repository's change
export interface ExecutionRepository {}

export class PrismaExecutionRepository implements ExecutionRepository {
  constructor(protected readonly db: Db) {}
}
