// After the soak: what Postgres and the hit target say happened to every delivery. Read
// straight from the database (as bench/executions.ts does), all rows of the soak workflow
// at once — a minute of load is some thousands of executions.
import type pg from 'pg';

/** What the soak's sender saw for one delivery (its `delivery` id is in the body and the Idempotency-Key). */
export type Outcome =
  | { kind: 'accepted'; executionId: string }
  /** An answer other than a fresh 202 (503 while Redis or Postgres is down, …): it must have started nothing that runs. */
  | { kind: 'refused'; why: string }
  /** No answer (connection reset, timeout): it may or may not have been accepted. */
  | { kind: 'unanswered'; why: string };

export interface ExecutionDetail {
  id: string;
  delivery: string | null;
  status: string;
  error: unknown;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  leaseOwner: string | null;
  leaseUntil: string | null;
  wakeAt: string | null;
  fence: number;
  steps: {
    nodeId: string;
    attempt: number;
    status: string;
    startedAt: string;
    finishedAt: string | null;
    error: unknown;
  }[];
  hits: string[];
}

export interface SoakVerdict {
  executions: number;
  byStatus: Record<string, number>;
  /** Terminal but not succeeded, by `status code`, with one message each. */
  failures: Record<string, { count: number; example: string }>;
  /** Accepted deliveries with no execution, or whose returned execution id is not theirs. */
  lost: string[];
  /** Deliveries with more than one execution. */
  duplicated: string[];
  /** Executions still queued or running. */
  stuck: string[];
  /** Executions whose `http` step had finished (a succeeded step row) and whose call was made again after that. */
  doubleEffect: string[];
  /** Executions acquired by more than one drive (fence > 1): resumed after a kill or an outage. */
  resumed: number;
  /** Calls made again while their step had not finished (a worker killed mid-call): allowed, at-least-once. */
  remadeInFlight: number;
  /** A succeeded `http` step the target never saw. */
  phantom: string[];
  /** Executions of deliveries that were refused or unanswered, by `<what the sender saw> → <status>`. */
  fromUnaccepted: Record<string, number>;
  /**
   * Executions of deliveries the sender was answered a refusal for (a 503, a 429…): a sender
   * retries those, so each is a run it will get twice. Must be none (issue 19).
   */
  fromRefused: string[];
  /** Executions whose delivery the soak never sent. */
  unaccounted: string[];
  /** Target calls for execution ids that are not in the database. */
  hitsWithoutExecution: number;
}

const FINISHED_SLACK_MS = 100;

export async function verifySoak(
  db: pg.Pool,
  workflowId: string,
  httpNodeId: string,
  outcomes: ReadonlyMap<string, Outcome>,
  hits: ReadonlyMap<string, number[]>,
): Promise<SoakVerdict> {
  const { rows: execs } = await db.query<ExecutionRow>(
    `SELECT id, status, "triggerData"->'body'->>'delivery' AS delivery, error->>'code' AS code, error->>'message' AS message, fence
     FROM executions WHERE "workflowId" = $1`,
    [workflowId],
  );
  const { rows: steps } = await db.query<HttpStepRow>(
    `SELECT s."executionId", s.status, s."finishedAt" FROM execution_steps s JOIN executions e ON e.id = s."executionId"
     WHERE e."workflowId" = $1 AND s."nodeId" = $2`,
    [workflowId, httpNodeId],
  );
  const v: SoakVerdict = {
    executions: execs.length,
    byStatus: {},
    failures: {},
    lost: [],
    duplicated: [],
    stuck: [],
    doubleEffect: [],
    resumed: 0,
    remadeInFlight: 0,
    phantom: [],
    fromUnaccepted: {},
    fromRefused: [],
    unaccounted: [],
    hitsWithoutExecution: 0,
  };
  checkDeliveries(v, execs, outcomes);
  checkHttpCalls(v, execs, steps, hits);
  return v;
}

interface ExecutionRow {
  id: string;
  status: string;
  delivery: string | null;
  code: string | null;
  message: string | null;
  fence: number;
}

interface HttpStepRow {
  executionId: string;
  status: string;
  finishedAt: Date | null;
}

/** Each execution by status, and against the delivery it came from: lost, duplicated, unaccounted, from a refusal. */
function checkDeliveries(v: SoakVerdict, execs: ExecutionRow[], outcomes: ReadonlyMap<string, Outcome>): void {
  const byDelivery = new Map<string, string[]>();
  for (const e of execs) {
    v.byStatus[e.status] = (v.byStatus[e.status] ?? 0) + 1;
    if (e.fence > 1) v.resumed++;
    if (e.status === 'queued' || e.status === 'running') v.stuck.push(e.id);
    else if (e.status !== 'succeeded') {
      const key = `${e.status} ${e.code ?? '(no code)'}`;
      const f = (v.failures[key] ??= { count: 0, example: (e.message ?? '').slice(0, 160) });
      f.count++;
    }
    const outcome = e.delivery === null ? undefined : outcomes.get(e.delivery);
    if (!outcome || e.delivery === null) {
      v.unaccounted.push(e.id);
      continue;
    }
    byDelivery.set(e.delivery, [...(byDelivery.get(e.delivery) ?? []), e.id]);
    if (outcome.kind !== 'accepted') {
      const key = `${outcome.why} → ${e.status}`;
      v.fromUnaccepted[key] = (v.fromUnaccepted[key] ?? 0) + 1;
      if (outcome.kind === 'refused') v.fromRefused.push(e.id);
    }
  }
  for (const [delivery, outcome] of outcomes) {
    const ids = byDelivery.get(delivery) ?? [];
    if (ids.length > 1) v.duplicated.push(delivery);
    if (outcome.kind === 'accepted' && !ids.includes(outcome.executionId)) v.lost.push(delivery);
  }
}

/**
 * A call made after its step's recorded finish re-ran a finished effect. Calls before it
 * are the one that finished plus any made by a drive that died before checkpointing.
 */
function checkHttpCalls(
  v: SoakVerdict,
  execs: ExecutionRow[],
  steps: HttpStepRow[],
  hits: ReadonlyMap<string, number[]>,
): void {
  const finished = new Map<string, number[]>();
  for (const s of steps)
    if (s.status === 'succeeded' && s.finishedAt)
      finished.set(s.executionId, [...(finished.get(s.executionId) ?? []), s.finishedAt.getTime()]);
  const known = new Set(execs.map((e) => e.id));
  for (const [id, times] of hits) if (!known.has(id)) v.hitsWithoutExecution += times.length;
  for (const [id, finishes] of finished) {
    const times = hits.get(id) ?? [];
    if (times.length === 0) v.phantom.push(id);
    else if (finishes.length > 1 || times.some((t) => t > Math.min(...finishes) + FINISHED_SLACK_MS))
      v.doubleEffect.push(id);
    else if (times.length > 1) v.remadeInFlight++;
  }
}

/** Everything about a few executions, for the report of a problem. */
export async function describeExecutions(
  db: pg.Pool,
  ids: readonly string[],
  hits: ReadonlyMap<string, number[]>,
): Promise<ExecutionDetail[]> {
  if (ids.length === 0) return [];
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  const { rows } = await db.query(
    `SELECT id, "triggerData"->'body'->>'delivery' AS delivery, status, error, "createdAt", "startedAt", ` +
      `"finishedAt", "leaseOwner", "leaseUntil", "wakeAt", fence
     FROM executions WHERE id = ANY($1::uuid[]) ORDER BY id`,
    [ids],
  );
  const { rows: stepRows } = await db.query(
    `SELECT "executionId", "nodeId", attempt, status, "startedAt", "finishedAt", error FROM execution_steps
     WHERE "executionId" = ANY($1::uuid[]) ORDER BY "startedAt", "nodeId"`,
    [ids],
  );
  return rows.map((r) => ({
    id: r.id,
    delivery: r.delivery,
    status: r.status,
    error: r.error,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    leaseOwner: r.leaseOwner,
    leaseUntil: iso(r.leaseUntil),
    wakeAt: iso(r.wakeAt),
    fence: r.fence,
    steps: stepRows
      .filter((s) => s.executionId === r.id)
      .map((s) => ({
        nodeId: s.nodeId,
        attempt: s.attempt,
        status: s.status,
        startedAt: s.startedAt.toISOString(),
        finishedAt: iso(s.finishedAt),
        error: s.error,
      })),
    hits: (hits.get(r.id) ?? []).map((t) => new Date(t).toISOString()),
  }));
}
