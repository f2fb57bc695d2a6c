import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkflowDefinition } from '@weft/engine';
import { newExecutionState, type ExecutionState, type StepRecord } from '@weft/engine/adapter';
import { createPgPool, createPrismaClient, PgExecutionStore, PgExecutionCreator } from '../src';
import { executionStoreContract } from '../../engine/test/contracts/execution-store.contract';

const prisma = createPrismaClient(process.env.DATABASE_URL!);
const pool = createPgPool(process.env.DATABASE_URL!, { max: 4 });
afterAll(async () => {
  await prisma.$disconnect();
  await pool.end();
});

executionStoreContract('Postgres (PgExecutionStore)', async () => ({
  store: new PgExecutionStore(pool),
  missingId: randomUUID(),
  async createExecution(def, triggerData) {
    const wf = await prisma.workflow.create({
      data: { name: def.name, versions: { create: { version: 1, definition: def as never } } },
      include: { versions: true },
    });
    // Through the adapter that creates executions, so its JSON handling is under test too.
    const e = await new PgExecutionCreator(pool).createExecution({
      workflowId: wf.id,
      workflowVersionId: wf.versions[0]!.id,
      version: 1,
      trigger: 'manual',
      triggerData,
      state: newExecutionState(def),
    });
    return e.id;
  },
  readExecution: (id) =>
    prisma.execution.findUniqueOrThrow({
      where: { id },
      select: {
        status: true,
        output: true,
        error: true,
        errorNodeId: true,
        nodesExecuted: true,
        startedAt: true,
        finishedAt: true,
        deadlineAt: true,
        leaseOwner: true,
        wakeAt: true,
      },
    }),
  async readSteps(id) {
    // Through pg, not Prisma: Prisma copies JSON key by key, which would lose a `__proto__` key.
    const { rows } = await pool.query(
      `SELECT "nodeId", scope, attempt, status::text AS status, input, output, error FROM execution_steps WHERE ` +
        `"executionId" = $1 ORDER BY "nodeId", scope, attempt`,
      [id],
    );
    return rows;
  },
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
}));

// Postgres only (the engine's port doesn't expose it): the change sequence live views read
// (docs/architecture.md "Watch"). Each write a watcher should see bumps `seq` by one, and
// the steps a checkpoint records carry the seq it committed with.
const def = WorkflowDefinition.parse({
  name: 'seq',
  nodes: [
    { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
    { id: 'a', type: 'transform', name: 'A', position: { x: 1, y: 0 }, parameters: { fields: {} } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'a' }],
});

async function created(): Promise<string> {
  const wf = await prisma.workflow.create({
    data: { name: 'seq', versions: { create: { version: 1, definition: def as never } } },
    include: { versions: true },
  });
  return (
    await new PgExecutionCreator(pool).createExecution({
      workflowId: wf.id,
      workflowVersionId: wf.versions[0]!.id,
      version: 1,
      trigger: 'manual',
      triggerData: {},
      state: newExecutionState(def),
    })
  ).id;
}
describe('PgExecutionStore: change sequence', () => {
  const store = new PgExecutionStore(pool);
  const at = new Date();
  const step = (nodeId: string, attempt = 1): StepRecord => ({
    nodeId,
    scope: '',
    attempt,
    status: 'succeeded',
    input: null,
    output: { nodeId },
    error: null,
    startedAt: at,
    finishedAt: at,
  });
  const head = async (id: string) =>
    (await pool.query<{ seq: number; running: unknown }>(`SELECT seq, running FROM executions WHERE id = $1`, [id]))
      .rows[0]!;
  const stepSeqs = async (id: string) =>
    (
      await pool.query<{ nodeId: string; attempt: number; seq: number }>(
        `SELECT "nodeId", attempt, seq FROM execution_steps WHERE "executionId" = $1 ORDER BY "nodeId", attempt`,
        [id],
      )
    ).rows;

  it('counts queued → running and each checkpoint; steps carry their checkpoint seq; the running nodes follow the state', async () => {
    const id = await created();
    expect(await head(id)).toEqual({ seq: 0, running: [] });
    const a = await store.acquire(id, 'owner-1', 60_000);
    if (a.kind !== 'acquired') throw new Error(a.kind);
    expect((await head(id)).seq).toBe(1);

    // What the planner makes of the trigger succeeding: `a` admitted.
    const afterStart: ExecutionState = {
      ...a.run.execution.state,
      nodes: { start: { status: 'succeeded', handles: ['out'] }, a: { status: 'queued', attempt: 1 } },
      operations: 2,
      lastSucceeded: 'start',
    };
    const checkpoint = (steps: StepRecord[], nodesExecuted: number) =>
      store.checkpoint(id, a.run.fence, { steps, state: afterStart, nodesExecuted, release: false }, 60_000);
    expect(await checkpoint([step('start')], 1)).toBe(true);
    expect(await head(id)).toEqual({ seq: 2, running: [{ nodeId: 'a', scope: '', attempt: 1 }] });
    expect(await checkpoint([step('a'), step('a', 2)], 2)).toBe(true);
    // A checkpoint retried after a lost reply: a new change, but its steps keep the seq that wrote them.
    expect(await checkpoint([step('a')], 0)).toBe(true);
    expect(await stepSeqs(id)).toEqual([
      { nodeId: 'a', attempt: 1, seq: 3 },
      { nodeId: 'a', attempt: 2, seq: 3 },
      { nodeId: 'start', attempt: 1, seq: 2 },
    ]);
    expect((await head(id)).seq).toBe(4);

    // Taking a running execution again changes nothing a watcher sees; a stale owner's write changes nothing at all.
    const again = await store.acquire(id, 'owner-1', 60_000);
    if (again.kind !== 'acquired') throw new Error(again.kind);
    expect((await head(id)).seq).toBe(4);
    expect(
      await store.checkpoint(
        id,
        a.run.fence,
        { steps: [step('start', 2)], state: afterStart, nodesExecuted: 1, release: false },
        60_000,
      ),
    ).toBe(false);
    expect((await head(id)).seq).toBe(4);

    const finish = {
      status: 'succeeded' as const,
      output: null,
      error: null,
      errorNodeId: null,
      finishedAt: new Date(),
    };
    expect(
      await store.checkpoint(
        id,
        again.run.fence,
        { steps: [], state: afterStart, nodesExecuted: 0, release: true, finish },
        60_000,
      ),
    ).toBe(true);
    expect(await head(id)).toEqual({ seq: 5, running: [] });
  });

  it('counts an execution ended from outside (abandoned)', async () => {
    const id = await created();
    expect(await store.abandon(id, { code: 'INTERNAL', message: 'gave up' })).toBe(true);
    expect(await head(id)).toEqual({ seq: 1, running: [] });
  });
});

// The status guard comes from the engine's table (`statusesAllowingTransitionTo`): without it,
// a purge or an abandon racing a drive's last checkpoint would overwrite a finished run.
describe('PgExecutionStore: transition', () => {
  const store = new PgExecutionStore(pool);
  const status = async (id: string) =>
    (
      await pool.query<{ status: string; seq: number }>(
        `SELECT status::text AS status, seq FROM executions WHERE id = $1`,
        [id],
      )
    ).rows[0]!;
  const error = { code: 'CANCELED', message: 'purged' };

  it('ends a live execution and returns its id; a terminal one is never overwritten', async () => {
    const live = await created();
    const done = await created();
    await pool.query(`UPDATE executions SET status = 'succeeded', "finishedAt" = now() WHERE id = $1`, [done]);
    expect(await store.transition([live, done, 'not-a-uuid'], 'canceled', { error })).toEqual([live]);
    expect(await status(live)).toEqual({ status: 'canceled', seq: 1 });
    expect(await status(done)).toEqual({ status: 'succeeded', seq: 0 });
    // Canceled is terminal too: failing it afterwards changes nothing.
    expect(await store.abandon(live, { code: 'INTERNAL', message: 'gave up' })).toBe(false);
    expect(await status(live)).toEqual({ status: 'canceled', seq: 1 });
  });

  it('leaves an execution a drive holds a valid lease on to that drive when asked', async () => {
    const id = await created();
    const acquired = await store.acquire(id, 'owner-1', 60_000);
    expect(acquired.kind).toBe('acquired');
    expect(await store.transition([id], 'canceled', { error, unleasedOnly: true })).toEqual([]);
    expect(await store.transition([id], 'canceled', { error })).toEqual([id]);
    expect((await status(id)).status).toBe('canceled');
  });

  it('refuses a status a drive sets (only terminal ones are set from outside)', async () => {
    await expect(store.transition([await created()], 'running', { error })).rejects.toThrow(/only terminal/);
  });
});
