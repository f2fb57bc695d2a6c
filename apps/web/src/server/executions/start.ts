import 'server-only';
import { DefinitionCache, retryWhileUnavailable, type Repositories, type WorkflowVersion } from '@weft/db';
import { startExecution, type ExecutionCreator, type ExecutionTrigger, type Json, type WakeQueue } from '@weft/engine';
import type { WakeRetrier } from '@weft/queue';
import { ApiError } from '../http/errors';

/**
 * How long starting a run (and the reads before it) waits out an unreachable Postgres before
 * answering 503: a restart or failover that takes less refuses nothing. Senders wait ~10 s
 * (GitHub, Stripe); Slack waits 3 s and then retries with the same event_id, which dedupes.
 */
export const DATABASE_RETRY_MS = 4_000;

// Versions are immutable: parse each definition once per process, not on every request.
const definitions = new DefinitionCache();
const CACHE_MAX = 1_000;

type VersionRow = Pick<WorkflowVersion, 'id' | 'version' | 'definition'>;
const versions = new Map<string, VersionRow>();

/** A workflow's version n (immutable, so cached: a webhook delivery skips this read). */
export async function versionOf(
  { workflows }: Pick<Repositories, 'workflows'>,
  workflowId: string,
  version: number,
): Promise<VersionRow> {
  const key = `${workflowId}:${version}`;
  let row = versions.get(key);
  if (!row) {
    const found = await retryWhileUnavailable(() => workflows.findVersion(workflowId, version), DATABASE_RETRY_MS);
    // An active version is never deleted while its workflow exists: missing means the workflow went.
    if (!found) throw new ApiError('NOT_FOUND', 'Workflow not found');
    row = { id: found.id, version: found.version, definition: found.definition };
    if (versions.size >= CACHE_MAX) versions.delete(versions.keys().next().value as string);
    versions.set(key, row);
  }
  return row;
}

/**
 * The one way an execution starts (manual run, webhook): record it queued — the commit point,
 * after which it will run — and wake a worker. A wake-up Redis doesn't take is retried by
 * `retrier` until it does (and by the worker's reconciler in any case), so the caller answers
 * 202 either way; an error from here means nothing was recorded (Postgres down → 503).
 * Errors of the creator (e.g. a duplicate Idempotency-Key) pass through for the caller.
 */
export async function startRun(
  deps: { executions: ExecutionCreator; wakes: WakeQueue; retrier: Pick<WakeRetrier, 'later'> },
  input: {
    workflowId: string;
    version: Pick<WorkflowVersion, 'id' | 'version' | 'definition'>;
    trigger: ExecutionTrigger;
    triggerData: Json;
  },
): Promise<{ executionId: string }> {
  const { executionId } = await startExecution(
    { executions: deps.executions, wakes: deps.wakes, onWakeFailed: (id, err) => deps.retrier.later(id, err) },
    {
      workflowId: input.workflowId,
      workflowVersionId: input.version.id,
      version: input.version.version,
      trigger: input.trigger,
      triggerData: input.triggerData,
      definition: await definitions.get(input.version.id, () => input.version.definition),
    },
  );
  return { executionId };
}
