import {
  isTerminal,
  LIVE_STATUSES,
  SETTLED_STEP_STATUSES,
  statusesAllowingTransitionTo,
  type ExecutionStatus,
  type Json,
  type WorkflowDefinition,
} from '@weft/engine';
import {
  decodeExecutionState,
  encodeExecutionState,
  hasSettledNodes,
  nodeKey,
  outcomesNeeded,
  runningNodes,
  storableJsonText,
  type Acquired,
  type Checkpoint,
  type ExecutionRecord,
  type ExecutionStore,
  type LeasedRun,
  type NodeOutcome,
  type OutcomeNeeds,
  type SerializedError,
  type StepRecord,
} from '@weft/engine/adapter';
import { DefinitionCache } from './definition-cache';
import type { PgPool } from './pg-pool';
import { statusIn } from './status-sql';
import { uuidV7 } from './uuid-v7';

/**
 * ExecutionStore on Postgres, in plain SQL over a node-postgres pool: no Prisma here, because
 * the query interpreter was the largest CPU cost of the old per-node worker, and no
 * interactive transactions, because each operation is one statement (acquire also reads the
 * settled outcomes, only when there are any, and the definition, only on a cache miss).
 *
 * The lease lives on the execution row (`leaseOwner`, `leaseUntil`) with a fencing token
 * (`fence`, bumped by every acquire); checkpoint and renew match on the fence, so an owner
 * whose lease was taken over writes nothing. Every write is also guarded by the engine's status
 * table (`LIVE`, `statusesAllowingTransitionTo`): a terminal status is never overwritten.
 *
 * Statements are named (prepared once per connection), since they run for every drive.
 */
export class PgExecutionStore implements ExecutionStore {
  private readonly definitions: DefinitionCache;

  constructor(
    private readonly pool: PgPool,
    opts: { definitionCacheSize?: number } = {},
  ) {
    this.definitions = new DefinitionCache(opts.definitionCacheSize);
  }

  async acquire(executionId: string, owner: string, leaseMs: number): Promise<Acquired> {
    if (!isUuid(executionId)) return { kind: 'gone' };
    // A lease can expire (or be released) between the refused UPDATE and the SELECT that
    // explains the refusal; then simply try again. Bounded: a third miss reports busy.
    for (let tries = 0; tries < 3; tries++) {
      const { rows } = await this.pool.query<AcquiredRow>({
        name: 'weft_exec_acquire',
        text: ACQUIRE_SQL,
        values: [executionId, owner, leaseMs],
      });
      const row = rows[0];
      if (row) return { kind: 'acquired', run: await this.leasedRun(row) };
      const why = await this.pool.query<{ status: ExecutionStatus; leaseUntil: Date | null; held: boolean | null }>({
        name: 'weft_exec_lease_holder',
        text: `SELECT status::text AS status, "leaseUntil", "leaseUntil" > now() AS held FROM executions WHERE id = $1`,
        values: [executionId],
      });
      const current = why.rows[0];
      if (!current || isTerminal(current.status)) return { kind: 'gone' };
      if (current.held && current.leaseUntil) return { kind: 'busy', until: current.leaseUntil };
    }
    return { kind: 'busy', until: new Date(Date.now() + Math.min(leaseMs, 1_000)) };
  }

  /** What a drive needs of the execution it just leased: its state, definition and the settled outcomes. */
  private async leasedRun(row: AcquiredRow): Promise<LeasedRun> {
    const state = decodeExecutionState(row.state);
    let definition: WorkflowDefinition;
    let outcomes: Map<string, NodeOutcome>;
    try {
      definition = await this.definition(row.workflowVersionId);
      outcomes = hasSettledNodes(state)
        ? await this.outcomes(row.id, outcomesNeeded(definition, state))
        : new Map<string, NodeOutcome>();
    } catch (err) {
      // Give the lease back, so the job's retry can try again at once (and, after its last
      // attempt, the worker fails the execution) instead of finding it busy for leaseMs.
      await this.pool
        .query({
          name: 'weft_exec_release',
          text: `UPDATE executions SET "leaseOwner" = NULL, "leaseUntil" = NULL WHERE id = $1 AND fence = $2`,
          values: [row.id, row.fence],
        })
        .catch(() => undefined);
      throw err;
    }
    return {
      fence: row.fence,
      execution: {
        id: row.id,
        workflowId: row.workflowId,
        workflowVersionId: row.workflowVersionId,
        status: row.status,
        state,
        trigger: row.trigger,
        triggerData: row.triggerData,
        createdAt: row.createdAt,
        startedAt: row.startedAt,
        deadlineAt: row.deadlineAt,
      },
      definition,
      outcomes,
    };
  }

  async checkpoint(executionId: string, fence: number, cp: Checkpoint, leaseMs: number): Promise<boolean> {
    if (!isUuid(executionId)) return false;
    const f = cp.finish;
    const { rows } = await this.pool.query<{ matched: number }>({
      name: 'weft_exec_checkpoint',
      text: CHECKPOINT_SQL,
      values: [
        executionId,
        fence,
        jsonText(encodeExecutionState(cp.state)),
        cp.nodesExecuted,
        cp.deadlineAt ?? null,
        cp.wakeAt ?? null,
        cp.release,
        leaseMs,
        f?.status ?? null,
        f ? jsonTextOrNull(f.output) : null,
        // Only what the API shows: never a stack or a node's internal details.
        f?.error ? jsonText({ code: f.error.code, message: f.error.message, nodeId: f.error.nodeId ?? null }) : null,
        f?.errorNodeId ?? null,
        f?.finishedAt ?? null,
        jsonText(cp.steps.map(stepRow)),
        // What live views show as running; nothing runs once it is finished.
        f ? '[]' : jsonText(runningNodes(cp.state)),
      ],
    });
    return rows[0]!.matched === 1;
  }

  async renew(executionId: string, fence: number, leaseMs: number): Promise<boolean> {
    if (!isUuid(executionId)) return false;
    const { rowCount } = await this.pool.query({
      name: 'weft_exec_renew',
      text: `UPDATE executions SET "leaseUntil" = now() + $3::int * interval '1 millisecond'
             WHERE id = $1 AND fence = $2 AND "leaseOwner" IS NOT NULL AND ${LIVE}`,
      values: [executionId, fence, leaseMs],
    });
    return rowCount === 1;
  }

  /**
   * Fails an execution that could not be driven at all (its wake-up exhausted its attempts):
   * otherwise the reconciler would wake it again and again. Never touches a terminal one.
   */
  async abandon(executionId: string, error: { code: string; message: string }): Promise<boolean> {
    const ended = await this.transition([executionId], 'failed', { error });
    return ended.length === 1;
  }

  /**
   * The one way an execution's status is set from outside a drive (abandon, an administrator's
   * purge; later cancel, retry and waits): moves each of `ids` to `to` only from a status the
   * engine's table allows (`canTransition`), so a terminal status is never overwritten, and
   * returns the ids that moved. Entering a terminal status finishes the run: lease, wake-up and
   * running nodes cleared, `finishedAt` and duration set, one change for live views (`seq`).
   * `unleasedOnly` leaves executions a drive holds a valid lease on to that drive.
   */
  async transition(
    ids: readonly string[],
    to: ExecutionStatus,
    opts: { error: { code: string; message: string }; unleasedOnly?: boolean },
  ): Promise<string[]> {
    if (!isTerminal(to)) throw new Error(`transition to ${to}: only terminal statuses are set outside a drive`);
    const valid = ids.filter(isUuid);
    const error = storableJsonText({ code: opts.error.code, message: opts.error.message, nodeId: null });
    const moved: string[] = [];
    for (let i = 0; i < valid.length; i += TRANSITION_BATCH) {
      const { rows } = await this.pool.query<{ id: string }>({
        name: `weft_exec_transition_${to}${opts.unleasedOnly ? '_unleased' : ''}`,
        text: transitionSql(to, opts.unleasedOnly ?? false),
        values: [valid.slice(i, i + TRANSITION_BATCH), to, error],
      });
      moved.push(...rows.map((r) => r.id));
    }
    return moved;
  }

  /**
   * Executions nobody is driving and nothing will wake (the reconciler's work list): not
   * terminal, no valid lease, and either no wake-up time or one that passed more than
   * `graceMs` ago — a wake-up job lost with Redis, a crash between a checkpoint and its
   * delayed wake-up, a queued execution whose job vanished. Oldest first.
   */
  async stranded(graceMs: number, limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>({
      name: 'weft_exec_stranded',
      text: `SELECT id::text AS id FROM executions
             WHERE ${LIVE}
               AND ("leaseUntil" IS NULL OR "leaseUntil" < now())
               AND COALESCE("wakeAt", "createdAt") < now() - $1::int * interval '1 millisecond'
             ORDER BY id LIMIT $2`,
      values: [graceMs, limit],
    });
    return rows.map((r) => r.id);
  }

  /**
   * The latest settled attempt per (node, scope), keyed like the planner state — only those
   * a resumed drive needs (engine `outcomesNeeded`): the root and open iterations' scopes, and
   * the last node of each closed iteration of a loop still iterating (`left()`, not LIKE:
   * node ids may hold `_`). So resuming a 10,000-iteration loop reads its results, not its
   * 30,000 steps.
   */
  private async outcomes(executionId: string, needs: OutcomeNeeds): Promise<Map<string, NodeOutcome>> {
    const { rows } = await this.pool.query<{
      nodeId: string;
      scope: string;
      status: 'succeeded' | 'failed';
      output: Json | null;
      error: SerializedError | null;
    }>({
      name: 'weft_exec_outcomes_needed',
      text: `SELECT DISTINCT ON ("nodeId", scope) "nodeId", scope, status::text AS status, output, error
             FROM execution_steps
             WHERE "executionId" = $1 AND ${statusIn('status', SETTLED_STEP_STATUSES)}
               AND (scope = ANY($2::text[])
                    OR EXISTS (SELECT 1 FROM unnest($3::text[], $4::text[]) AS r(node, prefix)
                               WHERE "nodeId" = r.node AND left(scope, length(r.prefix)) = r.prefix
                                 AND strpos(substr(scope, length(r.prefix) + 1), '/') = 0))
             ORDER BY "nodeId", scope, attempt DESC`,
      values: [executionId, needs.scopes, needs.results.map((r) => r.nodeId), needs.results.map((r) => r.prefix)],
    });
    // A Map: node ids may be `constructor` or `__proto__`.
    const outcomes = new Map<string, NodeOutcome>();
    for (const r of rows)
      outcomes.set(nodeKey(r.nodeId, r.scope), { status: r.status, output: r.output ?? null, error: r.error ?? null });
    return outcomes;
  }

  private definition(versionId: string): Promise<WorkflowDefinition> {
    return this.definitions.get(versionId, () => this.readDefinition(versionId));
  }

  private async readDefinition(versionId: string): Promise<unknown> {
    const { rows } = await this.pool.query<{ definition: unknown }>({
      name: 'weft_workflow_version_definition',
      text: 'SELECT definition FROM workflow_versions WHERE id = $1',
      values: [versionId],
    });
    if (!rows[0]) throw new Error(`workflow version ${versionId} not found`);
    return rows[0].definition;
  }
}

/** The guard of every write a drive makes: the execution is still live. */
const LIVE = statusIn('status', LIVE_STATUSES);

/** Ids per statement of `transition` (an administrator's purge may name many). */
const TRANSITION_BATCH = 1_000;

function transitionSql(to: ExecutionStatus, unleasedOnly: boolean): string {
  return `UPDATE executions SET status = $2::text::"ExecutionStatus", error = $3::jsonb, "finishedAt" = now(),
    "leaseOwner" = NULL, "leaseUntil" = NULL, "wakeAt" = NULL, seq = seq + 1, running = '[]',
    "durationMs" = LEAST(2147483647, GREATEST(0, round(extract(epoch FROM now() - COALESCE("startedAt", "createdAt")) * 1000)))::int
  WHERE id = ANY($1::uuid[]) AND ${statusIn('status', statusesAllowingTransitionTo(to))}${
    unleasedOnly ? ` AND ("leaseUntil" IS NULL OR "leaseUntil" < now())` : ''
  }
  RETURNING id::text AS id`;
}

interface AcquiredRow extends Omit<ExecutionRecord, 'state'> {
  /** The planner state in its stored form (the engine's codec reads it). */
  state: unknown;
  fence: number;
}

// The same owner may take its own lease again (a drive's owner id is unique per drive).
// `wakeAt` is cleared: the execution is being driven, so no wake-up is due. queued → running
// is a change live views show (seq); taking a running one again is not.
const ACQUIRE_SQL = `
UPDATE executions SET
  fence = fence + 1,
  seq = seq + CASE WHEN status = 'queued' THEN 1 ELSE 0 END,
  "leaseOwner" = $2,
  "leaseUntil" = now() + $3::int * interval '1 millisecond',
  status = 'running',
  "startedAt" = COALESCE("startedAt", now()),
  "wakeAt" = NULL
WHERE id = $1
  AND ${LIVE}
  AND ("leaseUntil" IS NULL OR "leaseUntil" < now() OR "leaseOwner" = $2)
RETURNING id, "workflowId", "workflowVersionId", status::text AS status, state, trigger::text AS trigger, "triggerData",
  "createdAt", "startedAt", "deadlineAt", fence`;

// One statement, so atomic without a transaction: the execution update is fenced, and the
// steps are inserted only when it matched (`FROM upd`). A step already recorded (same node,
// scope and attempt: a checkpoint retried after a lost reply) is skipped, not an error.
// `"leaseOwner" IS NOT NULL`: a released lease can't be written through any more.
// Every checkpoint is one change for live views: `seq` goes up by one and the steps it writes
// carry the new value, committed together, so a reader that sees seq N sees every step <= N.
const CHECKPOINT_SQL =
  `
WITH upd AS (
  UPDATE executions SET
    seq = seq + 1,
    running = $15::jsonb,
    state = $3::jsonb,
    "nodesExecuted" = "nodesExecuted" + $4::int,
    "deadlineAt" = COALESCE($5::timestamptz, "deadlineAt"),
    "wakeAt" = $6::timestamptz,
    "leaseUntil" = CASE WHEN $7::boolean THEN NULL ELSE now() + $8::int * interval '1 millisecond' END,
    "leaseOwner" = CASE WHEN $7::boolean THEN NULL ELSE "leaseOwner" END,
    status = COALESCE($9::text::"ExecutionStatus", status),
    output = CASE WHEN $9::text IS NULL THEN output ELSE $10::jsonb END,
    error = CASE WHEN $9::text IS NULL THEN error ELSE $11::jsonb END,
    "errorNodeId" = CASE WHEN $9::text IS NULL THEN "errorNodeId" ELSE $12::text END,
    "finishedAt" = CASE WHEN $9::text IS NULL THEN "finishedAt" ELSE $13::timestamptz END,
    "durationMs" = CASE WHEN $9::text IS NULL THEN "durationMs" ELSE
      LEAST(2147483647, GREATEST(0, round(extract(epoch FROM $13::timestamptz - COALESCE("startedAt", "createdAt")) * 1000)))::int END
  WHERE id = $1 AND fence = $2 AND "leaseOwner" IS NOT NULL AND ${LIVE}
  RETURNING id, seq
), ins AS (
  INSERT INTO execution_steps (id, "executionId", "nodeId", scope, attempt, status, input, output, error, ` +
  `"startedAt", "finishedAt", "durationMs", seq)
  SELECT s.id, upd.id, s."nodeId", s.scope, s.attempt, s.status::"StepStatus", s.input, s.output, s.error, ` +
  `s."startedAt", s."finishedAt", s."durationMs", upd.seq
  FROM upd, jsonb_to_recordset($14::jsonb) AS s(
    id uuid, "nodeId" text, scope text, attempt int, status text, input jsonb, output jsonb, error jsonb,
    "startedAt" timestamptz, "finishedAt" timestamptz, "durationMs" int)
  ON CONFLICT ("executionId", "nodeId", scope, attempt) DO NOTHING
)
SELECT count(*)::int AS matched FROM upd`;

/** A step as one element of the checkpoint's JSON array (JSON null becomes SQL NULL). */
function stepRow(s: StepRecord) {
  return {
    id: uuidV7(s.startedAt.getTime()),
    nodeId: s.nodeId,
    scope: s.scope,
    attempt: s.attempt,
    status: s.status,
    input: s.input,
    output: s.output,
    error: s.error,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    durationMs: Math.min(2_147_483_647, Math.max(0, s.finishedAt.getTime() - s.startedAt.getTime())),
  };
}

// jsonb can't hold U+0000 or lone surrogates: the text is cleaned (U+FFFD) before it is sent.
function jsonText(value: unknown): string {
  return storableJsonText(value) ?? 'null';
}

function jsonTextOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : jsonText(value);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An id that isn't a UUID names no execution (and would make Postgres reject the statement). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
