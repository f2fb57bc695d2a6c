import type { WorkflowDefinition } from './definition';
import { toJson, type Json } from './json';
import { initialState } from './planner/planner';
import { defaultRegistry, type NodeRegistry } from './nodes/registry';
import { encodeExecutionState, type StoredExecutionState } from './planner/state-codec';
import type { WakeQueue } from './execution-store';
import type { ExecutionTrigger } from './status';

export interface NewExecution {
  workflowId: string;
  workflowVersionId: string;
  version: number;
  trigger: ExecutionTrigger;
  triggerData: Json;
  /** The planner state to store with it, already in its stored form (newExecutionState()). */
  state: StoredExecutionState;
  parentExecutionId?: string | null;
  /** The webhook that delivered it, if any. */
  webhookId?: string | null;
  /** The schedule that fired it, if any (its overlap policy counts these). */
  scheduleId?: string | null;
}

/** The stored planner state of a new execution of `definition`: its starting node queued. */
export function newExecutionState(
  definition: WorkflowDefinition,
  registry: NodeRegistry = defaultRegistry,
): StoredExecutionState {
  return encodeExecutionState(initialState(definition, registry));
}

/** The part of storage that creates executions (Postgres in production, memory in tests). */
export interface ExecutionCreator {
  /** Durable when it resolves: from then on the execution exists and will run. */
  createExecution(e: NewExecution): Promise<{ id: string }>;
}

/**
 * Starts an execution — the one use case behind manual runs and webhooks: insert it as
 * `queued` (the commit point), then queue a wake-up so a worker drives it at once.
 *
 * Accepted means durable in Postgres, not "queued in Redis": a wake-up that can't be queued
 * (Redis down or restarting) leaves the execution `queued`, and the worker's reconciler wakes
 * every queued execution nobody woke (`onWakeFailed` lets the caller retry sooner). So a caller
 * that got an error from here knows nothing was recorded, and one that got an id knows it
 * will run — never a failed "ghost" run the sender was told was refused (issue 19).
 */
export async function startExecution(
  deps: { executions: ExecutionCreator; wakes: WakeQueue; onWakeFailed?: (executionId: string, err: unknown) => void },
  input: Omit<NewExecution, 'state'> & { definition: WorkflowDefinition },
): Promise<{ executionId: string; woken: boolean }> {
  const { definition, ...rest } = input;
  // The payload enters the execution here: stored as the workflow will see it (U+0000 → U+FFFD).
  const triggerData = toJson(rest.triggerData);
  const { id } = await deps.executions.createExecution({ ...rest, triggerData, state: newExecutionState(definition) });
  try {
    await deps.wakes.wake(id);
    return { executionId: id, woken: true };
  } catch (err) {
    deps.onWakeFailed?.(id, err);
    return { executionId: id, woken: false };
  }
}
