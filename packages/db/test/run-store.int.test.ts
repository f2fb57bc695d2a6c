import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { initialState } from '@weft/engine';
import { createPrismaClient, PrismaExecutionCreator, PrismaRunStore } from '../src';
import { runStoreContract } from '../../engine/test/contracts/run-store.contract';

const prisma = createPrismaClient(process.env.DATABASE_URL!);
afterAll(() => prisma.$disconnect());

runStoreContract('Postgres (PrismaRunStore)', async () => {
  const store = new PrismaRunStore(prisma);
  return {
    store,
    missingId: randomUUID(),
    async createExecution(def, triggerData) {
      const wf = await prisma.workflow.create({
        data: { name: def.name, versions: { create: { version: 1, definition: def as never } } },
        include: { versions: true },
      });
      // Through the adapter that creates executions, so its JSON handling is under test too.
      const e = await new PrismaExecutionCreator(prisma).createExecution({ workflowId: wf.id, workflowVersionId: wf.versions[0]!.id, version: 1, trigger: 'manual', triggerData, state: initialState(def) });
      return e.id;
    },
    readExecution: (id) => prisma.execution.findUniqueOrThrow({ where: { id } }),
    async readSteps(id) {
      const rows = await prisma.executionStep.findMany({ where: { executionId: id }, orderBy: [{ startedAt: 'asc' }, { nodeId: 'asc' }] });
      return rows.map((s) => ({ nodeId: s.nodeId, attempt: s.attempt, status: s.status, output: s.output }));
    },
  };
});
