import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createPrismaClient, Prisma, type PrismaClient } from '../src/index';

// Proves the generated client + adapter-pg work against the migrated schema, including
// the JSON columns and the idempotency key on execution_steps.
describe('createPrismaClient against the migrated test database', () => {
  let prisma: PrismaClient;
  const email = `db-int-${randomUUID()}@example.test`;
  let userId: string | undefined;
  let workflowId: string | undefined;

  beforeAll(() => {
    prisma = createPrismaClient(inject('databaseUrl'), { max: 2 });
  });

  afterAll(async () => {
    // Deleting the workflow cascades to its versions, executions and steps.
    if (workflowId) await prisma.workflow.delete({ where: { id: workflowId } });
    if (userId) await prisma.user.delete({ where: { id: userId } });
    await prisma.$disconnect();
  });

  it('writes and reads a workflow run, and rejects a duplicate step', async () => {
    const user = await prisma.user.create({ data: { email, name: 'Integration', passwordHash: 'x' } });
    userId = user.id;
    expect(user.role).toBe('member');

    const definition = {
      nodes: [
        { id: 'a', type: 'noop', params: { text: 'héllo ✓', n: 1.5, list: [1, null, true] } },
        { id: 'b', type: 'noop' },
      ],
      edges: [{ from: 'a', to: 'b' }],
    };
    const workflow = await prisma.workflow.create({
      data: {
        name: 'db integration',
        createdById: user.id,
        versions: { create: { version: 1, definition, createdById: user.id, message: 'first' } },
      },
      include: { versions: true },
    });
    workflowId = workflow.id;
    const version = workflow.versions[0]!;

    const execution = await prisma.execution.create({
      data: {
        workflowId: workflow.id,
        workflowVersionId: version.id,
        version: 1,
        trigger: 'manual',
        triggerData: { by: user.id },
        state: { pending: ['a'], settled: {} },
      },
    });
    expect(execution.status).toBe('queued');

    await prisma.executionStep.create({
      data: { executionId: execution.id, nodeId: 'a', status: 'succeeded', output: { ok: true } },
    });
    await prisma.executionStep.create({
      data: { executionId: execution.id, nodeId: 'b', status: 'running', input: { from: 'a' } },
    });

    // Same (executionId, nodeId, scope, attempt) → unique violation, P2002.
    const duplicate = prisma.executionStep.create({
      data: { executionId: execution.id, nodeId: 'a', status: 'failed' },
    });
    await expect(duplicate).rejects.toSatisfy(
      (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002',
    );
    // …while a retry (next attempt) of the same node is a new row.
    await prisma.executionStep.create({
      data: { executionId: execution.id, nodeId: 'a', attempt: 2, status: 'running' },
    });

    const readBack = await prisma.execution.findUniqueOrThrow({
      where: { id: execution.id },
      include: { workflowVersion: true, steps: { orderBy: [{ nodeId: 'asc' }, { attempt: 'asc' }] } },
    });
    expect(readBack.workflowVersion.definition).toEqual(definition);
    expect(readBack.triggerData).toEqual({ by: user.id });
    expect(readBack.state).toEqual({ pending: ['a'], settled: {} });
    expect(readBack.steps.map((s) => [s.nodeId, s.scope, s.attempt, s.status])).toEqual([
      ['a', '', 1, 'succeeded'],
      ['a', '', 2, 'running'],
      ['b', '', 1, 'running'],
    ]);
    expect(readBack.steps[0]!.output).toEqual({ ok: true });
    expect(readBack.steps[2]!.input).toEqual({ from: 'a' });
  });
});
