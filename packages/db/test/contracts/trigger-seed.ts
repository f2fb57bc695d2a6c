import { afterAll } from 'vitest';
import { createPrismaClient, type ExecutionStatus, type PrismaClient, type ScheduleFireOutcome } from '../../src';
import type { MemoryTables } from '../../src/repositories/memory';
import { newId } from '../../src/repositories/memory';
import type { StoreHarness } from './harness';

/**
 * Rows the schedule and webhook contracts hang theirs on, written beneath the repositories under test:
 * a workflow (with a version, which executions name), the executions a webhook or schedule started, and
 * a schedule's fires (which only the worker's PgScheduleStore records). On Postgres through a Prisma
 * client of the suite's own; in memory straight into the store's tables.
 */
export interface TriggerSeed {
  workflow(): Promise<string>;
  execution(
    workflowId: string,
    startedBy: { webhookId?: string; scheduleId?: string },
    status?: ExecutionStatus,
  ): Promise<{ id: string; createdAt: Date }>;
  fire(
    scheduleId: string,
    fire: { scheduledAt: Date; outcome: ScheduleFireOutcome; executionId?: string; reason?: string },
  ): Promise<string>;
}

let client: PrismaClient | undefined;
const seededWorkflows: string[] = [];

/**
 * Call once at the top of a contract. After the suite, its workflows are deleted on Postgres with
 * their schedules and webhooks (a later test file's worker reconciles timers with the whole table).
 */
export function seedFor(): (harness: StoreHarness) => TriggerSeed {
  afterAll(async () => {
    await client?.workflow.deleteMany({ where: { id: { in: seededWorkflows.splice(0) } } });
    await client?.$disconnect();
    client = undefined;
  });
  return (harness) => {
    if (harness.kind === 'postgres') return postgresSeed((client ??= createPrismaClient(process.env.DATABASE_URL!)));
    return memorySeed((harness.store as unknown as { tables: MemoryTables }).tables);
  };
}

/** The columns a seeded run sets; the rest are the table's defaults. */
function runFields(
  workflowId: string,
  workflowVersionId: string,
  startedBy: { webhookId?: string; scheduleId?: string },
  status: ExecutionStatus,
) {
  return {
    workflowId,
    workflowVersionId,
    version: 1,
    status,
    trigger: startedBy.webhookId ? ('webhook' as const) : ('schedule' as const),
    triggerData: {},
    state: {},
    webhookId: startedBy.webhookId ?? null,
    scheduleId: startedBy.scheduleId ?? null,
  };
}

function postgresSeed(prisma: PrismaClient): TriggerSeed {
  return {
    async workflow() {
      const wf = await prisma.workflow.create({
        data: { name: 'trigger contract', versions: { create: { version: 1, definition: {} } } },
      });
      seededWorkflows.push(wf.id);
      return wf.id;
    },
    async execution(workflowId, startedBy, status = 'succeeded') {
      const version = await prisma.workflowVersion.findFirstOrThrow({ where: { workflowId } });
      return prisma.execution.create({
        data: runFields(workflowId, version.id, startedBy, status),
        select: { id: true, createdAt: true },
      });
    },
    async fire(scheduleId, fire) {
      return (await prisma.scheduleFire.create({ data: { scheduleId, ...fire } })).id;
    },
  };
}

function memorySeed(t: MemoryTables): TriggerSeed {
  return {
    async workflow() {
      const id = newId();
      const now = new Date();
      t.workflows.set(id, {
        id,
        name: 'trigger contract',
        description: '',
        createdById: null,
        activeVersion: null,
        latestVersion: 1,
        createdAt: now,
        updatedAt: now,
      });
      const versionId = newId();
      t.versions.set(versionId, {
        id: versionId,
        workflowId: id,
        version: 1,
        definition: {},
        message: null,
        createdById: null,
        createdAt: now,
      });
      return id;
    },
    async execution(workflowId, startedBy, status = 'succeeded') {
      const id = newId();
      const createdAt = new Date();
      const version = [...t.versions.values()].find((v) => v.workflowId === workflowId)!;
      t.executions.set(id, {
        id,
        ...runFields(workflowId, version.id, startedBy, status),
        output: null,
        error: null,
        errorNodeId: null,
        parentExecutionId: null,
        nodesExecuted: 0,
        createdAt,
        startedAt: null,
        finishedAt: null,
        durationMs: null,
        deadlineAt: null,
        leaseOwner: null,
        leaseUntil: null,
        fence: 0,
        wakeAt: null,
        seq: 0,
        running: [],
      });
      return { id, createdAt };
    },
    async fire(scheduleId, fire) {
      const id = newId();
      t.fires.set(id, {
        id,
        scheduleId,
        scheduledAt: fire.scheduledAt,
        firedAt: new Date(),
        outcome: fire.outcome,
        reason: fire.reason ?? null,
        missedRuns: 0,
        executionId: fire.executionId ?? null,
      });
      return id;
    },
  };
}
