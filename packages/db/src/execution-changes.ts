import type { ExecutionStatus, ExecutionTrigger, StepStatus } from './generated/prisma/enums';
import type { PgPool } from './pg-pool';
import { isUuid } from './execution-store';

/**
 * What live views read (docs/architecture.md "Watch"): the execution's summary at its latest
 * change, and the steps recorded after a change — never the trigger data, output, planner
 * state or every step again. Each checkpoint bumps `executions.seq` and stamps its steps with
 * it in one statement, so after reading the head at seq S, the steps with seq <= S are all
 * committed: reading (after, S] misses nothing and repeats nothing.
 */

/** An execution's summary columns (no payloads), its change seq and the nodes running now. */
export interface ExecutionHeadRow {
  id: string;
  workflowId: string;
  workflowName: string;
  version: number;
  status: ExecutionStatus;
  trigger: ExecutionTrigger;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
  durationMs: number | null;
  nodesExecuted: number;
  error: unknown;
  errorNodeId: string | null;
  parentExecutionId: string | null;
  webhookId: string | null;
  scheduleId: string | null;
  seq: number;
  running: unknown;
}

export interface ChangedStepRow {
  id: string;
  nodeId: string;
  scope: string;
  attempt: number;
  status: StepStatus;
  input: unknown;
  output: unknown;
  error: unknown;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  seq: number;
}

/** Where a read of changed steps continues: after this (seq, id). */
export interface StepSeqPosition {
  seq: number;
  id: string;
}

const LAST_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/** The execution's head; null when there is none. */
export async function readExecutionHead(pool: PgPool, executionId: string): Promise<ExecutionHeadRow | null> {
  if (!isUuid(executionId)) return null;
  const { rows } = await pool.query<ExecutionHeadRow>({
    name: 'weft_exec_head',
    text:
      `SELECT e.id::text AS id, e."workflowId"::text AS "workflowId", w.name AS "workflowName", e.version, ` +
      `e.status::text AS status, e.trigger::text AS trigger,
                  e."createdAt", e."startedAt", e."finishedAt", e."durationMs", e."nodesExecuted", e.error, e."errorNodeId",
                  e."parentExecutionId"::text AS "parentExecutionId", e."webhookId"::text AS "webhookId", ` +
      `e."scheduleId"::text AS "scheduleId", e.seq, e.running
           FROM executions e JOIN workflows w ON w.id = e."workflowId" WHERE e.id = $1`,
    values: [executionId],
  });
  return rows[0] ?? null;
}

/**
 * Steps recorded after `after` (a change seq, or a (seq, id) position within one) up to and
 * including change `through`, in (seq, id) order, at most `limit`. Keyset on the
 * (executionId, seq, id) index: `seq >= s AND (seq > s OR id > i)` keeps the first half an
 * index condition.
 */
export async function readStepsChanged(
  pool: PgPool,
  executionId: string,
  after: number | StepSeqPosition,
  through: number,
  limit: number,
): Promise<ChangedStepRow[]> {
  if (!isUuid(executionId)) return [];
  const from = typeof after === 'number' ? { seq: after, id: LAST_UUID } : after;
  const { rows } = await pool.query<ChangedStepRow>({
    name: 'weft_exec_steps_changed',
    text:
      `SELECT id::text AS id, "nodeId", scope, attempt, status::text AS status, input, output, error, ` +
      `"startedAt", "finishedAt", "durationMs", seq
           FROM execution_steps
           WHERE "executionId" = $1 AND seq >= $2 AND (seq > $2 OR id > $3::uuid) AND seq <= $4
           ORDER BY seq, id LIMIT $5`,
    values: [executionId, from.seq, from.id, through, limit],
  });
  return rows;
}
