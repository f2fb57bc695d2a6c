// GET /api/openapi.json as a client sees it, each route's declared permission against the
// document's, and real answers of the handlers the web client uses most (workflow, execution
// with its steps, list envelopes, errors) against the response schemas in @weft/contracts.
import { readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('openapi');

import {
  ErrorBody,
  ExecutionDetail,
  ExecutionSummary,
  Page,
  QueueList,
  QueueView,
  RunStarted,
  SavedWorkflow,
  Step,
  Workflow,
  WorkerList,
  WorkflowListItem,
  WorkflowVersion,
} from '@weft/contracts';
import { OPERATIONS } from '@weft/contracts/openapi';
import type { z } from 'zod';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as openapiRoute from '../src/app/api/openapi.json/route';
import * as workflowsRoute from '../src/app/api/workflows/route';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as workflowRoute from '../src/app/api/workflows/[id]/route';
import * as versionRoute from '../src/app/api/workflows/[id]/versions/[version]/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as executionsRoute from '../src/app/api/executions/route';
import * as executionRoute from '../src/app/api/executions/[id]/route';
import * as workersRoute from '../src/app/api/workers/route';
import * as queueRoute from '../src/app/api/queue/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, request, routeParams } from './helpers';
import { startInProcessWorker, waitForExecution } from './run-worker';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'openapi-owner');
  worker = await startInProcessWorker();
});

afterAll(async () => {
  await worker?.stop();
  await disposeServices();
});

/**
 * Parses `value` with the contract's object schema and checks it has exactly the schema's
 * fields: zod would silently drop a field the handler added and the contract forgot.
 */
function expectExactly<S extends z.ZodObject>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  expect(parsed.error?.issues ?? []).toEqual([]);
  expect(Object.keys(value as object).sort()).toEqual(Object.keys(schema.shape).sort());
  return parsed.data!;
}

describe('GET /api/openapi.json', () => {
  it('is public JSON, cacheable, and answers 304 to its ETag', async () => {
    const res = await openapiRoute.GET(request('/api/openapi.json'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    const doc = (await res.json()) as { openapi: string; info: { version: string }; paths: Record<string, unknown> };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(Object.keys(doc.paths)).toContain('/api/workflows/{id}/run');

    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await openapiRoute.GET(request('/api/openapi.json', { headers: { 'if-none-match': etag } }));
    expect(again.status).toBe(304);
  });
});

describe("each route's permission is what the document says", () => {
  const API_DIR = new URL('../src/app/api/', import.meta.url).pathname;
  const files = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(join(dir, e.name)) : e.name === 'route.ts' ? [join(dir, e.name)] : [],
    );

  it('for every exported method of every route file', async () => {
    const operations = Object.values(OPERATIONS);
    const documented = new Map(operations.map((op) => [`${op.method} ${op.path}`, op.permission]));
    let checked = 0;
    for (const file of files(API_DIR)) {
      const path = `/api/${relative(API_DIR, file)
        .split(sep)
        .slice(0, -1)
        .map((s) => s.replace(/^\[(.+)\]$/, '{$1}'))
        .join('/')}`;
      const mod = (await import(file)) as Record<string, { permission?: unknown }>;
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']) {
        if (!mod[method]) continue;
        expect({ route: `${method} ${path}`, permission: mod[method].permission }).toEqual({
          route: `${method} ${path}`,
          permission: documented.get(`${method.toLowerCase()} ${path}`),
        });
        checked++;
      }
    }
    expect(checked).toBe(operations.length);
  });
});

describe('real answers match the contract', () => {
  let workflowId = '';

  it('create/import, read and list workflows', async () => {
    const res = await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }));
    expect(res.status).toBe(201);
    const saved = expectExactly(SavedWorkflow, await res.json());
    workflowId = saved.id;
    expect(saved.definition.nodes.length).toBe(sumAndBranch.nodes.length);

    const read = await workflowRoute.GET(
      request(`/api/workflows/${workflowId}`, { cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    );
    expectExactly(Workflow, await read.json());

    const version = await versionRoute.GET(
      request(`/api/workflows/${workflowId}/versions/1`, { cookie: owner.cookie }),
      routeParams({ id: workflowId, version: '1' }),
    );
    expectExactly(WorkflowVersion, await version.json());

    const list = await workflowsRoute.GET(request('/api/workflows?limit=2', { cookie: owner.cookie }));
    const page = expectExactly(Page(WorkflowListItem), await list.json());
    expect(page.items.length).toBeGreaterThan(0);
    for (const item of page.items) expectExactly(WorkflowListItem, item);
  });

  it('an execution with its steps, and the executions list', async () => {
    const run = await runRoute.POST(
      request(`/api/workflows/${workflowId}/run`, { body: { input: { body: { a: 7, b: 5 } } }, cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    );
    expect(run.status).toBe(202);
    const { executionId } = expectExactly(RunStarted, await run.json());
    const prisma = testDb();
    expect(
      await waitForExecution(async () => (await prisma.execution.findUnique({ where: { id: executionId } }))?.status),
    ).toBe('succeeded');

    const res = await executionRoute.GET(
      request(`/api/executions/${executionId}`, { cookie: owner.cookie }),
      routeParams({ id: executionId }),
    );
    const detail = expectExactly(ExecutionDetail, await res.json());
    expect(detail.status).toBe('succeeded');
    expect(detail.trigger).toBe('manual');
    expect(detail.steps.length).toBeGreaterThanOrEqual(4);
    for (const step of detail.steps) expectExactly(Step, step);

    const list = await executionsRoute.GET(
      request(`/api/executions?workflowId=${workflowId}`, { cookie: owner.cookie }),
    );
    const page = expectExactly(Page(ExecutionSummary), await list.json());
    expect(page.items.map((e) => e.id)).toEqual([executionId]);
    expectExactly(ExecutionSummary, page.items[0]);
  });

  it('the fleet and queue pages read', async () => {
    const workers = await workersRoute.GET(request('/api/workers', { cookie: owner.cookie }));
    expectExactly(WorkerList, await workers.json());
    const queues = await queueRoute.GET(request('/api/queue', { cookie: owner.cookie }));
    const list = expectExactly(QueueList, await queues.json());
    expect(list.items.map((q) => q.name)).toEqual(expect.arrayContaining(['executions', 'maintenance']));
    for (const q of list.items) expectExactly(QueueView, q);
  });

  it('errors: 400 naming the field, 401, 404', async () => {
    const bad = await workflowsRoute.POST(request('/api/workflows', { body: { name: 42 }, cookie: owner.cookie }));
    expect(bad.status).toBe(400);
    const invalid = ErrorBody.parse(await bad.json());
    expect(invalid.error.code).toBe('VALIDATION_ERROR');
    expect(invalid.error.details).toContainEqual({ path: 'body.name', message: 'must be a string' });

    const anonymous = await workflowsRoute.GET(request('/api/workflows'));
    expect(anonymous.status).toBe(401);
    expect(ErrorBody.parse(await anonymous.json()).error.code).toBe('UNAUTHENTICATED');

    const missing = '00000000-0000-7000-8000-000000000000';
    const gone = await workflowRoute.GET(
      request(`/api/workflows/${missing}`, { cookie: owner.cookie }),
      routeParams({ id: missing }),
    );
    expect(gone.status).toBe(404);
    expect(Object.keys(expectExactly(ErrorBody, await gone.json()).error).sort()).toEqual(['code', 'message']);
  });
});
