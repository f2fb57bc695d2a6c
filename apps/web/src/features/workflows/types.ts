/** What the workflows page reads from the API: the contract's types (@weft/contracts workflows.ts). */
export type {
  ExecutionStatus,
  LastExecution,
  Page,
  WorkflowListItem,
} from '@weft/contracts';
