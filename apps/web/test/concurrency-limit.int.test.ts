// MAX_CONCURRENT_WORKFLOWS: across the whole system at most N executions run at once; the
// rest wait `queued` and start first-in first-out as slots free up.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('concurrency-limit');
process.env.MAX_CONCURRENT_WORKFLOWS = '2';
process.env.HTTP_ALLOW_PRIVATE = 'true';

import * as importRoute from '../src/app/api/workflows/import/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, request, routeParams } from './helpers';
import { startInProcessWorker } from './run-worker';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let server: Server;
let url: string;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'limit-owner');
  worker = await startInProcessWorker();
  server = createServer((_req, res) => {
    maxInFlight = Math.max(maxInFlight, ++inFlight);
    setTimeout(() => {
      inFlight--;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }, 150);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}/slow`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await worker?.stop();
  await disposeServices();
});

describe('MAX_CONCURRENT_WORKFLOWS=2', () => {
  it('with 10 submissions never more than 2 run, all 10 finish, first in, first out', async () => {
    const definition = {
      name: 'Slow call',
      nodes: [
        { id: 'start', type: 'trigger', name: 'Start', position: { x: 0, y: 0 }, parameters: {} },
        { id: 'call', type: 'http', name: 'Call', position: { x: 200, y: 0 }, parameters: { url } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'call' }],
    };
    const wf = (await (
      await importRoute.POST(request('/api/workflows/import', { body: definition, cookie: owner.cookie }))
    ).json()) as { id: string };
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const res = await runRoute.POST(
        request(`/api/workflows/${wf.id}/run`, { body: { input: { i } }, cookie: owner.cookie }),
        routeParams({ id: wf.id }),
      );
      ids.push(((await res.json()) as { executionId: string }).executionId);
    }
    const prisma = testDb();
    let maxRunning = 0;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const running = await prisma.execution.count({ where: { id: { in: ids }, status: 'running' } });
      maxRunning = Math.max(maxRunning, running);
      const done = await prisma.execution.count({
        where: { id: { in: ids }, status: { in: ['succeeded', 'failed', 'timed_out', 'canceled'] } },
      });
      if (done === ids.length || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const execs = await prisma.execution.findMany({ where: { id: { in: ids } } });
    expect(execs.map((e) => e.status)).toEqual(Array(10).fill('succeeded'));
    expect(maxRunning).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBeLessThanOrEqual(2);
    expect(maxInFlight).toBe(2); // the limit, not a single lane
    // FIFO: only the oldest queued ones that fit the free slots are admitted, so no execution
    // starts ahead of more than (limit − 1) older ones (two admitted together may swap).
    const byStart = [...execs].sort(
      (a, b) => a.startedAt!.getTime() - b.startedAt!.getTime() || a.id.localeCompare(b.id),
    );
    byStart.forEach((e, position) => expect(ids.indexOf(e.id)).toBeLessThanOrEqual(position + 1));
    expect(
      byStart
        .slice(0, 2)
        .map((e) => e.id)
        .sort(),
    ).toEqual(ids.slice(0, 2).sort());
  });
});
