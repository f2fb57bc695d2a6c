import { afterAll } from 'vitest';
import type { ExecutionStatus, PrismaClient, ScheduleFireOutcome } from '../../src';
import { createPrismaClient } from '../../src';
import type { GrantFlag } from '../../src/repositories/visibility';
import { newId, type MemoryTables } from '../../src/repositories/memory/tables';
import { unique, type StoreHarness } from './harness';
import {
  EXECUTION_DEFAULTS,
  executionRow,
  grantRow,
  SCHEDULE_DEFAULTS,
  stepRow,
  versionRow,
  WEBHOOK_DEFAULTS,
  workflowRow,
  type ExecutionFields,
  type StepFields,
} from './rows';

/**
 * Rows a repository's contract needs that no repository writes yet (executions, their steps, a
 * schedule's fires; the workflows, users, webhooks and schedules around them): into `store.tables`
 * on the in-memory store (rows from rows.ts), through Prisma on Postgres. Each call makes new rows
 * with unique names.
 */
export interface Seeder {
  user(): Promise<{ id: string; email: string; name: string }>;
  workflow(createdById: string | null, name?: string): Promise<{ id: string; name: string; versionId: string }>;
  grant(workflowId: string, userId: string, flags: Partial<Record<GrantFlag, boolean>>): Promise<void>;
  webhook(workflowId: string): Promise<string>;
  schedule(workflowId: string): Promise<string>;
  execution(wf: { id: string; versionId: string }, fields?: Partial<ExecutionFields>): Promise<string>;
  /** As `execution`, answering the row's createdAt too. */
  run(
    wf: { id: string; versionId: string },
    fields?: Partial<ExecutionFields>,
  ): Promise<{ id: string; createdAt: Date }>;
  steps(executionId: string, steps: StepFields[]): Promise<void>;
  /** A schedule's fire (only the worker's PgScheduleStore records them). */
  fire(scheduleId: string, fire: FireFields): Promise<string>;
}

type FireFields = { scheduledAt: Date; outcome: ScheduleFireOutcome; executionId?: string; reason?: string };

export function seederFor(h: StoreHarness): Seeder {
  return h.kind === 'memory' ? memorySeeder((h.store as unknown as { tables: MemoryTables }).tables) : prismaSeeder();
}

function memorySeeder(t: MemoryTables): Seeder {
  const now = () => new Date();
  const run: Seeder['run'] = async (wf, fields = {}) => {
    const row = executionRow(wf, fields);
    t.executions.set(row.id, row);
    return { id: row.id, createdAt: row.createdAt };
  };
  return {
    async user() {
      const id = newId();
      const row = { id, email: `${unique('u')}@example.test`, name: unique('User') };
      t.users.set(id, {
        ...row,
        passwordHash: 'x',
        role: 'member',
        deactivatedAt: null,
        createdAt: now(),
        updatedAt: now(),
      });
      return row;
    },
    async workflow(createdById, name = unique('Workflow')) {
      const wf = workflowRow(name, createdById);
      const version = versionRow(wf.id, createdById);
      t.workflows.set(wf.id, wf);
      t.versions.set(version.id, version);
      return { id: wf.id, name, versionId: version.id };
    },
    async grant(workflowId, userId, flags) {
      t.grants.set(`${workflowId}:${userId}`, grantRow(workflowId, userId, flags));
    },
    async webhook(workflowId) {
      const id = newId();
      const at = now();
      t.webhooks.set(id, {
        id,
        workflowId,
        token: unique('tok'),
        secretEncrypted: 'x',
        ...WEBHOOK_DEFAULTS,
        createdAt: at,
        updatedAt: at,
      });
      return id;
    },
    async schedule(workflowId) {
      const id = newId();
      const at = now();
      t.schedules.set(id, {
        id,
        workflowId,
        cron: '0 * * * *',
        ...SCHEDULE_DEFAULTS,
        lastDueAt: at,
        createdAt: at,
        updatedAt: at,
      });
      return id;
    },
    run,
    async execution(wf, fields) {
      return (await run(wf, fields)).id;
    },
    async steps(executionId, steps) {
      for (const s of steps) t.steps.set(s.id, stepRow(executionId, s));
    },
    async fire(scheduleId, fire) {
      const id = newId();
      t.fires.set(id, {
        id,
        scheduleId,
        scheduledAt: fire.scheduledAt,
        firedAt: now(),
        outcome: fire.outcome,
        reason: fire.reason ?? null,
        missedRuns: 0,
        executionId: fire.executionId ?? null,
      });
      return id;
    },
  };
}

// One client for every Postgres suite in the file that asks for one, closed after them.
let prisma: PrismaClient | undefined;
function client(): PrismaClient {
  if (!prisma) {
    prisma = createPrismaClient(process.env.DATABASE_URL!);
    afterAll(() => prisma?.$disconnect());
  }
  return prisma;
}

function prismaSeeder(db: PrismaClient = client()): Seeder {
  const json = (v: unknown) => (v === null ? undefined : (v as object));
  const run: Seeder['run'] = async (wf, fields = {}) => {
    const f = { ...EXECUTION_DEFAULTS, ...fields };
    return db.execution.create({
      data: {
        ...f,
        workflowId: wf.id,
        workflowVersionId: wf.versionId,
        version: 1,
        triggerData: f.triggerData as object,
        state: f.state as object,
        output: json(f.output),
        error: json(f.error),
        running: f.running as object,
      },
      select: { id: true, createdAt: true },
    });
  };
  return {
    async user() {
      const u = await db.user.create({
        data: { email: `${unique('u')}@example.test`, name: unique('User'), passwordHash: 'x' },
      });
      return { id: u.id, email: u.email, name: u.name };
    },
    async workflow(createdById, name = unique('Workflow')) {
      const wf = await db.workflow.create({
        data: { name, createdById, versions: { create: { version: 1, definition: {}, createdById } } },
        include: { versions: true },
      });
      return { id: wf.id, name, versionId: wf.versions[0]!.id };
    },
    async grant(workflowId, userId, flags) {
      const { createdAt: _, ...data } = grantRow(workflowId, userId, flags);
      await db.workflowPermission.create({ data });
    },
    async webhook(workflowId) {
      return (await db.webhook.create({ data: { workflowId, token: unique('tok'), secretEncrypted: 'x' } })).id;
    },
    async schedule(workflowId) {
      return (await db.schedule.create({ data: { workflowId, cron: '0 * * * *' } })).id;
    },
    run,
    async execution(wf, fields) {
      return (await run(wf, fields)).id;
    },
    async steps(executionId, steps) {
      await db.executionStep.createMany({
        data: steps.map((s) => ({
          id: s.id,
          executionId,
          nodeId: s.nodeId,
          scope: s.scope ?? '',
          status: 'succeeded' as const,
          output: json(s.output ?? null),
          startedAt: s.startedAt,
          seq: s.seq ?? 0,
        })),
      });
    },
    async fire(scheduleId, fire) {
      return (await db.scheduleFire.create({ data: { scheduleId, ...fire } })).id;
    },
  };
}

/** What the schedule and webhook contracts seed: workflows by id, the runs a trigger started, fires. */
export interface TriggerSeed {
  workflow(): Promise<string>;
  execution(
    workflowId: string,
    startedBy: { webhookId?: string; scheduleId?: string },
    status?: ExecutionStatus,
  ): Promise<{ id: string; createdAt: Date }>;
  fire(scheduleId: string, fire: FireFields): Promise<string>;
}

let triggerClient: PrismaClient | undefined;
const seededWorkflows: string[] = [];

/**
 * Call once at the top of a contract. After the suite, its workflows are deleted on Postgres with
 * their schedules and webhooks (a later test file's worker reconciles timers with the whole table).
 */
export function seedFor(): (harness: StoreHarness) => TriggerSeed {
  afterAll(async () => {
    await triggerClient?.workflow.deleteMany({ where: { id: { in: seededWorkflows.splice(0) } } });
    await triggerClient?.$disconnect();
    triggerClient = undefined;
  });
  return (harness) => {
    const postgres = harness.kind === 'postgres';
    const seeder = postgres
      ? prismaSeeder((triggerClient ??= createPrismaClient(process.env.DATABASE_URL!)))
      : memorySeeder((harness.store as unknown as { tables: MemoryTables }).tables);
    const versions = new Map<string, string>();
    return {
      async workflow() {
        const wf = await seeder.workflow(null, 'trigger contract');
        if (postgres) seededWorkflows.push(wf.id);
        versions.set(wf.id, wf.versionId);
        return wf.id;
      },
      execution: (workflowId, startedBy, status = 'succeeded') =>
        seeder.run(
          { id: workflowId, versionId: versions.get(workflowId)! },
          { ...startedBy, status, trigger: startedBy.webhookId ? 'webhook' : 'schedule' },
        ),
      fire: seeder.fire,
    };
  };
}
