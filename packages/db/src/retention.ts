import { LIVE_STATUSES, TERMINAL_STATUSES } from '@weft/engine';
import { appendToArchive, checkArchiveDir } from './retention-archive';
import { inPooledTransaction } from './pooled-client';
import { statusIn } from './status-sql';

/**
 * Retention (docs/operations.md "Retention"): finished executions older than `days`, and
 * beyond the newest `maxCount`, are deleted oldest first in batches of `batchSize`. Each
 * batch is one statement (its own short transaction) that returns only a count, so nothing
 * is loaded into Node and a crash loses only progress. Steps go with their execution (FK
 * cascade); schedule fires and children keep their row with the reference set NULL (FK
 * SET NULL). Fires and webhook Idempotency-Keys older than `days` are pruned too.
 *
 * With `archiveDir`, each batch is instead read (as JSON text built by Postgres), appended
 * to the day files and fsynced, then deleted in the same transaction that locked it: at
 * least once — a crash after the write and before the commit writes those lines again on
 * the next run; no execution is ever deleted without its line.
 */
export interface RetentionOptions {
  /** Finished more than this many days ago: pruned. */
  days: number;
  /** Also keep at most this many finished executions (the most recently finished). */
  maxCount?: number | undefined;
  /** Executions (and fires, keys) per statement. */
  batchSize: number;
  archiveDir?: string | undefined;
  /** Checked between batches: a shutdown stops after the batch in flight. */
  signal?: AbortSignal | undefined;
}

export interface RetentionResult {
  /** Executions deleted (with their steps). */
  pruned: number;
  /** Executions written to the archive (0 without ARCHIVE_DIR); ≥ pruned only across a failed batch. */
  archived: number;
  fires: number;
  idempotencyKeys: number;
  tookMs: number;
}

/** What the pruner needs of a pg Pool (a wrapper can record what each query returned). */
export interface RetentionDb {
  query(text: string, values?: unknown[]): Promise<QueryResult>;
  connect(): Promise<RetentionClient>;
}
export interface RetentionClient {
  query(text: string, values?: unknown[]): Promise<QueryResult>;
  release(err?: Error | boolean): void;
  on?(event: 'error', listener: (err: Error) => void): unknown;
  off?(event: 'error', listener: (err: Error) => void): unknown;
}
interface QueryResult {
  rows: Record<string, unknown>[];
  rowCount: number | null;
}

/** (finishedAt, id): executions strictly before it are pruned. */
export interface Boundary {
  finishedAt: Date;
  id: string;
}

const TERMINAL = statusIn('status', TERMINAL_STATUSES);
const TERMINAL_E = statusIn('e.status', TERMINAL_STATUSES);
const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** The later of two boundaries (the one that prunes more); uuids compare as Postgres does, bytewise. */
export function laterBoundary(a: Boundary, b: Boundary | null): Boundary {
  if (!b) return a;
  const d = a.finishedAt.getTime() - b.finishedAt.getTime();
  if (d !== 0) return d > 0 ? a : b;
  return a.id.toLowerCase() >= b.id.toLowerCase() ? a : b;
}

// Postgres's clock, truncated to the millisecond the columns hold, so the boundary is exact in JS.
const CUTOFF_SQL = `SELECT date_trunc('milliseconds', now() - make_interval(days => $1::int)) AS cutoff`;

// The oldest finished execution to keep under maxCount (the N-th most recently finished).
const OLDEST_KEPT_SQL = `
SELECT e."finishedAt", e.id::text AS id FROM executions e
WHERE e."finishedAt" IS NOT NULL AND ${TERMINAL_E}
ORDER BY e."finishedAt" DESC, e.id DESC OFFSET $1 LIMIT 1`;

// Both paths pick the batch the same way: the oldest finished first, on the (finishedAt, id)
// index; SKIP LOCKED so a second pruner (or anything holding a row) never waits or doubles.
// Used as `id = ANY(ARRAY(…))`: the ids become one array first, then primary-key lookups —
// `id IN (…)` lets the planner hash-join against a scan of the whole table.
const DOOMED_SQL = `
SELECT id FROM executions
WHERE ("finishedAt", id) < ($1::timestamptz, $2::uuid) AND ${TERMINAL}
ORDER BY "finishedAt", id LIMIT $3
FOR UPDATE SKIP LOCKED`;

const DELETE_BATCH_SQL = `DELETE FROM executions WHERE id = ANY(ARRAY(${DOOMED_SQL}))`;

// The archive line: the execution's columns without the drive's internals, plus its steps.
// Built in Postgres as text (timestamps in UTC, set per transaction), parsed by nobody here.
const ARCHIVE_BATCH_SQL = `
SELECT e.id::text AS id, to_char(e."finishedAt" AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
  ((to_jsonb(e) - 'state' - 'leaseOwner' - 'leaseUntil' - 'fence' - 'wakeAt')
    || jsonb_build_object('steps', COALESCE(
      (SELECT jsonb_agg(to_jsonb(s) - 'executionId' ORDER BY s."startedAt", s.id) FROM execution_steps s WHERE s."executionId" = e.id),
      '[]'::jsonb)))::text AS line
FROM executions e WHERE e.id = ANY(ARRAY(${DOOMED_SQL}))
ORDER BY e."finishedAt", e.id`;

const DELETE_IDS_SQL = `DELETE FROM executions WHERE id = ANY($1::uuid[])`;

// Held-back (`pending`) fires are a queued run, and a fire whose run is still going is kept.
const DELETE_FIRES_SQL = `
DELETE FROM schedule_fires WHERE id = ANY(ARRAY(
  SELECT f.id FROM schedule_fires f
  WHERE f."firedAt" < $1 AND f.outcome <> 'pending'
    AND NOT EXISTS (SELECT 1 FROM executions e WHERE e.id = f."executionId" AND ${statusIn('e.status', LIVE_STATUSES)})
  ORDER BY f."firedAt" LIMIT $2
  FOR UPDATE OF f SKIP LOCKED))`;

// Keys are refused as duplicates for 24 h (apps/web webhooks/delivery-creator.ts); never
// prune one younger than that, whatever `days` says.
const DELETE_KEYS_SQL = `
DELETE FROM webhook_idempotency_keys WHERE ctid = ANY(ARRAY(
  SELECT ctid FROM webhook_idempotency_keys
  WHERE "createdAt" < LEAST($1::timestamptz, now() - interval '24 hours')
  ORDER BY "createdAt" LIMIT $2))`;

/** The statements, for EXPLAIN in tests. */
export const RETENTION_SQL = {
  oldestKept: OLDEST_KEPT_SQL,
  deleteBatch: DELETE_BATCH_SQL,
  archiveBatch: ARCHIVE_BATCH_SQL,
  deleteFires: DELETE_FIRES_SQL,
  deleteKeys: DELETE_KEYS_SQL,
} as const;

export async function pruneExecutions(db: RetentionDb, opts: RetentionOptions): Promise<RetentionResult> {
  const started = Date.now();
  if (!Number.isInteger(opts.days) || opts.days < 1)
    throw new Error(`retention days must be an integer ≥ 1, got ${opts.days}`);
  if (!Number.isInteger(opts.batchSize) || opts.batchSize < 1)
    throw new Error(`retention batchSize must be an integer ≥ 1, got ${opts.batchSize}`);
  if (opts.maxCount !== undefined && (!Number.isInteger(opts.maxCount) || opts.maxCount < 1))
    throw new Error(`retention maxCount must be an integer ≥ 1, got ${opts.maxCount}`);
  // A directory we can't write: delete nothing at all (the error names ARCHIVE_DIR).
  if (opts.archiveDir) await checkArchiveDir(opts.archiveDir);

  const cutoff = (await db.query(CUTOFF_SQL, [opts.days])).rows[0]!.cutoff as Date;
  let boundary: Boundary = { finishedAt: cutoff, id: ZERO_UUID };
  if (opts.maxCount !== undefined) {
    const kept = (await db.query(OLDEST_KEPT_SQL, [opts.maxCount - 1])).rows[0] as Boundary | undefined;
    boundary = laterBoundary(boundary, kept ?? null);
  }

  const result: RetentionResult = { pruned: 0, archived: 0, fires: 0, idempotencyKeys: 0, tookMs: 0 };
  const stopped = () => opts.signal?.aborted === true;
  for (;;) {
    if (stopped()) break;
    const n = opts.archiveDir
      ? await archiveBatch(db, opts.archiveDir, boundary, opts.batchSize, result)
      : await deleteBatch(db, boundary, opts.batchSize);
    result.pruned += n;
    if (n < opts.batchSize) break;
  }
  result.fires = await deleteInBatches(db, DELETE_FIRES_SQL, cutoff, opts.batchSize, stopped);
  result.idempotencyKeys = await deleteInBatches(db, DELETE_KEYS_SQL, cutoff, opts.batchSize, stopped);
  result.tookMs = Date.now() - started;
  return result;
}

async function deleteBatch(db: RetentionDb, b: Boundary, limit: number): Promise<number> {
  return (await db.query(DELETE_BATCH_SQL, [b.finishedAt, b.id, limit])).rowCount ?? 0;
}

async function archiveBatch(
  db: RetentionDb,
  dir: string,
  b: Boundary,
  limit: number,
  result: RetentionResult,
): Promise<number> {
  return inPooledTransaction(db, async (client) => {
    await client.query(`SET LOCAL timezone = 'UTC'`);
    const rows = (await client.query(ARCHIVE_BATCH_SQL, [b.finishedAt, b.id, limit])).rows as {
      id: string;
      day: string;
      line: string;
    }[];
    if (rows.length === 0) return 0;
    const byDay = new Map<string, string[]>();
    for (const r of rows) {
      const lines = byDay.get(r.day);
      if (lines) lines.push(r.line);
      else byDay.set(r.day, [r.line]);
    }
    // Durable on disk first; the rows stay locked (and in place, if anything below fails).
    await appendToArchive(dir, byDay);
    result.archived += rows.length;
    return (await client.query(DELETE_IDS_SQL, [rows.map((r) => r.id)])).rowCount ?? 0;
  });
}

async function deleteInBatches(
  db: RetentionDb,
  sql: string,
  cutoff: Date,
  limit: number,
  stopped: () => boolean,
): Promise<number> {
  let total = 0;
  for (;;) {
    if (stopped()) return total;
    const n = (await db.query(sql, [cutoff, limit])).rowCount ?? 0;
    total += n;
    if (n < limit) return total;
  }
}
