// Starts a real BullMQ worker in this test process (same code as `npm start`'s worker).
import { expect } from 'vitest';
import { loadConfig } from '@weft/config';
import { composeWorker } from '../../worker/src/composition';
import { startExecutionWorker } from '../../worker/src/execution-worker';
import { startReconciler } from '../../worker/src/reconciler';
import { startScheduler } from '../../worker/src/scheduler';
import { testDb } from '../../../test/integration/db';

export async function startInProcessWorker() {
  const services = composeWorker(loadConfig());
  const worker = await startExecutionWorker(services);
  const scheduler = await startScheduler(services);
  const reconciler = await startReconciler(services, () => scheduler.sweep());
  await worker.waitUntilReady();
  return {
    services,
    async stop() {
      await worker.close();
      await scheduler.close();
      await reconciler.close();
      await services.close();
    },
  };
}

/** Polls the execution row until it is terminal (or the timeout passes). */
export async function waitForExecution(
  getStatus: () => Promise<string | undefined>,
  { timeoutMs = 20_000, intervalMs = 50 } = {},
): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let status: string | undefined;
  while (Date.now() < deadline) {
    status = await getStatus();
    if (status && ['succeeded', 'failed', 'canceled', 'timed_out'].includes(status)) return status;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`execution still ${status ?? 'missing'} after ${timeoutMs} ms`);
}

/** A run's 202 answer → its execution once terminal, with its steps. */
export async function finishedExecution(res: Response) {
  expect(res.status).toBe(202);
  const { executionId } = (await res.json()) as { executionId: string };
  const prisma = testDb();
  const status = await waitForExecution(
    async () => (await prisma.execution.findUnique({ where: { id: executionId } }))?.status,
    { timeoutMs: 15_000 },
  );
  const execution = await prisma.execution.findUniqueOrThrow({ where: { id: executionId }, include: { steps: true } });
  return { status, execution, step: (nodeId: string) => execution.steps.find((s) => s.nodeId === nodeId) };
}
