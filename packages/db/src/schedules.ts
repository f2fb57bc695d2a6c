import { LIVE_STATUSES, type Json, type NewExecution, type OverlapPolicy } from '@weft/engine';
import { mayStartPending, newExecutionState, planFires, type FireDecision } from '@weft/engine/adapter';
import { DefinitionCache } from './definition-cache';
import { insertExecutions } from './executions';
import { inPooledTransaction } from './pooled-client';
import type { PgPool } from './pg-pool';
import { statusIn } from './status-sql';
import { uuidV7 } from './uuid-v7';

/** A schedule that should have a timer: enabled, and its workflow has an active version. */
export interface FiringSchedule {
  id: string;
  cron: string;
  timezone: string;
}

export type FireResult =
  /** Unknown schedule (deleted): its timer is an orphan. */
  | { kind: 'gone' }
  /** Disabled, or its workflow has no active version: nothing fires. */
  | { kind: 'off' }
  | { kind: 'fired'; started: string[]; skipped: number; pending: number; tooLate: boolean };

interface LockedRow {
  id: string;
  workflowId: string;
  cron: string;
  timezone: string;
  enabled: boolean;
  overlap: OverlapPolicy;
  maxInstances: number;
  coalesce: boolean;
  catchUpWindowSec: number;
  input: Json;
  lastDueAt: Date;
  versionId: string | null;
  version: number | null;
  definition: unknown;
}

// The schedule row is locked for the whole decision, so two fires of one schedule (two
// workers, a redelivered job, a catch-up and the next due time) decide one after the other.
const LOCK_SQL = `
SELECT s.id::text AS id, s."workflowId"::text AS "workflowId", s.cron, s.timezone, s.enabled, s.overlap::text AS overlap,
       s."maxInstances", s.coalesce, s."catchUpWindowSec", s.input, s."lastDueAt",
       v.id::text AS "versionId", v.version, CASE WHEN v.id IS NULL THEN NULL ELSE v.definition END AS definition
FROM schedules s
JOIN workflows w ON w.id = s."workflowId"
LEFT JOIN workflow_versions v ON v."workflowId" = w.id AND v.version = w."activeVersion"
WHERE s.id = $1
FOR UPDATE OF s`;

const ACTIVE_SQL = `
SELECT (SELECT count(*)::int FROM executions WHERE "scheduleId" = $1 AND ${statusIn('status', LIVE_STATUSES)}) AS active,
       (SELECT "scheduledAt" FROM schedule_fires WHERE "scheduleId" = $1 AND outcome = 'pending' LIMIT 1) AS "pendingAt"`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Tx = Pick<PgPool, 'query'>;

/**
 * Schedules on Postgres (docs/schedules.md): what fires when a timer goes off. Each fire
 * locks the schedule row, decides its due times with the engine's pure `planFires`, and
 * records every decision in `schedule_fires` — unique on (schedule, due time), so a due time
 * starts at most one run however many timers or deliveries name it — together with the
 * executions it starts, in one transaction. The caller wakes the started executions after
 * the commit (a wake lost there is found by the reconciler, like any queued execution).
 */
export class PgScheduleStore {
  private readonly definitions = new DefinitionCache();

  constructor(private readonly pool: PgPool) {}

  /** The due times since the schedule's last one, up to `wokenFor` (or now, if later). */
  async fire(scheduleId: string, wokenFor: Date): Promise<FireResult> {
    if (!UUID.test(scheduleId)) return { kind: 'gone' };
    return this.inTransaction(async (tx) => {
      const row = await this.lock(tx, scheduleId);
      if (!row) return { kind: 'gone' } as const;
      if (!row.enabled || !row.versionId) return { kind: 'off' } as const;
      const now = await this.now(tx);
      const { active, pendingAt } = await this.activity(tx, scheduleId);
      const started: string[] = [];
      let running = active;
      let pending = pendingAt !== null;
      // A held-back run goes first: it was due before anything planned now.
      if (pendingAt && mayStartPending(row, running)) {
        started.push(await this.startPending(tx, row, pendingAt, now));
        running++;
        pending = false;
      }
      const plan = planFires(row, { lastDueAt: row.lastDueAt, wokenFor, now, active: running, pending });
      let skipped = 0;
      let held = 0;
      for (const d of plan.decisions) {
        const { outcome, executionId } = await this.decide(tx, row, d, now);
        if (executionId) started.push(executionId);
        if (outcome === 'skipped') skipped++;
        if (outcome === 'pending') held++;
      }
      await tx.query(
        `UPDATE schedules SET "lastDueAt" = GREATEST("lastDueAt", $2), "runCount" = "runCount" + $3, "skipCount" = "skipCount" + $4,
           "lastRunAt" = CASE WHEN $3 > 0 THEN $5 ELSE "lastRunAt" END WHERE id = $1`,
        [scheduleId, plan.lastDueAt, started.length, skipped, now],
      );
      return { kind: 'fired', started, skipped, pending: held, tooLate: plan.tooLate } as const;
    });
  }

  /**
   * Starts the run held back by `queue` if the schedule now has room for it (a run of it
   * ended). A schedule that stopped firing drops its held run as skipped.
   */
  async promote(scheduleId: string): Promise<string[]> {
    return this.inTransaction(async (tx) => {
      const row = await this.lock(tx, scheduleId);
      if (!row) return [];
      const { active, pendingAt } = await this.activity(tx, scheduleId);
      if (!pendingAt) return [];
      const now = await this.now(tx);
      if (!row.enabled || !row.versionId) {
        const reason = row.enabled
          ? 'the workflow was deactivated before the held-back run could start'
          : 'the schedule was disabled before the held-back run could start';
        await tx.query(
          `UPDATE schedule_fires SET outcome = 'skipped', reason = $3 WHERE "scheduleId" = $1 AND "scheduledAt" ` +
            `= $2 AND outcome = 'pending'`,
          [scheduleId, pendingAt, reason],
        );
        await tx.query(`UPDATE schedules SET "skipCount" = "skipCount" + 1 WHERE id = $1`, [scheduleId]);
        return [];
      }
      if (!mayStartPending(row, active)) return [];
      const id = await this.startPending(tx, row, pendingAt, now);
      await tx.query(`UPDATE schedules SET "runCount" = "runCount" + 1, "lastRunAt" = $2 WHERE id = $1`, [
        scheduleId,
        now,
      ]);
      return [id];
    });
  }

  /** The schedule of a finished execution, if it has a run held back waiting for it. */
  async heldBackAfter(executionId: string): Promise<string | null> {
    const { rows } = await this.pool.query<{ scheduleId: string }>({
      name: 'weft_schedule_held_after',
      text: `SELECT f."scheduleId"::text AS "scheduleId" FROM executions e
             JOIN schedule_fires f ON f."scheduleId" = e."scheduleId" AND f.outcome = 'pending'
             WHERE e.id = $1 AND e."scheduleId" IS NOT NULL LIMIT 1`,
      values: [executionId],
    });
    return rows[0]?.scheduleId ?? null;
  }

  /** Schedules with a held-back run (for the periodic sweep that backs up `heldBackAfter`). */
  async withHeldBackRuns(limit: number): Promise<string[]> {
    const { rows } = await this.pool.query<{ id: string }>(
      `SELECT DISTINCT "scheduleId"::text AS id FROM schedule_fires WHERE outcome = 'pending' LIMIT $1`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /** Every schedule that should have a timer (to reconcile the timers with). */
  async firingSchedules(): Promise<FiringSchedule[]> {
    const { rows } = await this.pool.query<FiringSchedule>(
      `SELECT s.id::text AS id, s.cron, s.timezone FROM schedules s JOIN workflows w ON w.id = s."workflowId"
       WHERE s.enabled AND w."activeVersion" IS NOT NULL`,
    );
    return rows;
  }

  private async decide(
    tx: Tx,
    row: LockedRow,
    d: FireDecision,
    now: Date,
  ): Promise<{ outcome: 'started' | 'skipped' | 'pending' | 'duplicate'; executionId?: string }> {
    const outcome = d.outcome === 'start' ? 'started' : d.outcome === 'skip' ? 'skipped' : 'pending';
    const reason = d.outcome === 'skip' ? d.reason : null;
    const inserted = await tx.query(
      `INSERT INTO schedule_fires (id, "scheduleId", "scheduledAt", "firedAt", outcome, reason, "missedRuns") ` +
        `VALUES ($1, $2, $3, $4, $5::"ScheduleFireOutcome", $6, $7)
       ON CONFLICT ("scheduleId", "scheduledAt") DO NOTHING`,
      [uuidV7(), row.id, d.scheduledAt, now, outcome, reason, d.outcome === 'start' ? d.missed : 0],
    );
    if (inserted.rowCount === 0) return { outcome: 'duplicate' };
    if (d.outcome === 'start')
      return { outcome, executionId: await this.startRun(tx, row, d.scheduledAt, now, d.missed) };
    return { outcome };
  }

  private async startPending(tx: Tx, row: LockedRow, scheduledAt: Date, now: Date): Promise<string> {
    await tx.query(
      `UPDATE schedule_fires SET outcome = 'started', "firedAt" = $3 WHERE "scheduleId" = $1 AND "scheduledAt" = $2`,
      [row.id, scheduledAt, now],
    );
    return this.startRun(tx, row, scheduledAt, now, 0);
  }

  private async startRun(tx: Tx, row: LockedRow, scheduledAt: Date, now: Date, missed: number): Promise<string> {
    const definition = await this.definitions.get(row.versionId!, () => row.definition);
    const input = row.input && typeof row.input === 'object' && !Array.isArray(row.input) ? row.input : {};
    const triggerData: Json = {
      ...input,
      scheduleId: row.id,
      scheduledAt: scheduledAt.toISOString(),
      firedAt: now.toISOString(),
      ...(missed > 0 ? { missedRuns: missed } : {}),
    };
    const execution: NewExecution = {
      workflowId: row.workflowId,
      workflowVersionId: row.versionId!,
      version: row.version!,
      trigger: 'schedule',
      triggerData,
      state: newExecutionState(definition),
      scheduleId: row.id,
    };
    const [id] = await insertExecutions(tx, [execution]);
    await tx.query(`UPDATE schedule_fires SET "executionId" = $3 WHERE "scheduleId" = $1 AND "scheduledAt" = $2`, [
      row.id,
      scheduledAt,
      id,
    ]);
    return id!;
  }

  private async lock(tx: Tx, scheduleId: string): Promise<LockedRow | null> {
    const { rows } = await tx.query<LockedRow>(LOCK_SQL, [scheduleId]);
    return rows[0] ?? null;
  }

  private async activity(tx: Tx, scheduleId: string): Promise<{ active: number; pendingAt: Date | null }> {
    const { rows } = await tx.query<{ active: number; pendingAt: Date | null }>(ACTIVE_SQL, [scheduleId]);
    return rows[0]!;
  }

  // Postgres's clock, not this process's: every worker decides due times against one clock.
  private async now(tx: Tx): Promise<Date> {
    const { rows } = await tx.query<{ now: Date }>('SELECT clock_timestamp() AS now');
    return rows[0]!.now;
  }

  private inTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return inPooledTransaction(this.pool, fn);
  }
}
