// Reads the bench's executions straight from Postgres: checking that 100k executions each
// recorded all their steps, or polling one execution every 20 ms, would be a load of its
// own through the API (GET /api/executions/:id returns every step).
import { statusIn } from '@weft/db';
import { LIVE_STATUSES, TERMINAL_STATUSES } from '@weft/engine';
import pg from 'pg';

const UNFINISHED = statusIn('status', LIVE_STATUSES);
const FAILED = statusIn(
  'status',
  TERMINAL_STATUSES.filter((s) => s !== 'succeeded'),
);

export function database(url: string): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 3 });
}

/** Executions not yet terminal (all workflows, or one). */
export async function backlog(db: pg.Pool, workflowId?: string): Promise<number> {
  const { rows } = workflowId
    ? await db.query(`SELECT count(*)::int AS n FROM executions WHERE ${UNFINISHED} AND "workflowId" = $1`, [
        workflowId,
      ])
    : await db.query(`SELECT count(*)::int AS n FROM executions WHERE ${UNFINISHED}`);
  return rows[0].n as number;
}

/** Waits (at most `capSeconds`) until nothing is queued or running. */
export async function settle(
  db: pg.Pool,
  capSeconds: number,
  workflowId?: string,
): Promise<{ drained: boolean; seconds: number; left: number }> {
  const t0 = performance.now();
  const deadline = t0 + capSeconds * 1000;
  let left = await backlog(db, workflowId);
  while (left > 0 && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250));
    left = await backlog(db, workflowId);
  }
  return { drained: left === 0, seconds: (performance.now() - t0) / 1000, left };
}

export interface Verification {
  rows: number;
  succeeded: number;
  failed: number;
  unfinished: number;
  /** Succeeded, but without exactly the expected step rows. */
  incomplete: number;
  /** Accepted (202 with an id) but no execution row. */
  lost: number;
  /** Rows no accepted request accounts for (a refused request must start nothing). */
  extra: number;
  /** Seconds from the first execution's creation to the last one's finish. */
  spanSeconds: number;
}

/** Checks every execution of `workflowId` against the ids the bench was given. */
export async function verify(
  db: pg.Pool,
  workflowId: string,
  acceptedIds: readonly string[],
  steps: { succeeded: number; skipped: number },
): Promise<Verification> {
  const { rows } = await db.query(
    `WITH per AS (
       SELECT e.id, e.status, e."createdAt", e."finishedAt",
              count(s.id) AS steps,
              count(s.id) FILTER (WHERE s.status = 'succeeded') AS ok,
              count(s.id) FILTER (WHERE s.status = 'skipped') AS skipped
       FROM executions e LEFT JOIN execution_steps s ON s."executionId" = e.id
       WHERE e."workflowId" = $1 GROUP BY e.id)
     SELECT count(*)::int AS rows,
            count(*) FILTER (WHERE status = 'succeeded')::int AS succeeded,
            count(*) FILTER (WHERE ${UNFINISHED})::int AS unfinished,
            count(*) FILTER (WHERE ${FAILED})::int AS failed,
            count(*) FILTER (WHERE status = 'succeeded' AND NOT (ok = $2 AND skipped = $3 AND steps = $2 + $3))::int AS incomplete,
            extract(epoch FROM max("finishedAt") - min("createdAt"))::float AS span
     FROM per`,
    [workflowId, steps.succeeded, steps.skipped],
  );
  const r = rows[0];
  let found = 0;
  // Chunks keep each statement's parameter small even for 100k ids.
  for (let i = 0; i < acceptedIds.length; i += 10_000) {
    const chunk = acceptedIds.slice(i, i + 10_000);
    const res = await db.query(
      `SELECT count(*)::int AS n FROM executions WHERE "workflowId" = $1 AND id = ANY($2::uuid[])`,
      [workflowId, chunk],
    );
    found += res.rows[0].n as number;
  }
  const unique = new Set(acceptedIds).size;
  return {
    rows: r.rows,
    succeeded: r.succeeded,
    failed: r.failed,
    unfinished: r.unfinished,
    incomplete: r.incomplete,
    lost: unique - found,
    extra: r.rows - found,
    spanSeconds: r.span ?? NaN,
  };
}

export interface Finished {
  status: string;
  durationMs: number | null;
  createdAt: Date;
  finishedAt: Date | null;
  output: unknown;
  steps: number;
}

/** Polls one execution until it is terminal, at most `capMs`; null if it never got there. */
export async function waitFinished(db: pg.Pool, executionId: string, capMs: number): Promise<Finished | null> {
  const deadline = performance.now() + capMs;
  while (performance.now() < deadline) {
    const { rows } = await db.query(
      `SELECT status, "durationMs", "createdAt", "finishedAt" FROM executions WHERE id = $1 AND NOT ${UNFINISHED}`,
      [executionId],
    );
    if (rows[0]) {
      const rest = await db.query(
        `SELECT output, (SELECT count(*)::int FROM execution_steps WHERE "executionId" = $1) AS steps FROM executions WHERE id = $1`,
        [executionId],
      );
      return { ...rows[0], ...rest.rows[0] } as Finished;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  return null;
}
