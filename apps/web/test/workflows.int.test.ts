import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Each file gets its own queue namespace in Redis, and http nodes may call this machine.
process.env.QUEUE_PREFIX = `weft-test-${randomUUID().slice(0, 8)}`;
process.env.HTTP_ALLOW_PRIVATE = 'true';
process.env.RETRY_BACKOFF_MS = '50';
process.env.RETRY_MAX_BACKOFF_MS = '200';

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as workflowsRoute from '../src/app/api/workflows/route';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as workflowRoute from '../src/app/api/workflows/[id]/route';
import * as versionsRoute from '../src/app/api/workflows/[id]/versions/route';
import * as versionRoute from '../src/app/api/workflows/[id]/versions/[version]/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as deactivateRoute from '../src/app/api/workflows/[id]/deactivate/route';
import * as exportRoute from '../src/app/api/workflows/[id]/export/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as executionsRoute from '../src/app/api/executions/route';
import * as executionRoute from '../src/app/api/executions/[id]/route';
import * as nodeTypesRoute from '../src/app/api/node-types/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { startInProcessWorker, waitForExecution } from './run-worker';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string; user: { id: string } };
let member: { cookie: string; user: { id: string } };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'wf-owner');
  member = await createUserWithSession('member', 'wf-member');
  worker = await startInProcessWorker();
  server = createServer((req, res) => {
    if (req.url === '/fail') {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'boom' }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ path: req.url }));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const addr = server.address() as { port: number };
  baseUrl = `http://127.0.0.1:${addr.port}`;
});

afterAll(async () => {
  await worker?.stop();
  await new Promise((r) => server?.close(r));
  await disposeServices();
});

const id = (workflowId: string) => routeParams({ id: workflowId });

async function importWorkflow(doc: unknown, cookie = owner.cookie) {
  const res = await importRoute.POST(request('/api/workflows/import', { body: doc, cookie }));
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return (await res.json()) as { id: string; latestVersion: number };
}

async function runAndWait(workflowId: string, input: unknown) {
  const res = await runRoute.POST(
    request(`/api/workflows/${workflowId}/run`, { body: { input }, cookie: owner.cookie }),
    id(workflowId),
  );
  expect(res.status).toBe(202);
  const { executionId } = (await res.json()) as { executionId: string };
  await waitForExecution(async () => (await testDb().execution.findUnique({ where: { id: executionId } }))?.status);
  const detail = await executionRoute.GET(
    request(`/api/executions/${executionId}`, { cookie: owner.cookie }),
    id(executionId),
  );
  expect(detail.status).toBe(200);
  return (await detail.json()) as {
    id: string;
    status: string;
    output: unknown;
    error: { code: string; message: string; nodeId: string } | null;
    errorNodeId: string | null;
    nodesExecuted: number;
    durationMs: number;
    steps: Array<{
      nodeId: string;
      status: string;
      attempt: number;
      input: unknown;
      output: unknown;
      error: unknown;
      durationMs: number | null;
    }>;
  };
}

describe('SPEC §1 example end to end (API → Postgres → BullMQ worker → API)', () => {
  it('imports, runs with {"body":{"a":7,"b":5}} and answers {"big":true,"sum":12}', async () => {
    const wf = await importWorkflow(sumAndBranch);
    const exec = await runAndWait(wf.id, { body: { a: 7, b: 5 } });
    expect(exec.status).toBe('succeeded');
    expect(exec.output).toEqual({ big: true, sum: 12 });
    expect(exec.nodesExecuted).toBe(4);
    expect(exec.durationMs).toBeGreaterThanOrEqual(0);
    const byNode = Object.fromEntries(exec.steps.map((s) => [s.nodeId, s]));
    expect(Object.keys(byNode).sort()).toEqual(['big', 'no', 'start', 'sum', 'yes']);
    expect(byNode.start!.status).toBe('succeeded');
    expect(byNode.sum).toMatchObject({ status: 'succeeded', output: { sum: 12 }, input: { body: { a: 7, b: 5 } } });
    expect(byNode.big).toMatchObject({ status: 'succeeded' });
    expect(byNode.yes).toMatchObject({ status: 'succeeded', output: { big: true, sum: 12 } });
    expect(byNode.no!.status).toBe('skipped');
    expect(exec.steps.filter((s) => s.status !== 'skipped').every((s) => typeof s.durationMs === 'number')).toBe(true);
  });

  it('an if/else that re-joins runs the join once', async () => {
    const wf = await importWorkflow({
      name: 'rejoin',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        { id: 'check', type: 'if', parameters: { condition: '{{ $input.flag }}' } },
        { id: 'a', type: 'transform', parameters: { fields: { branch: 'a' } } },
        { id: 'b', type: 'transform', parameters: { fields: { branch: 'b' } } },
        { id: 'join', type: 'transform', parameters: { fields: { seen: '{{ $input.branch }}' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'check' },
        { id: 'e2', source: 'check', sourceHandle: 'true', target: 'a' },
        { id: 'e3', source: 'check', sourceHandle: 'false', target: 'b' },
        { id: 'e4', source: 'a', target: 'join' },
        { id: 'e5', source: 'b', target: 'join' },
      ],
    });
    const exec = await runAndWait(wf.id, { flag: false });
    expect(exec.status).toBe('succeeded');
    expect(exec.steps.filter((s) => s.nodeId === 'join')).toHaveLength(1);
    expect(exec.output).toEqual({ seen: 'b' });
    expect(exec.steps.find((s) => s.nodeId === 'a')!.status).toBe('skipped');
  });

  it('a failing http node fails the execution with errorNodeId, after its retries', async () => {
    const wf = await importWorkflow({
      name: 'failing http',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        {
          id: 'call',
          type: 'http',
          parameters: { url: `${baseUrl}/fail` },
          settings: { retry: { maxRetries: 2, backoffMs: 10 } },
        },
        { id: 'after', type: 'transform', parameters: { fields: { never: true } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'call' },
        { id: 'e2', source: 'call', target: 'after' },
      ],
    });
    const exec = await runAndWait(wf.id, {});
    expect(exec.status).toBe('failed');
    expect(exec.errorNodeId).toBe('call');
    expect(exec.error).toMatchObject({ code: 'HTTP_ERROR', nodeId: 'call' });
    expect(exec.error!.message).toContain('500');
    const attempts = exec.steps.filter((s) => s.nodeId === 'call');
    expect(attempts.map((s) => [s.attempt, s.status])).toEqual([
      [1, 'failed'],
      [2, 'failed'],
      [3, 'failed'],
    ]);
    expect(exec.steps.some((s) => s.nodeId === 'after')).toBe(false);
  });

  it('http nodes call real servers and pass the response on', async () => {
    const wf = await importWorkflow({
      name: 'http ok',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        { id: 'call', type: 'http', parameters: { url: `${baseUrl}/hello`, query: { q: '{{ $input.q }}' } } },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'call' }],
    });
    const exec = await runAndWait(wf.id, { q: 'x y' });
    expect(exec.status).toBe('succeeded');
    expect(exec.output).toMatchObject({ status: 200, body: { path: '/hello?q=x+y' } });
  });
});

describe('workflow API', () => {
  it('creates from a name, saves versions, lists history, activates and exports', async () => {
    const created = await workflowsRoute.POST(
      request('/api/workflows', { body: { name: 'Blank' }, cookie: owner.cookie }),
    );
    expect(created.status).toBe(201);
    const wf = (await created.json()) as {
      id: string;
      latestVersion: number;
      activeVersion: number | null;
      definition: { nodes: unknown[] };
    };
    expect(wf).toMatchObject({ latestVersion: 1, activeVersion: null });
    expect(wf.definition.nodes).toHaveLength(1);

    const save = await workflowRoute.PUT(
      request(`/api/workflows/${wf.id}`, {
        method: 'PUT',
        body: { definition: { ...sumAndBranch, name: 'Renamed' }, message: 'second' },
        cookie: owner.cookie,
      }),
      id(wf.id),
    );
    expect(save.status).toBe(200);
    expect(await save.json()).toMatchObject({ latestVersion: 2, name: 'Renamed' });

    const versions = (await (
      await versionsRoute.GET(request(`/api/workflows/${wf.id}/versions`, { cookie: owner.cookie }), id(wf.id))
    ).json()) as { items: Array<{ version: number; message: string | null }> };
    expect(versions.items.map((v) => v.version)).toEqual([2, 1]);
    expect(versions.items[0]!.message).toBe('second');

    const v1 = await versionRoute.GET(
      request(`/api/workflows/${wf.id}/versions/1`, { cookie: owner.cookie }),
      routeParams({ id: wf.id, version: '1' }),
    );
    expect(((await v1.json()) as { definition: { name: string } }).definition.name).toBe('Blank');
    const v9 = await versionRoute.GET(
      request(`/api/workflows/${wf.id}/versions/9`, { cookie: owner.cookie }),
      routeParams({ id: wf.id, version: '9' }),
    );
    expect(v9.status).toBe(404);

    const act = await activateRoute.POST(
      request(`/api/workflows/${wf.id}/activate`, { body: { version: 1 }, cookie: owner.cookie }),
      id(wf.id),
    );
    expect(await act.json()).toMatchObject({ activeVersion: 1 });
    const bad = await activateRoute.POST(
      request(`/api/workflows/${wf.id}/activate`, { body: { version: 5 }, cookie: owner.cookie }),
      id(wf.id),
    );
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details?.[0]?.path).toBe('body.version');
    const deact = await deactivateRoute.POST(
      request(`/api/workflows/${wf.id}/deactivate`, { method: 'POST', cookie: owner.cookie }),
      id(wf.id),
    );
    expect(await deact.json()).toMatchObject({ activeVersion: null });

    const exp = await exportRoute.GET(request(`/api/workflows/${wf.id}/export`, { cookie: owner.cookie }), id(wf.id));
    expect(exp.headers.get('content-disposition')).toContain('Renamed');
    expect(((await exp.json()) as { nodes: unknown[] }).nodes).toHaveLength(5);

    const audit = await testDb().auditEvent.findMany({
      where: { targetId: wf.id },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual([
      'workflow.create',
      'workflow.update',
      'workflow.activate',
      'workflow.deactivate',
    ]);
  });

  it('rejects an invalid definition with every problem and stores nothing', async () => {
    const before = await testDb().workflow.count();
    const res = await importRoute.POST(
      request('/api/workflows/import', {
        cookie: owner.cookie,
        body: {
          name: 'bad',
          nodes: [
            { id: 'a', type: 'transform', parameters: { fields: { x: '{{ $input. }}' } } },
            { id: 'b', type: 'nope', parameters: {} },
          ],
          edges: [{ id: 'e1', source: 'a', target: 'ghost' }],
        },
      }),
    );
    expect(res.status).toBe(400);
    const err = await errorOf(res);
    expect(err.code).toBe('VALIDATION_ERROR');
    const details = err.details as unknown as Array<{ code: string; nodeId?: string; edgeId?: string }>;
    expect(details.map((d) => d.code).sort()).toEqual([
      'INVALID_EXPRESSION',
      'MISSING_NODE',
      'TRIGGER_COUNT',
      'UNKNOWN_NODE_TYPE',
    ]);
    expect(details.find((d) => d.code === 'MISSING_NODE')!.edgeId).toBe('e1');
    expect(details.find((d) => d.code === 'UNKNOWN_NODE_TYPE')!.nodeId).toBe('b');
    expect(await testDb().workflow.count()).toBe(before);
  });

  it('answers 400 for malformed JSON and wrong field types, 404 for unknown ids', async () => {
    const malformed = await workflowsRoute.POST(request('/api/workflows', { body: '{"name": ', cookie: owner.cookie }));
    expect(malformed.status).toBe(400);
    expect((await errorOf(malformed)).code).toBe('INVALID_JSON');
    const wrongType = await workflowsRoute.POST(
      request('/api/workflows', { body: { name: 42 }, cookie: owner.cookie }),
    );
    expect(wrongType.status).toBe(400);
    expect((await errorOf(wrongType)).details?.[0]?.path).toBe('body.name');
    const missing = randomUUID();
    expect(
      (await workflowRoute.GET(request(`/api/workflows/${missing}`, { cookie: owner.cookie }), id(missing))).status,
    ).toBe(404);
    const notUuid = await workflowRoute.GET(request('/api/workflows/xyz', { cookie: owner.cookie }), id('xyz'));
    expect(notUuid.status).toBe(400);
    // The permission is checked before the body: an unknown workflow is 404 whatever the body.
    const runMissing = await runRoute.POST(
      request(`/api/workflows/${missing}/run`, { body: { input: {}, version: 'x' }, cookie: owner.cookie }),
      id(missing),
    );
    expect(runMissing.status).toBe(404);
    const created = (await (
      await workflowsRoute.POST(request('/api/workflows', { body: { name: 'bad run' }, cookie: owner.cookie }))
    ).json()) as { id: string };
    const badRun = await runRoute.POST(
      request(`/api/workflows/${created.id}/run`, { body: { input: {}, version: 'x' }, cookie: owner.cookie }),
      id(created.id),
    );
    expect(badRun.status).toBe(400);
    expect((await errorOf(badRun)).details?.[0]?.path).toBe('body.version');
  });

  it("hides other users' workflows from members (404, not 403) and lists only visible ones", async () => {
    const wf = await importWorkflow(sumAndBranch);
    const res = await workflowRoute.GET(request(`/api/workflows/${wf.id}`, { cookie: member.cookie }), id(wf.id));
    expect(res.status).toBe(404);
    const run = await runRoute.POST(
      request(`/api/workflows/${wf.id}/run`, { body: {}, cookie: member.cookie }),
      id(wf.id),
    );
    expect(run.status).toBe(404);
    const list = (await (await workflowsRoute.GET(request('/api/workflows', { cookie: member.cookie }))).json()) as {
      items: Array<{ id: string }>;
    };
    expect(list.items.find((w) => w.id === wf.id)).toBeUndefined();
    const own = await importWorkflow({ ...sumAndBranch, name: 'mine' }, member.cookie);
    const mine = (await (
      await workflowsRoute.GET(request('/api/workflows?search=MINE', { cookie: member.cookie }))
    ).json()) as { items: Array<{ id: string; lastExecution: unknown }> };
    expect(mine.items.map((w) => w.id)).toEqual([own.id]);
    expect(mine.items[0]!.lastExecution).toBeNull();
  });

  it('lists executions newest first with cursor pagination and a status filter', async () => {
    const wf = await importWorkflow(sumAndBranch);
    for (let i = 0; i < 3; i++) await runAndWait(wf.id, { body: { a: i, b: 1 } });
    const page1 = (await (
      await executionsRoute.GET(request(`/api/executions?workflowId=${wf.id}&limit=2`, { cookie: owner.cookie }))
    ).json()) as { items: Array<{ id: string; status: string; workflowName: string }>; nextCursor: string | null };
    expect(page1.items).toHaveLength(2);
    expect(page1.items[0]!.workflowName).toBe('Sum and branch');
    expect(page1.nextCursor).not.toBeNull();
    const page2 = (await (
      await executionsRoute.GET(
        request(`/api/executions?workflowId=${wf.id}&limit=2&cursor=${page1.nextCursor}`, { cookie: owner.cookie }),
      )
    ).json()) as { items: Array<{ id: string }>; nextCursor: string | null };
    expect(page2.items).toHaveLength(1);
    expect(page2.nextCursor).toBeNull();
    const ids = [...page1.items, ...page2.items].map((e) => e.id);
    expect([...ids].sort().reverse()).toEqual(ids);
    const failed = (await (
      await executionsRoute.GET(request(`/api/executions?workflowId=${wf.id}&status=failed`, { cookie: owner.cookie }))
    ).json()) as { items: unknown[] };
    expect(failed.items).toHaveLength(0);
    const badStatus = await executionsRoute.GET(request('/api/executions?status=weird', { cookie: owner.cookie }));
    expect(badStatus.status).toBe(400);
    // The workflow list carries each workflow's newest execution; ?active= filters.
    const listed = (await (
      await workflowsRoute.GET(request('/api/workflows?limit=500', { cookie: owner.cookie }))
    ).json()) as { items: Array<{ id: string; lastExecution: { id: string; status: string } | null }> };
    expect(listed.items.find((w) => w.id === wf.id)!.lastExecution).toEqual(
      expect.objectContaining({ id: ids[0], status: 'succeeded' }),
    );
    await activateRoute.POST(
      request(`/api/workflows/${wf.id}/activate`, { body: {}, cookie: owner.cookie }),
      id(wf.id),
    );
    const active = (await (
      await workflowsRoute.GET(request('/api/workflows?active=true&limit=500', { cookie: owner.cookie }))
    ).json()) as { items: Array<{ id: string; activeVersion: number | null }> };
    expect(active.items.map((w) => w.id)).toContain(wf.id);
    expect(active.items.every((w) => w.activeVersion !== null)).toBe(true);
    const inactive = (await (
      await workflowsRoute.GET(request('/api/workflows?active=false&limit=500', { cookie: owner.cookie }))
    ).json()) as { items: Array<{ id: string }> };
    expect(inactive.items.map((w) => w.id)).not.toContain(wf.id);
  });

  it('lists every node type with its schema and handles', async () => {
    const res = await nodeTypesRoute.GET(request('/api/node-types', { cookie: owner.cookie }));
    const body = (await res.json()) as {
      items: Array<{ type: string; handles: string[]; parameters: { type: string } }>;
    };
    expect(body.items.map((t) => t.type).sort()).toEqual([
      'fail',
      'http',
      'if',
      'loop',
      'merge',
      'respond',
      'switch',
      'transform',
      'trigger',
    ]);
    expect(body.items.find((t) => t.type === 'if')!.handles).toEqual(['true', 'false']);
    expect(body.items.find((t) => t.type === 'http')!.parameters.type).toBe('object');
  });
});
