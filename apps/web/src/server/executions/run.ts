import 'server-only';
import { PgExecutionCreator, type PgPool, type Store } from '@weft/db';
import type { Json, WakeQueue } from '@weft/engine';
import type { WakeRetrier } from '@weft/queue';
import type { AuthUser } from '../auth/auth-user';
import { ApiError } from '../http/errors';
import { loadWorkflowFor } from '../workflows/load';
import { DATABASE_RETRY_MS, startRun } from './start';

/** Manual run of a version (latest draft by default) → the new execution's id. */
export async function runWorkflow(
  deps: {
    store: Pick<Store, 'workflows'>;
    pool: PgPool;
    wakes: WakeQueue;
    wakeRetrier: Pick<WakeRetrier, 'later'>;
  },
  user: AuthUser,
  workflowId: string,
  input: { input?: Json; version?: number },
) {
  const wf = await loadWorkflowFor(deps.store, user, workflowId, 'execute');
  const versionNumber = input.version ?? wf.latestVersion;
  const version = await deps.store.workflows.findVersion(workflowId, versionNumber);
  if (!version) {
    throw new ApiError('VALIDATION_ERROR', `version ${versionNumber} does not exist (latest is ${wf.latestVersion})`, [
      { path: 'body.version', message: `must be between 1 and ${wf.latestVersion}` },
    ]);
  }
  return startRun(
    {
      executions: new PgExecutionCreator(deps.pool, { retryUnavailableMs: DATABASE_RETRY_MS }),
      wakes: deps.wakes,
      retrier: deps.wakeRetrier,
    },
    { workflowId, version, trigger: 'manual', triggerData: input.input ?? {} },
  );
}
