// GET /api/executions answers summaries: never the trigger data, output or step payloads of
// up to 500 executions (docs/api.md). The detail still has them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('exec-list');

import { ExecutionSummary } from '@weft/contracts';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as executionsRoute from '../src/app/api/executions/route';
import * as executionRoute from '../src/app/api/executions/[id]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let workflowId = '';
let executionId = '';
const BIG = 'x'.repeat(200_000);

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'list-owner');
  const imported = await importRoute.POST(
    request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }),
  );
  workflowId = ((await imported.json()) as { id: string }).id;
  const prisma = testDb();
  const version = await prisma.workflowVersion.findFirstOrThrow({ where: { workflowId } });
  const e = await prisma.execution.create({
    data: {
      workflowId,
      workflowVersionId: version.id,
      version: 1,
      trigger: 'manual',
      status: 'failed',
      triggerData: { body: BIG },
      output: { big: BIG },
      state: { v: 1, nodes: {}, ops: 0, http: 0, big: BIG },
      // An error written before messages were bounded, with a stack and details.
      error: { code: 'HTTP_ERROR', message: 'm'.repeat(10_000), nodeId: 'sum', stack: 'at x', details: { body: BIG } },
      errorNodeId: 'sum',
      finishedAt: new Date(),
      steps: { create: [{ nodeId: 'sum', status: 'failed', input: { big: BIG }, output: { big: BIG } }] },
    },
  });
  executionId = e.id;
});

afterAll(async () => {
  await disposeServices();
});

describe('GET /api/executions', () => {
  it('lists summaries: no triggerData, output or steps, and an error of bounded size', async () => {
    const res = await executionsRoute.GET(
      request(`/api/executions?workflowId=${workflowId}`, { cookie: owner.cookie }),
    );
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeLessThan(5_000);
    const page = JSON.parse(text) as { items: Array<Record<string, unknown>> };
    expect(page.items).toHaveLength(1);
    const item = page.items[0]!;
    expect(Object.keys(item).sort()).toEqual(Object.keys(ExecutionSummary.shape).sort());
    expect(item).not.toHaveProperty('triggerData');
    expect(item).not.toHaveProperty('output');
    expect(item).not.toHaveProperty('steps');
    expect(ExecutionSummary.parse(item)).toMatchObject({
      id: executionId,
      status: 'failed',
      errorNodeId: 'sum',
      workflowName: 'Sum and branch',
    });
    const error = item.error as { code: string; message: string; nodeId: string };
    expect(error).toEqual({
      code: 'HTTP_ERROR',
      message: expect.stringMatching(/^m{2000}… \(truncated\)$/),
      nodeId: 'sum',
    });
  });

  it('the detail still gives the data', async () => {
    const res = await executionRoute.GET(
      request(`/api/executions/${executionId}`, { cookie: owner.cookie }),
      routeParams({ id: executionId }),
    );
    const detail = (await res.json()) as {
      triggerData: { body: string };
      output: { big: string };
      steps: Array<{ output: { big: string } }>;
    };
    expect(detail.triggerData.body).toHaveLength(BIG.length);
    expect(detail.output.big).toHaveLength(BIG.length);
    expect(detail.steps[0]!.output.big).toHaveLength(BIG.length);
  });
});
