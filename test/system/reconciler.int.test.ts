// The reconciler wakes executions that nobody drives and nothing will wake (a wake-up lost
// with Redis, a worker that died between a checkpoint and queueing its delayed wake-up).
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from '../../apps/web/test/helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('reconciler');
process.env.RECONCILE_INTERVAL_MS = '300';
process.env.RECONCILE_GRACE_MS = '300';
process.env.HTTP_ALLOW_PRIVATE = 'true';

import { PgExecutionCreator } from '@weft/db';
import { driveExecution, startExecution, WorkflowDefinition } from '@weft/engine';
import { BullWakeQueue } from '@weft/queue';
import { disposeServices, getServices } from '@/server/composition';
import { startInProcessWorker, waitForExecution } from '../../apps/web/test/run-worker';
import { testDb } from '../integration/db';

let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let server: Server;
let url: string;
let calls = 0;

beforeAll(async () => {
  worker = await startInProcessWorker();
  server = createServer((_req, res) => {
    calls++;
    res.writeHead(calls === 1 ? 503 : 200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/flaky`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await worker?.stop();
  await disposeServices();
});

async function createWorkflow(definition: WorkflowDefinition) {
  const prisma = testDb();
  const wf = await prisma.workflow.create({
    data: { name: definition.name, versions: { create: { version: 1, definition: definition as never } } },
    include: { versions: true },
  });
  return { workflowId: wf.id, workflowVersionId: wf.versions[0]!.id, version: 1 };
}

const statusOf = (id: string) => async () => (await testDb().execution.findUnique({ where: { id } }))?.status;

describe('the reconciler', () => {
  it('drives an execution whose wake-up job was lost', async () => {
    const definition = WorkflowDefinition.parse({
      name: 'lost wake-up',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        { id: 'sum', type: 'transform', parameters: { fields: { n: '{{ $input.a + 1 }}' } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'sum' }],
    });
    // Recorded as queued, but its wake-up never reached Redis.
    const { id } = await new PgExecutionCreator(getServices().pool).createExecution({
      ...(await createWorkflow(definition)),
      trigger: 'manual',
      triggerData: { a: 41 },
      state: { v: 1, nodes: { start: { s: 'queued', a: 1 } }, ops: 1, http: 0 },
    });
    expect(await waitForExecution(statusOf(id))).toBe('succeeded');
    expect((await testDb().execution.findUniqueOrThrow({ where: { id } })).output).toEqual({ n: 42 });
  });

  it('resumes a retry whose delayed wake-up was lost (a crash between the checkpoint and the enqueue)', async () => {
    const definition = WorkflowDefinition.parse({
      name: 'stranded retry',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        {
          id: 'fetch',
          type: 'http',
          parameters: { url },
          settings: { retry: { maxRetries: 2, backoffMs: 100, backoffType: 'fixed' } },
        },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'fetch' }],
    });
    const s = worker.services;
    // A queue no worker reads stands in for the wake-ups a crashed worker never sent.
    const nowhere = new BullWakeQueue(s.producer, { prefix: `${s.config.queuePrefix}-nowhere` });
    const { executionId } = await startExecution(
      { executions: new PgExecutionCreator(getServices().pool), wakes: nowhere },
      { ...(await createWorkflow(definition)), trigger: 'manual', triggerData: {}, definition },
    );
    const first = await driveExecution(executionId, {
      store: s.store,
      wakes: nowhere,
      http: s.http,
      limits: s.limits,
      retry: s.retry,
      owner: 'crashing-worker',
      leaseMs: 5_000,
    });
    expect(first).toMatchObject({ kind: 'waiting' });
    await nowhere.queue.obliterate({ force: true });
    await nowhere.close();

    expect(await waitForExecution(statusOf(executionId))).toBe('succeeded');
    const steps = await testDb().executionStep.findMany({
      where: { executionId, nodeId: 'fetch' },
      orderBy: { attempt: 'asc' },
    });
    expect(steps.map((st) => `${st.attempt}:${st.status}`)).toEqual(['1:failed', '2:succeeded']);
    expect(calls).toBe(2);
  });
});
