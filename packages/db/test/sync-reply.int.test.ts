import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkflowDefinition } from '@weft/engine';
import { newExecutionState } from '@weft/engine/adapter';
import { createPgPool, createPrismaClient, PgExecutionStore, PgExecutionCreator, readSyncReply } from '../src';

const prisma = createPrismaClient(process.env.DATABASE_URL!);
const pool = createPgPool(process.env.DATABASE_URL!, { max: 2 });
afterAll(async () => {
  await prisma.$disconnect();
  await pool.end();
});

const def = WorkflowDefinition.parse({
  name: 'sync',
  nodes: [{ id: 'start', type: 'trigger', parameters: {} }],
  edges: [],
});

async function newExecution(): Promise<string> {
  const wf = await prisma.workflow.create({
    data: { name: 'sync', versions: { create: { version: 1, definition: def as never } } },
    include: { versions: true },
  });
  const { id } = await new PgExecutionCreator(pool).createExecution({
    workflowId: wf.id,
    workflowVersionId: wf.versions[0]!.id,
    version: 1,
    trigger: 'webhook',
    triggerData: {},
    state: newExecutionState(def),
  });
  return id;
}

describe('readSyncReply', () => {
  it('is null for an unknown execution (or an id that is no UUID)', async () => {
    expect(await readSyncReply(pool, randomUUID())).toBeNull();
    expect(await readSyncReply(pool, 'nope')).toBeNull();
  });

  it('reads the status, the respond node reply once there is one, then the output or the error', async () => {
    const store = new PgExecutionStore(pool);
    const id = await newExecution();
    expect(await readSyncReply(pool, id)).toEqual({ status: 'queued', response: null, output: null, error: null });

    const a = await store.acquire(id, 'w1', 30_000);
    if (a.kind !== 'acquired') throw new Error(a.kind);
    const response = { status: 201, headers: { 'x-a': 'b' }, body: { ok: true } };
    const state = { ...a.run.execution.state, response };
    expect(
      await store.checkpoint(id, a.run.fence, { steps: [], state, nodesExecuted: 1, release: false }, 30_000),
    ).toBe(true);
    expect(await readSyncReply(pool, id)).toEqual({ status: 'running', response, output: null, error: null });

    const error = { code: 'NODE_FAILED', message: 'boom', nodeId: 'start' };
    const finish = {
      status: 'failed' as const,
      output: { partial: 1 },
      error,
      errorNodeId: 'start',
      finishedAt: new Date(),
    };
    expect(
      await store.checkpoint(id, a.run.fence, { steps: [], state, nodesExecuted: 0, finish, release: true }, 30_000),
    ).toBe(true);
    expect(await readSyncReply(pool, id)).toEqual({ status: 'failed', response, output: { partial: 1 }, error });
  });
});
