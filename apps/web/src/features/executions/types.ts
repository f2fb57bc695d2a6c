/** What the executions list and viewer read from the API: the contract's types (@weft/contracts executions.ts). */
export {
  EXECUTION_STATUSES,
  isLive,
  type Execution,
  type ExecutionDetail,
  type ExecutionError,
  type ExecutionStatus,
  type ExecutionSummary,
  type Page,
  type RunningNode,
  type Step,
  type StepStatus,
} from '@weft/contracts';
