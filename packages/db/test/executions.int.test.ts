import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { WorkflowDefinition } from '@weft/engine';
import { newExecutionState } from '@weft/engine/adapter';
import { createPgPool, createPrismaClient, PgExecutionCreator } from '../src';

const prisma = createPrismaClient(process.env.DATABASE_URL!);
const pool = createPgPool(process.env.DATABASE_URL!, { max: 4 });
afterAll(async () => {
  await prisma.$disconnect();
  await pool.end();
});

const def = WorkflowDefinition.parse({ name: 'hot path', nodes: [{ id: 'start', type: 'trigger', parameters: {} }] });

describe('PgExecutionCreator (group commit)', () => {
  it('creates many concurrent executions with their payloads; one for a missing workflow fails alone', async () => {
    const wf = await prisma.workflow.create({
      data: { name: 'hot path', versions: { create: { version: 1, definition: def as never } } },
      include: { versions: true },
    });
    const creator = new PgExecutionCreator(pool);
    const make = (i: number, workflowId = wf.id) =>
      creator.createExecution({
        workflowId,
        workflowVersionId: wf.versions[0]!.id,
        version: 1,
        trigger: 'webhook',
        triggerData: { i, nul: 'a\u0000b' },
        state: newExecutionState(def),
      });
    const settled = await Promise.allSettled([
      ...Array.from({ length: 30 }, (_, i) => make(i)),
      make(99, randomUUID()),
    ]);
    expect(settled.slice(0, 30).every((s) => s.status === 'fulfilled')).toBe(true);
    expect(settled[30]!.status).toBe('rejected');
    const rows = await prisma.execution.findMany({ where: { workflowId: wf.id }, orderBy: { id: 'asc' } });
    expect(rows).toHaveLength(30);
    expect(rows.map((r) => (r.triggerData as { i: number }).i).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 30 }, (_, i) => i),
    );
    expect(
      rows.every(
        (r) =>
          r.status === 'queued' && r.trigger === 'webhook' && (r.triggerData as { nul: string }).nul === 'a\uFFFDb',
      ),
    ).toBe(true);
    const ids = new Set(settled.slice(0, 30).map((s) => (s as PromiseFulfilledResult<{ id: string }>).value.id));
    expect(rows.every((r) => ids.has(r.id))).toBe(true);
  });
});
