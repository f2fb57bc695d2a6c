import { afterAll } from 'vitest';
import type { Execution, ExecutionStep, PrismaClient } from '../../src';
import { createPrismaClient } from '../../src';
import type { GrantFlag } from '../../src/repositories/visibility';
import { newId, storedJson, type MemoryTables } from '../../src/repositories/memory/tables';
import { unique, type StoreHarness } from './harness';

/**
 * Rows a read-only repository's contract needs that no repository writes yet (executions, their
 * steps; the workflows, users, webhooks and schedules around them): into `store.tables` on the
 * in-memory store, through Prisma on Postgres. Each call makes new rows with unique names.
 */
export interface Seeder {
  user(): Promise<{ id: string; email: string; name: string }>;
  workflow(createdById: string | null, name?: string): Promise<{ id: string; name: string; versionId: string }>;
  grant(workflowId: string, userId: string, flags: Partial<Record<GrantFlag, boolean>>): Promise<void>;
  webhook(workflowId: string): Promise<string>;
  schedule(workflowId: string): Promise<string>;
  execution(wf: { id: string; versionId: string }, fields?: Partial<ExecutionFields>): Promise<string>;
  steps(executionId: string, steps: StepFields[]): Promise<void>;
}

type ExecutionFields = Pick<
  Execution,
  | 'status'
  | 'trigger'
  | 'triggerData'
  | 'state'
  | 'output'
  | 'error'
  | 'errorNodeId'
  | 'webhookId'
  | 'scheduleId'
  | 'startedAt'
  | 'finishedAt'
  | 'durationMs'
  | 'nodesExecuted'
  | 'seq'
  | 'running'
>;

export type StepFields = Pick<ExecutionStep, 'id' | 'nodeId' | 'startedAt'> &
  Partial<Pick<ExecutionStep, 'scope' | 'seq' | 'output'>>;

const EXECUTION_DEFAULTS: ExecutionFields = {
  status: 'queued',
  trigger: 'manual',
  triggerData: {},
  state: {},
  output: null,
  error: null,
  errorNodeId: null,
  webhookId: null,
  scheduleId: null,
  startedAt: null,
  finishedAt: null,
  durationMs: null,
  nodesExecuted: 0,
  seq: 0,
  running: [],
};

export function seederFor(h: StoreHarness): Seeder {
  return h.kind === 'memory' ? memorySeeder((h.store as unknown as { tables: MemoryTables }).tables) : prismaSeeder();
}

function memorySeeder(t: MemoryTables): Seeder {
  const now = () => new Date();
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
      const id = newId();
      const versionId = newId();
      t.workflows.set(id, {
        id,
        name,
        description: '',
        createdById,
        activeVersion: null,
        latestVersion: 1,
        createdAt: now(),
        updatedAt: now(),
      });
      t.versions.set(versionId, {
        id: versionId,
        workflowId: id,
        version: 1,
        definition: {},
        message: null,
        createdById,
        createdAt: now(),
      });
      return { id, name, versionId };
    },
    async grant(workflowId, userId, flags) {
      t.grants.set(`${workflowId}:${userId}`, {
        workflowId,
        userId,
        canView: flags.canView ?? false,
        canEdit: flags.canEdit ?? false,
        canDelete: flags.canDelete ?? false,
        canExecute: flags.canExecute ?? false,
        createdAt: now(),
      });
    },
    async webhook(workflowId) {
      const id = newId();
      t.webhooks.set(id, {
        id,
        workflowId,
        token: unique('tok'),
        secretEncrypted: 'x',
        previousSecretEncrypted: null,
        previousSecretExpiresAt: null,
        enabled: true,
        requireSignature: true,
        signatureScheme: 'weft',
        ipAllowlist: [],
        rateLimitMax: 60,
        rateLimitWindowSec: 60,
        responseMode: 'async',
        syncTimeoutMs: 30_000,
        createdAt: now(),
        updatedAt: now(),
      });
      return id;
    },
    async schedule(workflowId) {
      const id = newId();
      t.schedules.set(id, {
        id,
        workflowId,
        cron: '0 * * * *',
        timezone: 'UTC',
        enabled: true,
        overlap: 'skip',
        maxInstances: 1,
        coalesce: true,
        catchUpWindowSec: 3600,
        input: {},
        lastDueAt: now(),
        lastRunAt: null,
        runCount: 0,
        skipCount: 0,
        createdAt: now(),
        updatedAt: now(),
      });
      return id;
    },
    async execution(wf, fields = {}) {
      const id = newId();
      const f = { ...EXECUTION_DEFAULTS, ...fields };
      t.executions.set(id, {
        ...f,
        id,
        workflowId: wf.id,
        workflowVersionId: wf.versionId,
        version: 1,
        triggerData: storedJson(f.triggerData),
        state: storedJson(f.state),
        output: f.output === null ? null : storedJson(f.output),
        error: f.error === null ? null : storedJson(f.error),
        running: storedJson(f.running),
        parentExecutionId: null,
        createdAt: now(),
        deadlineAt: null,
        leaseOwner: null,
        leaseUntil: null,
        fence: 0,
        wakeAt: null,
      });
      return id;
    },
    async steps(executionId, steps) {
      for (const s of steps) {
        t.steps.set(s.id, {
          id: s.id,
          executionId,
          nodeId: s.nodeId,
          scope: s.scope ?? '',
          attempt: 1,
          status: 'succeeded',
          input: null,
          output: s.output === undefined || s.output === null ? null : storedJson(s.output),
          error: null,
          startedAt: s.startedAt,
          finishedAt: null,
          durationMs: null,
          seq: s.seq ?? 0,
        });
      }
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

function prismaSeeder(): Seeder {
  const db = client();
  const json = (v: unknown) => (v === null ? undefined : (v as object));
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
      await db.workflowPermission.create({
        data: {
          workflowId,
          userId,
          canView: flags.canView ?? false,
          canEdit: flags.canEdit ?? false,
          canDelete: flags.canDelete ?? false,
          canExecute: flags.canExecute ?? false,
        },
      });
    },
    async webhook(workflowId) {
      return (await db.webhook.create({ data: { workflowId, token: unique('tok'), secretEncrypted: 'x' } })).id;
    },
    async schedule(workflowId) {
      return (await db.schedule.create({ data: { workflowId, cron: '0 * * * *' } })).id;
    },
    async execution(wf, fields = {}) {
      const f = { ...EXECUTION_DEFAULTS, ...fields };
      const e = await db.execution.create({
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
      });
      return e.id;
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
  };
}
