/** What the workflows page reads from the API: the contract's types (@weft/contracts workflows.ts). */
import type { ExecutionSummary as ListedExecution } from '@weft/contracts';

export type {
  ExecutionStatus,
  LastExecution,
  Page as ListResponse,
  WorkflowListItem as WorkflowSummary,
} from '@weft/contracts';

/** What the recent-executions list shows of each run. */
export type ExecutionSummary = Pick<
  ListedExecution,
  'id' | 'status' | 'trigger' | 'createdAt' | 'durationMs' | 'finishedAt'
>;
