// GET /api/executions/:id pages the steps of big runs (`?scope=&cursor=&limit=`) on real
// Postgres. Step rows are inserted directly: thousands of them, several per millisecond
// (as a fast loop writes them), with random ids so the tie-break on id is really exercised.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('step-paging');

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as executionRoute from '../src/app/api/executions/[id]/route';
import * as eventsRoute from '../src/app/api/executions/[id]/events/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

interface StepOut {
  id: string;
  nodeId: string;
  scope: string;
  startedAt: string;
}
interface Detail {
  id: string;
  status: string;
  workflowName: string;
  steps: StepOut[];
  stepsNextCursor: string | null;
}

let owner: { cookie: string };
let member: { cookie: string };
let workflowId = '';
let versionId = '';

// One loop of ITERATIONS iterations with 3 nodes each, between a top-level `start` and `end`.
const ITERATIONS = 2_000;
const T0 = Date.parse('2026-11-30T12:00:00.000Z');

/** Steps as a fast loop records them: the three body nodes of an iteration share a millisecond. */
function loopSteps() {
  const steps: Array<{ nodeId: string; scope: string; startedAt: Date }> = [
    { nodeId: 'start', scope: '', startedAt: new Date(T0) },
  ];
  for (let i = 0; i < ITERATIONS; i++) {
    const at = new Date(T0 + 1 + i);
    for (const nodeId of ['a', 'b', 'c']) steps.push({ nodeId, scope: `loop1[${i}]`, startedAt: at });
  }
  // A nested loop inside iteration 3, and the top-level node after the loop.
  steps.push({ nodeId: 'x', scope: 'loop1[3]/loop2[0]', startedAt: new Date(T0 + 4) });
  steps.push({ nodeId: 'x', scope: 'loop1[3]/loop2[1]', startedAt: new Date(T0 + 4) });
  steps.push({ nodeId: 'end', scope: '', startedAt: new Date(T0 + 1 + ITERATIONS) });
  return steps;
}

interface Created {
  id: string;
  /** Step ids in start order. */
  expected: string[];
  /** The same steps, for filtering by scope. */
  rows: Array<{ id: string; nodeId: string; scope: string }>;
}

async function createExecution(steps: Array<{ nodeId: string; scope: string; startedAt: Date }>): Promise<Created> {
  const prisma = testDb();
  const e = await prisma.execution.create({
    data: {
      workflowId,
      workflowVersionId: versionId,
      version: 1,
      trigger: 'manual',
      triggerData: {},
      state: {},
      status: 'succeeded',
      finishedAt: new Date(),
    },
  });
  const rows = steps.map((s) => ({
    id: randomUUID(),
    executionId: e.id,
    nodeId: s.nodeId,
    scope: s.scope,
    attempt: 1,
    status: 'succeeded' as const,
    output: { node: s.nodeId, scope: s.scope },
    startedAt: s.startedAt,
    finishedAt: s.startedAt,
    durationMs: 0,
  }));
  await prisma.executionStep.createMany({ data: rows });
  // Start order: startedAt, then id (the documented tie-break).
  const sorted = [...rows].sort(
    (x, y) => x.startedAt.getTime() - y.startedAt.getTime() || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
  return { id: e.id, expected: sorted.map((r) => r.id), rows: sorted };
}

async function get(executionId: string, query = '', cookie = owner.cookie): Promise<Response> {
  return executionRoute.GET(
    request(`/api/executions/${executionId}${query}`, { cookie }),
    routeParams({ id: executionId }),
  );
}

async function page(executionId: string, query = ''): Promise<Detail> {
  const res = await get(executionId, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Detail;
}

/** Follows stepsNextCursor from the first page; returns every page. */
async function allPages(executionId: string, params: Record<string, string> = {}): Promise<Detail[]> {
  const pages: Detail[] = [];
  let cursor: string | null = null;
  do {
    const qs = new URLSearchParams(params);
    if (cursor !== null) qs.set('cursor', cursor);
    const p = await page(executionId, qs.size ? `?${qs}` : '');
    pages.push(p);
    cursor = p.stepsNextCursor;
  } while (cursor !== null && pages.length < 100);
  return pages;
}

let big: Created;
const idsInScope = (scope: string) => big.rows.filter((r) => r.scope === scope).map((r) => r.id);
let bigSteps: ReturnType<typeof loopSteps>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'paging-owner');
  member = await createUserWithSession('member', 'paging-member');
  const imported = await importRoute.POST(
    request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }),
  );
  workflowId = ((await imported.json()) as { id: string }).id;
  versionId = (await testDb().workflowVersion.findFirstOrThrow({ where: { workflowId, version: 1 } })).id;
  bigSteps = loopSteps();
  big = await createExecution(bigSteps);
});

afterAll(async () => {
  await disposeServices();
});

describe('GET /api/executions/:id step paging', () => {
  it('pages every step exactly once, in start order, 1000 at a time by default', async () => {
    expect(big.expected.length).toBe(6_004);
    const pages = await allPages(big.id);
    expect(pages.map((p) => p.steps.length)).toEqual([1000, 1000, 1000, 1000, 1000, 1000, 4]);
    expect(pages.flatMap((p) => p.steps.map((s) => s.id))).toEqual(big.expected);
    expect(pages.at(-1)!.stepsNextCursor).toBeNull();
    // The execution's own fields come with every page.
    for (const p of pages) expect(p).toMatchObject({ id: big.id, status: 'succeeded', workflowName: 'Sum and branch' });
  });

  it('honours ?limit= up to 5000, and a page that ends exactly at the last step has no next cursor', async () => {
    const pages = await allPages(big.id, { limit: '5000' });
    expect(pages.map((p) => p.steps.length)).toEqual([5000, 1004]);
    expect(pages.flatMap((p) => p.steps.map((s) => s.id))).toEqual(big.expected);

    const odd = await allPages(big.id, { limit: '777' });
    expect(odd.flatMap((p) => p.steps.map((s) => s.id))).toEqual(big.expected);

    const exact = await createExecution(bigSteps.slice(0, 30));
    const one = await page(exact.id, '?limit=30');
    expect(one.steps.map((s) => s.id)).toEqual(exact.expected);
    expect(one.stepsNextCursor).toBeNull();
    const two = await allPages(exact.id, { limit: '15' });
    expect(two.map((p) => p.steps.length)).toEqual([15, 15]);
    expect(two.flatMap((p) => p.steps.map((s) => s.id))).toEqual(exact.expected);
  });

  it('answers an execution without steps with an empty page', async () => {
    const empty = await createExecution([]);
    const p = await page(empty.id);
    expect(p.steps).toEqual([]);
    expect(p.stepsNextCursor).toBeNull();
  });

  it('filters to exactly one scope: ?scope= is the top level, loop1[3] one iteration, nested scopes by their full path', async () => {
    const top = await page(big.id, '?scope=');
    expect(top.steps.map((s) => s.nodeId)).toEqual(['start', 'end']);
    expect(top.stepsNextCursor).toBeNull();

    const iteration = await page(big.id, `?scope=${encodeURIComponent('loop1[3]')}`);
    expect(iteration.steps.map((s) => s.id)).toEqual(idsInScope('loop1[3]'));
    expect(iteration.steps.map((s) => s.scope)).toEqual(['loop1[3]', 'loop1[3]', 'loop1[3]']);
    expect(iteration.steps.map((s) => s.nodeId).sort()).toEqual(['a', 'b', 'c']);

    const nested = await page(big.id, `?scope=${encodeURIComponent('loop1[3]/loop2[1]')}`);
    expect(nested.steps.map((s) => [s.scope, s.nodeId])).toEqual([['loop1[3]/loop2[1]', 'x']]);

    // A scope with no steps is an empty page, not an error.
    const none = await page(big.id, `?scope=${encodeURIComponent('loop1[99999]')}`);
    expect(none.steps).toEqual([]);
    expect(none.stepsNextCursor).toBeNull();
  });

  it('pages within a scope', async () => {
    const pages = await allPages(big.id, { scope: 'loop1[1999]', limit: '1' });
    expect(pages.map((p) => p.steps.length)).toEqual([1, 1, 1]);
    expect(pages.flatMap((p) => p.steps.map((s) => s.id))).toEqual(idsInScope('loop1[1999]'));
    expect(pages.flatMap((p) => p.steps.map((s) => s.scope))).toEqual(['loop1[1999]', 'loop1[1999]', 'loop1[1999]']);
  });

  it.each([
    ['not base64url', 'not a cursor!'],
    ['base64url of something else', Buffer.from('hello').toString('base64url')],
    ['a step id alone', randomUUID()],
    ['a bad id inside', Buffer.from('1764504000000.not-a-uuid').toString('base64url')],
    ['empty', ''],
  ])('refuses a cursor that is %s with 400 naming query.cursor', async (_what, cursor) => {
    const res = await get(big.id, `?cursor=${encodeURIComponent(cursor)}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.message).toContain('query.cursor');
    expect(error.details).toEqual([
      { path: 'query.cursor', message: 'must be a stepsNextCursor returned by a previous page' },
    ]);
  });

  it.each([
    ['0', 'must be >= 1'],
    ['-5', 'must be >= 1'],
    ['abc', 'must be a number'],
    ['2.5', 'must be a whole number'],
    ['5001', 'must be <= 5000'],
    ['1000000', 'must be <= 5000'],
  ])('refuses ?limit=%s with 400 (%s): over the maximum is refused, not clamped', async (limit, message) => {
    const res = await get(big.id, `?limit=${limit}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.details).toEqual([{ path: 'query.limit', message }]);
  });

  it.each([
    ...[
      'loop1',
      'loop1[x]',
      'loop1[3]/',
      '/loop1[3]',
      '1loop[0]',
      'loop1[01]',
      'loop1[-1]',
      'loop1[3]loop2[0]',
      ' ',
    ].map((s) => [s, s]),
    ['3000 characters', `loop1[0]/${'a'.repeat(3000)}[0]`],
  ])('refuses ?scope= %s with 400 naming query.scope', async (_what, scope) => {
    const res = await get(big.id, `?scope=${encodeURIComponent(scope!)}`);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect(error.message).toContain('query.scope');
    expect(error.details?.map((d) => d.path)).toEqual(['query.scope']);
  });

  it('refuses a repeated scope or cursor', async () => {
    const res = await get(big.id, '?scope=&scope=loop1%5B0%5D');
    expect(res.status).toBe(400);
    expect((await errorOf(res)).details).toEqual([{ path: 'query.scope', message: 'must be given once' }]);
    const first = await page(big.id);
    const twice = await get(big.id, `?cursor=${first.stepsNextCursor}&cursor=${first.stepsNextCursor}`);
    expect(twice.status).toBe(400);
    expect((await errorOf(twice)).details).toEqual([{ path: 'query.cursor', message: 'must be given once' }]);
  });

  it("hides another user's execution with 404, with or without paging parameters", async () => {
    const first = await page(big.id);
    for (const query of ['', '?limit=10', `?cursor=${first.stepsNextCursor}`, '?scope=']) {
      const res = await get(big.id, query, member.cookie);
      expect(res.status).toBe(404);
      expect((await errorOf(res)).code).toBe('NOT_FOUND');
    }
    const missing = await get(randomUUID(), '?limit=10');
    expect(missing.status).toBe(404);
  });

  it('the live snapshot carries the first page; its cursor pages the rest from the detail', async () => {
    const res = await eventsRoute.GET(
      request(`/api/executions/${big.id}/events`, { cookie: owner.cookie }),
      routeParams({ id: big.id }),
    );
    expect(res.status).toBe(200);
    const text = await res.text(); // a finished execution: snapshot, end, close
    const snapshot = /^event: snapshot\ndata: (.*)$/m.exec(text)?.[1];
    const data = JSON.parse(snapshot!) as Detail;
    expect(data.steps.map((s) => s.id)).toEqual(big.expected.slice(0, 100));
    expect(text.length).toBeLessThan(100_000); // not the 6,000 steps
    const rest = await allPages(big.id, { cursor: data.stepsNextCursor!, limit: '5000' });
    expect([...data.steps, ...rest.flatMap((p) => p.steps)].map((s) => s.id)).toEqual(big.expected);
    expect(text).toContain('event: end');
  });
});
