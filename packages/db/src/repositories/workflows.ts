import type { Db } from './db';

/** Workflows, their immutable versions and their grants (one aggregate: a version or grant never outlives its workflow). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the workflows repository's change
export interface WorkflowRepository {}

export class PrismaWorkflowRepository implements WorkflowRepository {
  constructor(protected readonly db: Db) {}
}
