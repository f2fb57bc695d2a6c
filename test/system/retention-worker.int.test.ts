// Retention in a real worker process (`apps/worker/src/main.ts`): its job scheduler runs a
// pass at start-up and every RETENTION_INTERVAL_MS, pruning what EXECUTION_RETENTION_DAYS says.
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { uniqueQueuePrefix } from '../../apps/web/test/helpers';

const PREFIX = uniqueQueuePrefix('retention-worker');
process.env.QUEUE_PREFIX = PREFIX;

import { disposeServices } from '@/server/composition';
import { testDb } from '../integration/db';
import { spawnWorkerProcess, stopWorkerProcess } from '../integration/worker-process';

const DAY_MS = 86_400_000;
let child: ChildProcess | undefined;
let workflowId: string;
let versionId: string;

beforeAll(async () => {
  const prisma = testDb();
  const wf = await prisma.workflow.create({ data: { name: `retention-worker-${randomUUID().slice(0, 8)}` } });
  const v = await prisma.workflowVersion.create({
    data: { workflowId: wf.id, version: 1, definition: { nodes: [], edges: [] } },
  });
  workflowId = wf.id;
  versionId = v.id;
});

afterAll(async () => {
  if (child) await stopWorkerProcess(child);
  await testDb().workflow.deleteMany({ where: { id: workflowId } });
  await disposeServices();
});

async function finishedAgo(ms: number): Promise<string> {
  const e = await testDb().execution.create({
    data: {
      workflowId,
      workflowVersionId: versionId,
      version: 1,
      status: 'succeeded',
      trigger: 'manual',
      triggerData: {},
      state: {},
      finishedAt: new Date(Date.now() - ms),
    },
  });
  await testDb().executionStep.create({
    data: { executionId: e.id, nodeId: 'start', status: 'succeeded' },
  });
  return e.id;
}

it('a worker with EXECUTION_RETENTION_DAYS=1 prunes a two-day-old execution and keeps a fresh one', async () => {
  const old = await finishedAgo(2 * DAY_MS);
  const young = await finishedAgo(60_000);
  child = spawnWorkerProcess({
    QUEUE_PREFIX: PREFIX,
    WORKER_METRICS_PORT: '0',
    EXECUTION_RETENTION_DAYS: '1',
    RETENTION_INTERVAL_MS: '1000',
  });
  const prisma = testDb();
  const deadline = Date.now() + 20_000;
  while (await prisma.execution.findUnique({ where: { id: old } })) {
    if (Date.now() > deadline) throw new Error('the worker did not prune the old execution within 20 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await prisma.executionStep.count({ where: { executionId: old } })).toBe(0);
  expect(await prisma.execution.findUnique({ where: { id: young } })).not.toBeNull();
});
