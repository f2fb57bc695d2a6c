import type { WorkflowDefinition } from './definition';
import { EngineError, toSerializedError } from './errors';
import { toJson, type Json } from './json';
import { initialState } from './planner/planner';
import type { ExecutionState } from './planner/state';
import type { WakeQueue } from './execution-store';
import type { ExecutionTrigger } from './status';

export interface NewExecution {
  workflowId: string;
  workflowVersionId: string;
  version: number;
  trigger: ExecutionTrigger;
  triggerData: Json;
  state: ExecutionState;
  parentExecutionId?: string | null;
  /** The webhook that delivered it, if any. */
  webhookId?: string | null;
  /** The schedule that fired it, if any (its overlap policy counts these). */
  scheduleId?: string | null;
}

/** The part of storage that creates executions (Postgres in production, memory in tests). */
export interface ExecutionCreator {
  createExecution(e: NewExecution): Promise<{ id: string }>;
  /** Marks an execution whose first job could not be queued, so nothing waits forever. */
  failUnqueued(executionId: string, error: { code: string; message: string }, at: Date): Promise<void>;
}

/**
 * Starts an execution — the one use case behind manual runs and webhooks (and next:
 * schedules, sub-workflows, retries): insert it as `queued`, then queue a wake-up so a
 * worker drives it. If the queue is unreachable the execution is marked failed and a
 * QUEUE_UNAVAILABLE error is thrown (the API answers 503), so no accepted request is left
 * without a recorded outcome.
 */
export async function startExecution(
  deps: { executions: ExecutionCreator; wakes: WakeQueue; now?: () => Date },
  input: Omit<NewExecution, 'state'> & { definition: WorkflowDefinition },
): Promise<{ executionId: string }> {
  const { definition, ...rest } = input;
  // The payload enters the execution here: stored as the workflow will see it (U+0000 → U+FFFD).
  const triggerData = toJson(rest.triggerData);
  const { id } = await deps.executions.createExecution({ ...rest, triggerData, state: initialState(definition) });
  try {
    await deps.wakes.wake(id);
  } catch (err) {
    const cause = toSerializedError(err);
    await deps.executions
      .failUnqueued(id, { code: 'QUEUE_UNAVAILABLE', message: `could not queue the execution: ${cause.message}` }, (deps.now ?? (() => new Date()))())
      .catch(() => undefined);
    throw new EngineError('QUEUE_UNAVAILABLE', 'the job queue is unreachable; try again shortly', { retryable: true, cause: err });
  }
  return { executionId: id };
}
