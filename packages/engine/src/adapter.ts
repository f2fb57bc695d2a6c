/**
 * `@weft/engine/adapter`: what a storage adapter needs to implement the engine's ports, and
 * nothing an app builds on (that is `@weft/engine`). packages/db implements ExecutionStore and
 * ExecutionCreator with it; the in-memory fakes in ./testing are its reference.
 */

// The ExecutionStore port and the records it exchanges with the driver.
export type {
  Acquired,
  Checkpoint,
  ExecutionFinish,
  ExecutionRecord,
  ExecutionStore,
  LeasedRun,
  NodeOutcome,
  StepRecord,
} from './execution-store';
export type { SerializedError } from './errors';

// The planner state at the storage edge: stored through the codec, never read key by key.
export { decodeExecutionState, encodeExecutionState, type StoredExecutionState } from './planner/state-codec';
export { newExecutionState } from './start-execution';
export { hasSettledNodes, nodeKey, type ExecutionState } from './planner/state';
// What a resumed drive needs from the steps table, and what live views show as running.
export { outcomesNeeded, type OutcomeNeeds } from './planner/planner';
export { runningNodes } from './planner/running';

// Writing: many inserts in one statement, and JSON text jsonb accepts.
export { GroupCommit } from './group-commit';
export { storableJsonText } from './json';

// Schedules: which fire times start a run, under the schedule's overlap policy.
export { mayStartPending, planFires, type FireDecision } from './schedule';
