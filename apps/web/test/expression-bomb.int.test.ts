// An expression that keeps a JSONata built-in busy (JSONata checks its clock only between
// steps) is stopped from outside at its time limit, on the real worker, while another
// execution on the same worker finishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('expression-bomb');

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, request, routeParams } from './helpers';
import { startInProcessWorker, waitForExecution } from './run-worker';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'bomb-owner');
  worker = await startInProcessWorker();
});

afterAll(async () => {
  await worker?.stop();
  await disposeServices();
});

async function run(definition: unknown, input: unknown): Promise<string> {
  const wf = (await (
    await importRoute.POST(request('/api/workflows/import', { body: definition, cookie: owner.cookie }))
  ).json()) as { id: string };
  const res = await runRoute.POST(
    request(`/api/workflows/${wf.id}/run`, { body: { input }, cookie: owner.cookie }),
    routeParams({ id: wf.id }),
  );
  expect(res.status).toBe(202);
  return ((await res.json()) as { executionId: string }).executionId;
}

describe('an expression CPU bomb', () => {
  it('fails its node with LIMIT_EXCEEDED at the time limit while another execution on the worker finishes', async () => {
    const bomb = {
      name: 'Bomb',
      nodes: [
        { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
        // In-thread this runs ~30 s on this machine and then succeeds: JSONata's own 1 s bound never fires.
        {
          id: 'boom',
          type: 'transform',
          name: 'Boom',
          position: { x: 200, y: 0 },
          parameters: { fields: { n: '{{ $count($distinct([1..200000])) }}' } },
        },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'boom' }],
    };
    const prisma = testDb();
    const started = Date.now();
    const bombId = await run(bomb, {});
    const okId = await run(sumAndBranch, { body: { a: 7, b: 5 } });

    expect(
      await waitForExecution(async () => (await prisma.execution.findUnique({ where: { id: okId } }))?.status),
    ).toBe('succeeded');
    expect(
      await waitForExecution(async () => (await prisma.execution.findUnique({ where: { id: bombId } }))?.status),
    ).toBe('failed');
    // Bounded by the 1 s expression limit plus grace and a thread restart, not by the ~30 s of work.
    expect(Date.now() - started).toBeLessThan(15_000);
    const e = await prisma.execution.findUniqueOrThrow({ where: { id: bombId } });
    expect(e.errorNodeId).toBe('boom');
    expect(e.error).toMatchObject({
      code: 'LIMIT_EXCEEDED',
      message: expect.stringMatching(/ran longer than 1000 ms/),
    });
  });
});
