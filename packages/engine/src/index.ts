/**
 * @weft/engine's public surface: what the apps and the other packages build on. Everything
 * else is internal; what only a storage adapter needs (the ExecutionStore port's records, the
 * planner state's stored form, schedule firing) is `@weft/engine/adapter`, and the in-memory
 * fakes are `@weft/engine/testing`. A name is here because something outside the engine uses it.
 */

// Workflow definitions (SPEC §1) and their validation — the web app, the CLI, the editor.
export { NODE_ID_PATTERN, WorkflowDefinition, type NodeSettings, type WorkflowNode } from './definition';
export { outputHandles, validateDefinition, type Problem } from './validate';

// Node types: the catalogue the editor and GET /api/node-types show, and how a type is declared
// (a registry goes to validateDefinition, describeNodeTypes and driveExecution).
export { describeNodeTypes, type NodeTypeInfo } from './node-catalog';
export { defineNode } from './nodes/define-node';
export { NODE_DEFINITIONS, NodeRegistry } from './nodes/registry';

// `{{ }}` expressions — the editor's preview and the worker's sandboxed evaluator.
export {
  evaluateTemplate,
  evaluateValue,
  hasExpression,
  splitTemplate,
  type ExpressionOptions,
  type ExpressionScope,
} from './expressions';

// Running executions: start one (manual runs, webhooks), drive one (the worker), answer a waiting caller.
export { startExecution, type ExecutionCreator, type NewExecution } from './start-execution';
export { driveExecution } from './driver/drive';
export { syncReplyOf } from './sync-reply';
export type { RespondValue } from './nodes/define-node';

// Ports the composition roots wire (ExecutionStore, for its implementer, is in ./adapter).
export type { WakeQueue } from './execution-store';
export type { DriveObserver, ExpressionEvaluator, HttpPort, HttpRequest, HttpResponse, Logger } from './ports';

// Configuration, received as arguments (packages/config parses the environment).
export { DEFAULT_LIMITS, type EngineLimits } from './limits';
export type { RetryPolicy } from './retry';

// Errors that carry intent (code, retryable) across the ports.
export { EngineError, NonRetryableError } from './errors';

// JSON values as the engine stores and bounds them.
export { jsonNestsDeeperThan, MAX_JSON_DEPTH, storableJson, type Json } from './json';
// Byte streams read up to a cap (request bodies, `http` responses).
export { readBytesAtMost, type ByteReader } from './bounded-read';

// Execution and step statuses and the transition table every status-changing statement uses.
export * from './status';

// Schedules: cron checks and fire times (the schedule form, its API, the timers).
export { checkCron, checkTimezone, nextFireTime, nextFireTimes, zonedIso, type OverlapPolicy } from './schedule';
