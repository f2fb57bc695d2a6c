import type { ExecutionCreator, NewExecution } from '@weft/engine';
import { GroupCommit, storableJsonText } from '@weft/engine/adapter';
import type { PgPool } from './pg-pool';
import { retryWhileUnavailable } from './unavailable';
import { uuidV7 } from './uuid-v7';

/**
 * Creating executions: the one INSERT of an execution row, on the pg pool rather than Prisma
 * (a CPU profile of the web process under webhook load showed Prisma's query interpreter and
 * its socket writes as the largest buckets after Next itself). Used group-committed by
 * `PgExecutionCreator` (manual runs, webhook deliveries) and inside a transaction by schedule
 * fires and keyed webhook deliveries (`insertExecutions`).
 */

interface ExecutionRow {
  id: string;
  workflowId: string;
  workflowVersionId: string;
  version: number;
  trigger: string;
  triggerData: unknown;
  state: unknown;
  parentExecutionId: string | null;
  webhookId: string | null;
  scheduleId: string | null;
}

// One multi-row INSERT for every execution created while the previous one was in flight. Ids
// are chosen here, before the first try, so a retry after a connection lost mid-INSERT (did it
// commit?) can't make a second row: ON CONFLICT (id) DO NOTHING.
const INSERT_EXECUTIONS =
  `
INSERT INTO executions (id, "workflowId", "workflowVersionId", version, trigger, "triggerData", state, ` +
  `"parentExecutionId", "webhookId", "scheduleId")
SELECT r.id, r."workflowId", r."workflowVersionId", r.version, r.trigger::"ExecutionTrigger", r."triggerData", ` +
  `r.state, r."parentExecutionId", r."webhookId", r."scheduleId"
FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "workflowId" uuid, "workflowVersionId" uuid, version int, ` +
  `trigger text, "triggerData" jsonb, state jsonb,
  "parentExecutionId" uuid, "webhookId" uuid, "scheduleId" uuid)
ON CONFLICT (id) DO NOTHING`;

/** Inserts executions on `client` (a pool, or a client inside a transaction); returns their ids. */
export async function insertExecutions(client: Pick<PgPool, 'query'>, executions: NewExecution[]): Promise<string[]> {
  const rows = executions.map(toRow);
  await insertRows(client, rows);
  return rows.map((r) => r.id);
}

// U+0000 and lone surrogates become U+FFFD: jsonb can't hold them.
async function insertRows(client: Pick<PgPool, 'query'>, rows: ExecutionRow[]): Promise<void> {
  await client.query({
    name: 'weft_exec_create_many',
    text: INSERT_EXECUTIONS,
    values: [storableJsonText(rows) ?? '[]'],
  });
}

function toRow(e: NewExecution): ExecutionRow {
  return {
    id: uuidV7(),
    workflowId: e.workflowId,
    workflowVersionId: e.workflowVersionId,
    version: e.version,
    trigger: e.trigger,
    triggerData: e.triggerData ?? {},
    state: e.state ?? {},
    parentExecutionId: e.parentExecutionId ?? null,
    webhookId: e.webhookId ?? null,
    scheduleId: e.scheduleId ?? null,
  };
}

// One group per pool (a process has one): concurrent deliveries share round trips.
const groups = new WeakMap<PgPool, GroupCommit<ExecutionRow, void>>();

function groupFor(pool: PgPool): GroupCommit<ExecutionRow, void> {
  let g = groups.get(pool);
  if (!g) {
    g = new GroupCommit<ExecutionRow, void>(
      async (rows) => {
        await insertRows(pool, rows);
        return rows.map(() => undefined);
      },
      { maxBatch: 200, maxInFlight: 2 },
    );
    groups.set(pool, g);
  }
  return g;
}

/** Creates executions — group-committed: one INSERT per round trip however many arrive (the engine's ExecutionCreator port). */
export class PgExecutionCreator implements ExecutionCreator {
  /**
   * `retryUnavailableMs`: how long to keep trying while Postgres is unreachable (a restart)
   * before giving up — the same row each time, so at most one is ever stored.
   */
  constructor(
    private readonly pool: PgPool,
    private readonly opts: { retryUnavailableMs?: number } = {},
  ) {}

  async createExecution(e: NewExecution): Promise<{ id: string }> {
    const row = toRow(e);
    await retryWhileUnavailable(() => groupFor(this.pool).submit(row), this.opts.retryUnavailableMs ?? 0);
    return { id: row.id };
  }
}
