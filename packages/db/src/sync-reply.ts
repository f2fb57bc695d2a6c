import type { ExecutionStatus, Json, RespondValue } from '@weft/engine';
import { isUuid } from './execution-store';
import type { PgPool } from './pg-pool';

export interface SyncReplySource {
  status: ExecutionStatus;
  /** The first respond node's response, once one ran. */
  response: RespondValue | null;
  output: Json | null;
  /** As stored on the execution: `{ code, message, nodeId }`. */
  error: { code: string; message: string; nodeId: string | null } | null;
}

/**
 * What a synchronous webhook answers with (the input of the engine's syncReplyOf()), read in
 * one statement: the web never parses the planner's state itself (only this function knows
 * the response lives at `state.response`). null when there is no such execution.
 */
export async function readSyncReply(pool: PgPool, executionId: string): Promise<SyncReplySource | null> {
  if (!isUuid(executionId)) return null;
  const { rows } = await pool.query<SyncReplySource>({
    name: 'weft_exec_sync_reply',
    text: `SELECT status::text AS status, state->'response' AS response, output, error FROM executions WHERE id = $1`,
    values: [executionId],
  });
  const row = rows[0];
  if (!row) return null;
  return { status: row.status, response: row.response ?? null, output: row.output ?? null, error: row.error ?? null };
}
