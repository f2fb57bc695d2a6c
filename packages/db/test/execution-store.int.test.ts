import { randomUUID } from 'node:crypto';
import { afterAll } from 'vitest';
import { initialState } from '@weft/engine';
import { createPgPool, createPrismaClient, PgExecutionStore, PrismaExecutionCreator } from '../src';
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
    const e = await new PrismaExecutionCreator(prisma).createExecution({ workflowId: wf.id, workflowVersionId: wf.versions[0]!.id, version: 1, trigger: 'manual', triggerData, state: initialState(def) });
    return e.id;
  },
  readExecution: (id) =>
    prisma.execution.findUniqueOrThrow({
      where: { id },
      select: { status: true, output: true, error: true, errorNodeId: true, nodesExecuted: true, startedAt: true, finishedAt: true, deadlineAt: true, leaseOwner: true, wakeAt: true },
    }),
  async readSteps(id) {
    // Through pg, not Prisma: Prisma copies JSON key by key, which would lose a `__proto__` key.
    const { rows } = await pool.query(
      `SELECT "nodeId", scope, attempt, status::text AS status, input, output, error FROM execution_steps WHERE "executionId" = $1 ORDER BY "nodeId", scope, attempt`,
      [id],
    );
    return rows;
  },
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
}));
