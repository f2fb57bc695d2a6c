// A drive that fails for infrastructure reasons is retried DRIVE_ATTEMPTS times; after the
// last one the execution is failed, not left running (nor woken forever by the reconciler).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from '../../apps/web/test/helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('drive-attempts');
process.env.DRIVE_ATTEMPTS = '2';

import { PgExecutionCreator } from '@weft/db';
import { disposeServices, getServices } from '@/server/composition';
import { startInProcessWorker, waitForExecution } from '../../apps/web/test/run-worker';
import { testDb } from '../integration/db';

let worker: Awaited<ReturnType<typeof startInProcessWorker>>;

beforeAll(async () => {
  worker = await startInProcessWorker();
});

afterAll(async () => {
  await worker?.stop();
  await disposeServices();
});

describe('a wake-up that exhausts its attempts', () => {
  it('ends its execution failed, naming why', async () => {
    const prisma = testDb();
    const { pool, wakes } = getServices();
    // A stored version that no longer parses: every drive throws while loading it.
    const wf = await prisma.workflow.create({
      data: { name: 'unloadable', versions: { create: { version: 1, definition: { nodes: 'not a list' } as never } } },
      include: { versions: true },
    });
    const { id } = await new PgExecutionCreator(pool).createExecution({
      workflowId: wf.id,
      workflowVersionId: wf.versions[0]!.id,
      version: 1,
      trigger: 'manual',
      triggerData: {},
      state: { v: 1, nodes: { start: { s: 'queued', a: 1 } }, ops: 1, http: 0 },
    });
    await wakes.wake(id);
    expect(await waitForExecution(async () => (await prisma.execution.findUnique({ where: { id } }))?.status)).toBe(
      'failed',
    );
    const e = await prisma.execution.findUniqueOrThrow({ where: { id } });
    expect(e.error).toMatchObject({
      code: 'INTERNAL',
      message: expect.stringMatching(/could not be driven after 2 attempts/),
    });
    expect(e.finishedAt).not.toBeNull();
  });
});
