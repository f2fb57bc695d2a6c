// Retention (docs/operations.md "Retention"): finished executions are pruned in batches on
// real Postgres without being loaded into Node; optionally archived first as gzip JSON lines.
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool, pruneExecutions, type PgPool, type RetentionDb } from '../src';
import { RETENTION_SQL } from '../src/retention';
import { testDb } from '../../../test/integration/db';

const DAY_MS = 86_400_000;
const TERMINAL = ['succeeded', 'failed', 'canceled', 'timed_out'];
let workflowId: string;
let versionId: string;
let scheduleId: string;
let webhookId: string;
const dirs: string[] = [];
// This file's own pool on the migrated test database (test/integration/env.ts set DATABASE_URL).
const pool = createPgPool(process.env.DATABASE_URL!, { max: 4 });

beforeAll(async () => {
  const prisma = testDb();
  const wf = await prisma.workflow.create({ data: { name: `retention-${randomUUID().slice(0, 8)}` } });
  const v = await prisma.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, definition: { nodes: [], edges: [] } },
  });
  // Disabled: a later file's worker reconciles timers with the whole table.
  const s = await prisma.schedule.create({ data: { workflowId: wf.id, cron: '* * * * *', enabled: false } });
  const w = await prisma.webhook.create({
    data: { workflowId: wf.id, token: `ret-${randomUUID()}`, secretEncrypted: 'x', enabled: false },
  });
  workflowId = wf.id;
  versionId = v.id;
  scheduleId = s.id;
  webhookId = w.id;
});

afterAll(async () => {
  await testDb().workflow.deleteMany({ where: { id: workflowId } });
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  await pool.end();
});

const sql = async <T = Record<string, unknown>>(text: string, values: unknown[] = []) =>
  (await pool.query(text, values)).rows as T[];

/**
 * `count` executions of this file's workflow with two steps each, in one statement: the i-th
 * (1-based) finished at `finishedAt` (an SQL expression over `i`); every tenth failed.
 */
async function insertExecutions(
  count: number,
  finishedAt: string,
  opts: { status?: string; tag?: string } = {},
): Promise<void> {
  await pool.query(
    `WITH ins AS (
       INSERT INTO executions (id, "workflowId", "workflowVersionId", version, status, trigger, "triggerData", ` +
      `state, output, "createdAt", "startedAt", "finishedAt", "durationMs")
       SELECT gen_random_uuid(), $1, $2, 1, COALESCE($3, CASE WHEN i % 10 = 0 THEN 'failed' ELSE 'succeeded' ` +
      `END)::"ExecutionStatus", 'schedule',
              jsonb_build_object('i', i, 'tag', $4::text), '{"nodes":{}}', jsonb_build_object('n', i), f - ` +
      `interval '2 seconds', f - interval '1 second', f, 1000
       FROM (SELECT i, (${finishedAt}) AS f FROM generate_series(1, $5::int) i) g
       RETURNING id, "finishedAt")
     INSERT INTO execution_steps (id, "executionId", "nodeId", scope, attempt, status, output, "startedAt", "finishedAt", "durationMs")
     SELECT gen_random_uuid(), ins.id, n.node, '', 1, 'succeeded', jsonb_build_object('node', n.node), ` +
      `ins."finishedAt" - interval '1 second' + n.k * interval '1 ms', ins."finishedAt", 1
     FROM ins CROSS JOIN (VALUES ('start', 0), ('work', 1)) AS n(node, k)`,
    [workflowId, versionId, opts.status ?? null, opts.tag ?? null, count],
  );
}

async function insertOne(
  status: string,
  finishedAgoMs: number | null,
  extra: { parent?: string; createdAgoMs?: number } = {},
): Promise<string> {
  const id = randomUUID();
  await pool.query(
    `INSERT INTO executions (id, "workflowId", "workflowVersionId", version, status, trigger, "triggerData", ` +
      `state, "createdAt", "finishedAt", "parentExecutionId")
     VALUES ($1, $2, $3, 1, $4::"ExecutionStatus", 'manual', '{}', '{}', now() - $5 * interval '1 ms', now() - $6 * interval '1 ms', $7)`,
    [id, workflowId, versionId, status, extra.createdAgoMs ?? finishedAgoMs ?? 0, finishedAgoMs, extra.parent ?? null],
  );
  return id;
}

/** The pool, recording how many rows each query returned. */
function recording(p: PgPool): { db: RetentionDb; seen: { text: string; rows: number; rowCount: number | null }[] } {
  const seen: { text: string; rows: number; rowCount: number | null }[] = [];
  const record = async (run: () => Promise<{ rows: unknown[]; rowCount: number | null }>, text: string) => {
    const r = await run();
    seen.push({ text, rows: r.rows.length, rowCount: r.rowCount });
    return r as { rows: Record<string, unknown>[]; rowCount: number | null };
  };
  return {
    seen,
    db: {
      query: (text, values) => record(() => p.query(text, values), text),
      async connect() {
        const c = await p.connect();
        return { query: (text, values) => record(() => c.query(text, values), text), release: (e) => c.release(e) };
      },
    },
  };
}

async function count(where: string, values: unknown[] = []): Promise<number> {
  return (await sql<{ n: number }>(`SELECT count(*)::int AS n FROM executions WHERE ${where}`, values))[0]!.n;
}

async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'weft-archive-'));
  dirs.push(d);
  return d;
}

describe('retention', () => {
  it(
    'prunes 10,000 executions by age in batches without loading them: the old finished ones and their steps go; ' +
      'young, queued and running ones stay; dependents are kept or pruned',
    async () => {
      // i-th finished (i - 0.5) × 172.8 s ago: 1..5000 are younger than 10 days, 5001..10000 older,
      // each at least 86 s from the cutoff.
      await insertExecutions(10_000, `now() - (i - 0.5) * interval '172.8 seconds'`, { tag: 'bulk' });
      const oldQueued = await insertOne('queued', null, { createdAgoMs: 40 * DAY_MS });
      const oldRunning = await insertOne('running', null, { createdAgoMs: 40 * DAY_MS });
      // Paranoia: a non-terminal row with an old finishedAt is still never pruned.
      const oddRunning = await insertOne('running', 40 * DAY_MS);
      const oldParent = await insertOne('succeeded', 30 * DAY_MS);
      const youngChild = await insertOne('succeeded', 1 * DAY_MS, { parent: oldParent });
      const prisma = testDb();
      // Fires: a recent one pointing at the pruned parent (kept, reference cleared), an old
      // skipped one (pruned), an old held-back one (kept), an old one whose run is going (kept).
      const fire = (agoDays: number, outcome: 'started' | 'skipped' | 'pending', executionId: string | null) =>
        prisma.scheduleFire.create({
          data: {
            scheduleId,
            scheduledAt: new Date(Date.now() - agoDays * DAY_MS + Math.random() * 1000),
            firedAt: new Date(Date.now() - agoDays * DAY_MS),
            outcome,
            executionId,
          },
        });
      const recentFire = await fire(1, 'started', oldParent);
      const oldSkipped = await fire(30, 'skipped', null);
      const oldPending = await fire(31, 'pending', null);
      const oldStartedRunning = await fire(40, 'started', oldRunning);
      await prisma.webhookIdempotencyKey.createMany({
        data: [
          { webhookId, key: 'old', executionId: oldParent, createdAt: new Date(Date.now() - 30 * DAY_MS) },
          { webhookId, key: 'young', executionId: youngChild, createdAt: new Date() },
        ],
      });
      await pool.query('ANALYZE executions');
      const doomedBefore = await count(`"finishedAt" < now() - interval '10 days' AND status::text = ANY($1)`, [
        TERMINAL,
      ]);
      const mineDoomed = await count(
        `"workflowId" = $1 AND "finishedAt" < now() - interval '10 days' AND status::text = ANY($2)`,
        [workflowId, TERMINAL],
      );
      expect(mineDoomed).toBe(5001);

      const { db, seen } = recording(pool);
      const result = await pruneExecutions(db, { days: 10, batchSize: 1000 });

      expect(result.pruned).toBe(doomedBefore);
      expect(result.archived).toBe(0);
      // Without loading them: no query returned more than one row (the cutoff), in all.
      expect(Math.max(...seen.map((s) => s.rows))).toBeLessThanOrEqual(1);
      expect(seen.reduce((n, s) => n + s.rows, 0)).toBeLessThanOrEqual(1);
      // In batches of at most 1000, each its own statement.
      const deletes = seen.filter((s) => s.text.includes('DELETE FROM executions'));
      expect(deletes.length).toBeGreaterThanOrEqual(6);
      expect(Math.max(...deletes.map((d) => d.rowCount ?? 0))).toBe(1000);

      // Exactly the young bulk rows remain, with their steps; the old ones' steps are gone.
      const left = await sql<{ i: number }>(
        `SELECT ("triggerData"->>'i')::int AS i FROM executions WHERE "workflowId" = $1 AND "triggerData"->>'tag' = 'bulk' ORDER BY 1`,
        [workflowId],
      );
      expect(left.length).toBe(5000);
      expect(left[0]!.i).toBe(1);
      expect(left.at(-1)!.i).toBe(5000);
      const steps = await sql<{ n: number; orphans: number }>(
        `SELECT count(*)::int AS n, count(*) FILTER (WHERE e.id IS NULL)::int AS orphans FROM execution_steps s ` +
          `LEFT JOIN executions e ON e.id = s."executionId" WHERE e."workflowId" = $1 OR e.id IS NULL`,
        [workflowId],
      );
      expect(steps[0]).toEqual({ n: 10_000, orphans: 0 });
      // Unfinished ones stay, however old.
      expect(await count(`id = ANY($1)`, [[oldQueued, oldRunning, oddRunning]])).toBe(3);
      // The parent is gone; its young child stays, no longer pointing at it.
      expect(await prisma.execution.findUnique({ where: { id: oldParent } })).toBeNull();
      expect((await prisma.execution.findUniqueOrThrow({ where: { id: youngChild } })).parentExecutionId).toBeNull();
      // Fires.
      expect((await prisma.scheduleFire.findUniqueOrThrow({ where: { id: recentFire.id } })).executionId).toBeNull();
      expect(await prisma.scheduleFire.findUnique({ where: { id: oldSkipped.id } })).toBeNull();
      expect(await prisma.scheduleFire.findUnique({ where: { id: oldPending.id } })).not.toBeNull();
      expect(await prisma.scheduleFire.findUnique({ where: { id: oldStartedRunning.id } })).not.toBeNull();
      expect(result.fires).toBeGreaterThanOrEqual(1);
      // Idempotency keys past the cutoff go; a young one (still refusing duplicates) stays.
      expect((await prisma.webhookIdempotencyKey.findMany({ where: { webhookId } })).map((k) => k.key)).toEqual([
        'young',
      ]);
      expect(result.idempotencyKeys).toBeGreaterThanOrEqual(1);

      // A second pass finds nothing more.
      expect((await pruneExecutions(pool, { days: 10, batchSize: 1000 })).pruned).toBe(0);
    },
  );

  it('the prune statements use the indexes (EXPLAIN on 10k+ rows)', async () => {
    await insertExecutions(12_000, `now() - i * interval '1 hour'`, { tag: 'explain' });
    await pool.query(
      `INSERT INTO schedule_fires (id, "scheduleId", "scheduledAt", "firedAt", outcome)
       SELECT gen_random_uuid(), $1, now() - i * interval '1 minute', now() - i * interval '1 minute', 'skipped' ` +
        `FROM generate_series(1, 10000) i`,
      [scheduleId],
    );
    await pool.query(
      `INSERT INTO webhook_idempotency_keys ("webhookId", key, "executionId", "createdAt")
       SELECT $1, 'k' || i, gen_random_uuid(), now() - i * interval '1 minute' FROM generate_series(1, 10000) i`,
      [webhookId],
    );
    await pool.query('ANALYZE executions; ANALYZE schedule_fires; ANALYZE webhook_idempotency_keys');
    expect(await count('true')).toBeGreaterThan(10_000);
    const plan = async (text: string, values: unknown[]) =>
      (await sql<{ 'QUERY PLAN': string }>(`EXPLAIN ${text}`, values)).map((r) => r['QUERY PLAN']).join('\n');
    const cutoff = new Date(Date.now() - 10 * DAY_MS);
    const zero = '00000000-0000-0000-0000-000000000000';
    // The batch is picked on (finishedAt, id) and deleted by primary key: no scan of the whole table.
    for (const text of [RETENTION_SQL.deleteBatch, RETENTION_SQL.archiveBatch]) {
      const p = await plan(text, [cutoff, zero, 1000]);
      expect(p).toContain('Index Scan using "executions_finishedAt_id_idx"');
      expect(p).toMatch(/(Index Scan using|Bitmap Index Scan on) executions_pkey/);
      expect(p).not.toContain('Seq Scan on executions');
    }
    const kept = await plan(RETENTION_SQL.oldestKept, [100]);
    expect(kept).toContain('Index Scan Backward using "executions_finishedAt_id_idx"');
    expect(kept).not.toMatch(/Sort|Seq Scan/);
    const fires = await plan(RETENTION_SQL.deleteFires, [cutoff, 1000]);
    expect(fires).toContain('Index Scan using "schedule_fires_firedAt_idx"');
    expect(fires).not.toContain('Seq Scan on schedule_fires');
    const keys = await plan(RETENTION_SQL.deleteKeys, [cutoff, 1000]);
    expect(keys).toContain('webhook_idempotency_keys_createdAt_idx');
    expect(keys).toContain('Tid Scan');
    expect(keys).not.toContain('Seq Scan on webhook_idempotency_keys');
    await pool.query(`DELETE FROM schedule_fires WHERE "scheduleId" = $1`, [scheduleId]);
    await pool.query(`DELETE FROM webhook_idempotency_keys WHERE "webhookId" = $1`, [webhookId]);
  });

  it('EXECUTION_RETENTION_MAX keeps exactly the newest N finished executions', async () => {
    const newest = (
      await sql<{ id: string }>(
        `SELECT e.id::text AS id FROM executions e WHERE e."finishedAt" IS NOT NULL AND e.status::text = ANY($1) ` +
          `ORDER BY e."finishedAt" DESC, e.id DESC LIMIT 1234`,
        [TERMINAL],
      )
    ).map((r) => r.id);
    expect(newest.length).toBe(1234);
    const unfinished = await count(`status IN ('queued', 'running')`);
    const result = await pruneExecutions(pool, { days: 3650, maxCount: 1234, batchSize: 500 });
    expect(result.pruned).toBeGreaterThan(0);
    const kept = (
      await sql<{ id: string }>(
        `SELECT e.id::text AS id FROM executions e WHERE e."finishedAt" IS NOT NULL AND e.status::text = ANY($1) ` +
          `ORDER BY e."finishedAt" DESC, e.id DESC`,
        [TERMINAL],
      )
    ).map((r) => r.id);
    expect(kept).toEqual(newest);
    expect(await count(`status IN ('queued', 'running')`)).toBe(unfinished);
  });

  it('ARCHIVE_DIR: each batch is written to its UTC day file as gzip JSON lines (several members), with steps, then deleted', async () => {
    await pool.query(`DELETE FROM executions WHERE "workflowId" = $1 AND status::text = ANY($2)`, [
      workflowId,
      TERMINAL,
    ]);
    // 250 on 2025-03-01 (late in the UTC day) and 50 on 2025-03-02, across batches of 100.
    await insertExecutions(250, `timestamptz '2025-03-01T23:00:00Z' + i * interval '1 second'`, { tag: 'archive' });
    await insertExecutions(50, `timestamptz '2025-03-02T00:30:00Z' + i * interval '1 second'`, { tag: 'archive' });
    const expected = new Map(
      (
        await sql<{ id: string; i: number }>(
          `SELECT id::text AS id, ("triggerData"->>'i')::int AS i FROM executions WHERE "triggerData"->>'tag' = 'archive'`,
        )
      ).map((r) => [r.id, r.i]),
    );
    const dir = await tempDir();

    const result = await pruneExecutions(pool, { days: 1, batchSize: 100, archiveDir: dir });

    expect(result.pruned).toBe(300);
    expect(result.archived).toBe(300);
    expect(await count(`"triggerData"->>'tag' = 'archive'`)).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['executions-2025-03-01.jsonl.gz', 'executions-2025-03-02.jsonl.gz']);
    const day1 = await readFile(join(dir, 'executions-2025-03-01.jsonl.gz'));
    // Three batches reached this day: three gzip members (magic 1f 8b), all read by gunzipSync.
    expect(countMembers(day1)).toBe(3);
    const lines = [day1, await readFile(join(dir, 'executions-2025-03-02.jsonl.gz'))].flatMap((f) =>
      gunzipSync(f).toString('utf8').trimEnd().split('\n'),
    );
    const parsed = lines.map((l) => JSON.parse(l) as ArchivedExecution);
    expect(parsed.length).toBe(300);
    expect(new Set(parsed.map((p) => p.id))).toEqual(new Set(expected.keys()));
    for (const p of parsed) {
      expect(p.workflowId).toBe(workflowId);
      expect(p.triggerData.i).toBe(expected.get(p.id));
      expect(p.output).toEqual({ n: p.triggerData.i });
      expect(p.steps.map((s) => [s.nodeId, s.status, s.output])).toEqual([
        ['start', 'succeeded', { node: 'start' }],
        ['work', 'succeeded', { node: 'work' }],
      ]);
      expect(p).not.toHaveProperty('state');
      expect(p).not.toHaveProperty('leaseOwner');
    }
    const first = parsed.find((p) => p.triggerData.i === 1)!;
    expect(first.finishedAt).toBe('2025-03-01T23:00:01+00:00');
    // The file a line is in is its finishedAt's UTC day.
    expect(gunzipSync(day1).toString('utf8').trimEnd().split('\n').length).toBe(250);
  });

  it('a batch whose DELETE fails leaves every row in place (its lines may be archived twice, never lost)', async () => {
    await insertExecutions(40, `timestamptz '2025-04-10T12:00:00Z' + i * interval '1 second'`, { tag: 'crash' });
    const dir = await tempDir();
    const fn = `test_refuse_delete_${randomUUID().slice(0, 8)}`;
    await pool.query(
      `CREATE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$`,
    );
    await pool.query(`CREATE TRIGGER ${fn} BEFORE DELETE ON executions FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      await expect(pruneExecutions(pool, { days: 1, batchSize: 25, archiveDir: dir })).rejects.toThrow(
        /refused by test/,
      );
    } finally {
      await pool.query(`DROP TRIGGER ${fn} ON executions; DROP FUNCTION ${fn}()`);
    }
    expect(await count(`"triggerData"->>'tag' = 'crash'`)).toBe(40);
    const file = join(dir, 'executions-2025-04-10.jsonl.gz');
    expect(
      gunzipSync(await readFile(file))
        .toString()
        .trimEnd()
        .split('\n').length,
    ).toBe(25);

    const again = await pruneExecutions(pool, { days: 1, batchSize: 25, archiveDir: dir });
    expect(again.pruned).toBe(40);
    expect(await count(`"triggerData"->>'tag' = 'crash'`)).toBe(0);
    const ids = gunzipSync(await readFile(file))
      .toString()
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(ids.length).toBe(65);
    expect(new Set(ids).size).toBe(40);
  });

  it('a missing or unusable ARCHIVE_DIR is an error naming it, and nothing is deleted', async () => {
    await insertExecutions(5, `timestamptz '2025-05-01T00:00:00Z' + i * interval '1 second'`, { tag: 'nodir' });
    const oldFire = await testDb().scheduleFire.create({
      data: {
        scheduleId,
        scheduledAt: new Date('2025-05-01T00:00:00Z'),
        firedAt: new Date('2025-05-01T00:00:00Z'),
        outcome: 'skipped',
      },
    });
    const missing = join(tmpdir(), `weft-missing-${randomUUID()}`);
    await expect(pruneExecutions(pool, { days: 1, batchSize: 100, archiveDir: missing })).rejects.toThrow(
      `ARCHIVE_DIR ${missing} is not a writable directory`,
    );
    const file = join(await tempDir(), 'a-file');
    await writeFile(file, 'x');
    await expect(pruneExecutions(pool, { days: 1, batchSize: 100, archiveDir: file })).rejects.toThrow(
      /ARCHIVE_DIR .* is not a writable directory \(not a directory\)/,
    );
    expect(await count(`"triggerData"->>'tag' = 'nodir'`)).toBe(5);
    expect(await testDb().scheduleFire.findUnique({ where: { id: oldFire.id } })).not.toBeNull();
  });

  it('bad options are refused, naming the option', async () => {
    await expect(pruneExecutions(pool, { days: 0, batchSize: 10 })).rejects.toThrow(
      /retention days must be an integer ≥ 1, got 0/,
    );
    await expect(pruneExecutions(pool, { days: 1, batchSize: 0 })).rejects.toThrow(
      /retention batchSize must be an integer ≥ 1, got 0/,
    );
    await expect(pruneExecutions(pool, { days: 1, batchSize: 10, maxCount: 0 })).rejects.toThrow(
      /retention maxCount must be an integer ≥ 1, got 0/,
    );
  });
});

interface ArchivedExecution {
  id: string;
  workflowId: string;
  finishedAt: string;
  triggerData: { i: number };
  output: unknown;
  steps: { nodeId: string; status: string; output: unknown }[];
}

/** gzip members in a file: Node's gzip header (1f 8b 08, no flags, mtime 0, OS unix) at each member's start. */
function countMembers(buf: Buffer): number {
  const header = Buffer.from('1f8b0800000000000003', 'hex');
  expect(buf.subarray(0, header.length)).toEqual(header);
  let n = 0;
  for (let at = buf.indexOf(header); at !== -1; at = buf.indexOf(header, at + 1)) n++;
  return n;
}
