// Loops on the real stack: the API validates loop bodies, the worker runs iterations,
// Postgres holds one step per node per iteration with its scope, and an execution that
// waits inside a loop (a retry's backoff) resumes from Postgres with its frames intact.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('loops');
process.env.HTTP_ALLOW_PRIVATE = 'true';
process.env.RETRY_BACKOFF_MS = '300';
process.env.RETRY_MAX_BACKOFF_MS = '300';

import * as importRoute from '../src/app/api/workflows/import/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as executionRoute from '../src/app/api/executions/[id]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { finishedExecution, startInProcessWorker } from './run-worker';

let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let server: Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'loops-owner');
  worker = await startInProcessWorker();
  let failedOnce = false;
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    // /item/2 answers 503 the first time: its node retries after a backoff.
    if (req.url === '/item/2' && !failedOnce) {
      failedOnce = true;
      res.writeHead(503).end('busy');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await worker?.stop();
  server?.close();
  await disposeServices();
});

const node = (id: string, type: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  id,
  type,
  name: id,
  position: { x: 0, y: 0 },
  parameters,
  ...extra,
});
const edge = (source: string, target: string, sourceHandle = 'out') => ({
  id: `${source}-${sourceHandle}-${target}`,
  source,
  sourceHandle,
  target,
});

async function importWorkflow(definition: unknown): Promise<Response> {
  return importRoute.POST(request('/api/workflows/import', { body: definition, cookie: owner.cookie }));
}

async function run(definition: unknown, input: unknown) {
  const res = await importWorkflow(definition);
  expect(res.status).toBe(201);
  const wf = (await res.json()) as { id: string };
  return finishedExecution(
    await runRoute.POST(
      request(`/api/workflows/${wf.id}/run`, { body: { input }, cookie: owner.cookie }),
      routeParams({ id: wf.id }),
    ),
  );
}

describe('loops', () => {
  it('runs a body per item through the API and the worker; the steps carry their scopes', async () => {
    const def = {
      name: 'Loop over orders',
      nodes: [
        node('start', 'trigger', {}),
        node('each', 'loop', { items: '{{ $input.orders }}', concurrency: 2 }),
        node('price', 'transform', {
          fields: { id: '{{ $item.id }}', total: '{{ $item.qty * $item.unit }}', n: '{{ $index }}' },
        }),
        node('tag', 'transform', { fields: { id: '{{ $input.id }}', big: '{{ $input.total > 10 }}' } }),
        node('sum', 'transform', { fields: { orders: '{{ $input }}', bigOnes: '{{ $count($input[big]) }}' } }),
      ],
      edges: [edge('start', 'each'), edge('each', 'price', 'body'), edge('price', 'tag'), edge('each', 'sum', 'done')],
    };
    const orders = [
      { id: 'a', qty: 2, unit: 3 },
      { id: 'b', qty: 5, unit: 4 },
      { id: 'c', qty: 1, unit: 50 },
    ];
    const { status, execution } = await run(def, { orders });
    expect(status).toBe('succeeded');
    expect(execution.output).toEqual({
      orders: [
        { id: 'a', big: false },
        { id: 'b', big: true },
        { id: 'c', big: true },
      ],
      bigOnes: 2,
    });
    const scoped = execution.steps
      .filter((s) => s.nodeId === 'price')
      .map((s) => [s.scope, (s.output as { n: number }).n])
      .sort();
    expect(scoped).toEqual([
      ['each[0]', 0],
      ['each[1]', 1],
      ['each[2]', 2],
    ]);
    expect(execution.steps.filter((s) => s.nodeId === 'each')).toMatchObject([{ scope: '', status: 'succeeded' }]);
    expect(execution.nodesExecuted).toBe(1 + 1 + 6 + 1);

    // The API shows each step with its scope.
    const detail = (await (
      await executionRoute.GET(
        request(`/api/executions/${execution.id}`, { cookie: owner.cookie }),
        routeParams({ id: execution.id }),
      )
    ).json()) as { steps: Array<{ nodeId: string; scope: string }> };
    expect(
      detail.steps
        .filter((s) => s.nodeId === 'tag')
        .map((s) => s.scope)
        .sort(),
    ).toEqual(['each[0]', 'each[1]', 'each[2]']);
  });

  it('a retry backoff inside an iteration waits, and the execution resumes from Postgres where it was', async () => {
    const def = {
      name: 'Loop with a flaky call',
      nodes: [
        node('start', 'trigger', {}),
        node('each', 'loop', { items: '{{ [1, 2, 3] }}' }),
        node(
          'call',
          'http',
          { method: 'GET', url: `${base}/item/{{ $item }}` },
          { settings: { retry: { maxRetries: 2, backoffMs: 300, backoffType: 'fixed' } } },
        ),
        node('pick', 'transform', { fields: { path: '{{ $input.body.path }}', i: '{{ $index }}' } }),
      ],
      edges: [edge('start', 'each'), edge('each', 'call', 'body'), edge('call', 'pick')],
    };
    hits.length = 0;
    const { status, execution } = await run(def, {});
    expect(status).toBe('succeeded');
    expect(execution.output).toEqual([1, 2, 3].map((n, i) => ({ path: `/item/${n}`, i })));
    // Each finished call ran once; only the refused one ran again.
    expect(hits).toEqual(['/item/1', '/item/2', '/item/2', '/item/3']);
    const calls = execution.steps
      .filter((s) => s.nodeId === 'call')
      .map((s) => [s.scope, s.attempt, s.status])
      .sort();
    expect(calls).toEqual([
      ['each[0]', 1, 'succeeded'],
      ['each[1]', 1, 'failed'],
      ['each[1]', 2, 'succeeded'],
      ['each[2]', 1, 'succeeded'],
    ]);
  });

  it('refuses a loop whose body leaks, naming the edge, and stores nothing', async () => {
    const def = {
      name: 'Leaky loop',
      nodes: [
        node('start', 'trigger', {}),
        node('each', 'loop', { items: '{{ [1] }}' }),
        node('a', 'transform', { fields: {} }),
        node('after', 'transform', { fields: {} }),
      ],
      edges: [edge('start', 'each'), edge('each', 'a', 'body'), edge('a', 'after'), edge('each', 'after', 'done')],
    };
    const res = await importWorkflow(def);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(JSON.stringify(error.details)).toContain('edge \\"a-out-after\\" leaves the body of loop \\"each\\"');
  });
});
