import type {
  Execution,
  ExecutionStep,
  Schedule,
  Webhook,
  Workflow,
  WorkflowPermission,
  WorkflowVersion,
} from '../../src/generated/prisma/client';
import { newId, storedJson } from '../../src/repositories/memory/tables';
import type { GrantFlag } from '../../src/repositories/visibility';

/**
 * Rows as the tables hold them, for tests that write beneath the repositories: the contract suites'
 * in-memory seeder (seed.ts) and the web's unit tests on the in-memory store. Pure (no client), so a
 * unit test can import it. The *_DEFAULTS are the columns' defaults (SPEC §5), which the repositories
 * and the API's views answer with for a row created without them.
 */

/** A schedule created with only a cron. */
export const SCHEDULE_DEFAULTS = {
  timezone: 'UTC',
  enabled: true,
  overlap: 'skip',
  maxInstances: 1,
  coalesce: true,
  catchUpWindowSec: 3600,
  input: {},
  lastRunAt: null,
  runCount: 0,
  skipCount: 0,
} satisfies Partial<Schedule>;

/** A webhook created with only its token and sealed secret. */
export const WEBHOOK_DEFAULTS = {
  previousSecretEncrypted: null,
  previousSecretExpiresAt: null,
  enabled: true,
  requireSignature: true,
  signatureScheme: 'weft',
  ipAllowlist: [],
  rateLimitMax: 60,
  rateLimitWindowSec: 60,
  responseMode: 'async',
  syncTimeoutMs: 30_000,
} satisfies Partial<Webhook>;

/** The execution columns a test may set; the rest are fixed by `executionRow`. */
export type ExecutionFields = Pick<
  Execution,
  | 'status'
  | 'trigger'
  | 'triggerData'
  | 'state'
  | 'output'
  | 'error'
  | 'errorNodeId'
  | 'webhookId'
  | 'scheduleId'
  | 'startedAt'
  | 'finishedAt'
  | 'durationMs'
  | 'nodesExecuted'
  | 'seq'
  | 'running'
>;

/** A queued manual run that has not started. */
export const EXECUTION_DEFAULTS: ExecutionFields = {
  status: 'queued',
  trigger: 'manual',
  triggerData: {},
  state: {},
  output: null,
  error: null,
  errorNodeId: null,
  webhookId: null,
  scheduleId: null,
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  nodesExecuted: 0,
  seq: 0,
  running: [],
};

export type StepFields = Pick<ExecutionStep, 'id' | 'nodeId' | 'startedAt'> &
  Partial<Pick<ExecutionStep, 'scope' | 'seq' | 'output'>>;

/** A workflow at version 1, never activated. */
export function workflowRow(name: string, createdById: string | null, now = new Date()): Workflow {
  return {
    id: newId(),
    name,
    description: '',
    createdById,
    activeVersion: null,
    latestVersion: 1,
    createdAt: now,
    updatedAt: now,
  };
}

/** Version 1 of a workflow, with an empty definition. */
export function versionRow(workflowId: string, createdById: string | null, now = new Date()): WorkflowVersion {
  return { id: newId(), workflowId, version: 1, definition: {}, message: null, createdById, createdAt: now };
}

/** A grant of the given flags (the others off). */
export function grantRow(
  workflowId: string,
  userId: string,
  flags: Partial<Record<GrantFlag, boolean>>,
): WorkflowPermission {
  return {
    workflowId,
    userId,
    canView: flags.canView ?? false,
    canEdit: flags.canEdit ?? false,
    canDelete: flags.canDelete ?? false,
    canExecute: flags.canExecute ?? false,
    createdAt: new Date(),
  };
}

/** A run of version 1 of a workflow: EXECUTION_DEFAULTS with `fields` over them, JSON as stored. */
export function executionRow(
  wf: { id: string; versionId: string },
  fields: Partial<ExecutionFields & Pick<Execution, 'createdAt'>> = {},
): Execution {
  const f = { ...EXECUTION_DEFAULTS, createdAt: new Date(), ...fields };
  return {
    ...f,
    id: newId(),
    workflowId: wf.id,
    workflowVersionId: wf.versionId,
    version: 1,
    triggerData: storedJson(f.triggerData),
    state: storedJson(f.state),
    output: f.output === null ? null : storedJson(f.output),
    error: f.error === null ? null : storedJson(f.error),
    running: storedJson(f.running),
    parentExecutionId: null,
    deadlineAt: null,
    leaseOwner: null,
    leaseUntil: null,
    fence: 0,
    wakeAt: null,
  };
}

/** A succeeded first attempt of a node, still unfinished in the table's eyes (no finishedAt). */
export function stepRow(executionId: string, s: StepFields): ExecutionStep {
  return {
    id: s.id,
    executionId,
    nodeId: s.nodeId,
    scope: s.scope ?? '',
    attempt: 1,
    status: 'succeeded',
    input: null,
    output: s.output === undefined || s.output === null ? null : storedJson(s.output),
    error: null,
    startedAt: s.startedAt,
    finishedAt: null,
    durationMs: null,
    seq: s.seq ?? 0,
  };
}
