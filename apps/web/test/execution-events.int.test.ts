// GET /api/executions/:id/events on real Postgres and Redis: a per-execution sequence number
// on every change, only what changed since the last event, `Last-Event-ID` resumes, and at
// most MAX_EVENT_STREAMS_PER_USER open streams per user (docs/api.md "Live events").
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('sse');

import { WorkflowDefinition } from '@weft/engine';
import { newExecutionState, type StepRecord } from '@weft/engine/adapter';
import { PgExecutionCreator, PgExecutionStore } from '@weft/db';
import { publishExecutionChanged, type RedisClient } from '@weft/queue';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as eventsRoute from '../src/app/api/executions/[id]/events/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, errorOf, ORIGIN, request, routeParams } from './helpers';
import { startInProcessWorker } from './run-worker';
import { SseReader, type SseEvent } from './sse';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let member: { cookie: string; user: { id: string } };
let admin: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>> | undefined;
let workflowId = '';
let versionId = '';
const definition = WorkflowDefinition.parse(sumAndBranch);

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'sse-owner');
  member = await createUserWithSession('member', 'sse-member');
  admin = await createUserWithSession('admin', 'sse-admin');
  const imported = await importRoute.POST(
    request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }),
  );
  workflowId = ((await imported.json()) as { id: string }).id;
  versionId = (await testDb().workflowVersion.findFirstOrThrow({ where: { workflowId } })).id;
});

afterAll(async () => {
  await worker?.stop();
  await disposeServices();
});

function open(
  executionId: string,
  opts: { cookie?: string; lastEventId?: string; query?: string; signal?: AbortSignal } = {},
): Promise<Response> {
  const headers = new Headers({ cookie: opts.cookie ?? owner.cookie });
  if (opts.lastEventId !== undefined) headers.set('last-event-id', opts.lastEventId);
  const req = new Request(`${ORIGIN}/api/executions/${executionId}/events${opts.query ?? ''}`, {
    headers,
    signal: opts.signal,
  });
  return eventsRoute.GET(req, routeParams({ id: executionId }));
}

/**
 * Plays the worker without one: the real Postgres store acquires the execution and writes
 * checkpoints, and the same data-free notice a worker publishes follows each.
 */
async function driveByHand() {
  const services = getServices();
  const store = new PgExecutionStore(services.pool);
  const { id } = await new PgExecutionCreator(services.pool).createExecution({
    workflowId,
    workflowVersionId: versionId,
    version: 1,
    trigger: 'manual',
    triggerData: { body: { a: 1, b: 2 } },
    state: newExecutionState(definition),
  });
  const acquired = await store.acquire(id, `test-${randomUUID()}`, 120_000);
  if (acquired.kind !== 'acquired') throw new Error(`acquire: ${acquired.kind}`);
  const fence = acquired.run.fence;
  const notify = () =>
    publishExecutionChanged(services.redis as unknown as RedisClient, services.config.queuePrefix, id);
  let n = 0;
  const step = (nodeId: string): StepRecord => {
    const at = new Date(Date.now() + n++);
    return {
      nodeId,
      scope: '',
      attempt: 1,
      status: 'succeeded',
      input: { n },
      output: { node: nodeId, big: 'x'.repeat(1000) },
      error: null,
      startedAt: at,
      finishedAt: at,
    };
  };
  return {
    id,
    async checkpoint(nodeIds: string[], finish = false) {
      const ok = await store.checkpoint(
        id,
        fence,
        {
          steps: nodeIds.map(step),
          state: acquired.run.execution.state,
          nodesExecuted: nodeIds.length,
          release: finish,
          ...(finish
            ? {
                finish: {
                  status: 'succeeded' as const,
                  output: { done: true },
                  error: null,
                  errorNodeId: null,
                  finishedAt: new Date(),
                },
              }
            : {}),
        },
        120_000,
      );
      expect(ok).toBe(true);
      notify();
    },
    notify,
  };
}

const seqOf = (e: SseEvent) => (e.data as { seq: number }).seq;
const stepIds = (events: SseEvent[]) =>
  events.filter((e) => e.event === 'step').map((e) => (e.data as { id: string }).id);

describe('GET /api/executions/:id/events (SSE)', () => {
  it('sends a snapshot, then each step once as it is recorded with a rising seq, the status change and end', async () => {
    // Start the run before any worker exists, so the stream opens on a queued execution.
    const run = await runRoute.POST(
      request(`/api/workflows/${workflowId}/run`, { body: { input: { body: { a: 7, b: 5 } } }, cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    );
    const { executionId } = (await run.json()) as { executionId: string };

    const res = await open(executionId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const sse = new SseReader(res);
    const snapshot = (await sse.next())!;
    expect(snapshot).toMatchObject({
      event: 'snapshot',
      id: '0',
      data: {
        id: executionId,
        status: 'queued',
        seq: 0,
        steps: [],
        stepsNextCursor: null,
        triggerData: { body: { a: 7, b: 5 } },
      },
    });
    worker = await startInProcessWorker();
    const events = [snapshot, ...(await sse.until('end', 20_000))];

    expect(events.at(-1)).toEqual({ event: 'end', data: { status: 'succeeded', seq: expect.any(Number) } });
    const steps = events
      .filter((e) => e.event === 'step')
      .map((e) => e.data as { id: string; nodeId: string; status: string; output: unknown; seq: number });
    // Every step exactly once: none repeated by a later change or the periodic re-check.
    expect(new Set(steps.map((s) => s.id)).size).toBe(steps.length);
    expect(steps.map((s) => s.nodeId).sort()).toEqual(['big', 'no', 'start', 'sum', 'yes']);
    expect(steps.find((s) => s.nodeId === 'sum')).toMatchObject({ status: 'succeeded', output: { sum: 12 } });
    expect(steps.find((s) => s.nodeId === 'no')!.status).toBe('skipped');

    // Each change is an `execution` event whose id is its seq, strictly rising; steps carry the seq that recorded them.
    const changes = events.filter((e) => e.event === 'execution');
    const ids = changes.map((e) => Number(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(changes.map(seqOf)).toEqual(ids);
    for (const s of steps) expect(s.seq).toBeGreaterThan(0);
    expect(changes.at(-1)!.data).toMatchObject({ status: 'succeeded', running: [] });
    // Only what changed: an `execution` event is the summary, never the trigger data or output again.
    for (const c of changes) expect(Object.keys(c.data as object)).not.toEqual(expect.arrayContaining(['triggerData']));
    for (const c of changes) expect(c.data).not.toHaveProperty('output');
  });

  it('resumes after Last-Event-ID with only the later changes, and sends nothing when nothing changed', async () => {
    const run = await driveByHand(); // acquired: queued → running is change 1
    await run.checkpoint(['start', 'sum']); // 2
    await run.checkpoint(['big']); // 3

    const sse = new SseReader(await open(run.id, { lastEventId: '2' }));
    const first = await sse.until('execution');
    expect(first.map((e) => e.event)).toEqual(['step', 'execution']);
    expect(first[0]!.data).toMatchObject({ nodeId: 'big', seq: 3, output: { node: 'big' } });
    expect(first[1]).toMatchObject({ id: '3', data: { id: run.id, status: 'running', seq: 3, nodesExecuted: 3 } });

    // A notice without a change, and the periodic re-check (2 s): nothing is sent again.
    run.notify();
    expect((await sse.during(2_500)).filter((e) => e.event !== 'keepalive')).toEqual([]);

    await run.checkpoint(['yes']); // 4
    const next = await sse.until('execution');
    expect(next.map((e) => [e.event, seqOf(e)])).toEqual([
      ['step', 4],
      ['execution', 4],
    ]);
    expect(next[1]!.id).toBe('4');

    await run.checkpoint(['no'], true); // 5: finished
    const last = await sse.until('end');
    expect(last.map((e) => e.event)).toEqual(['step', 'execution', 'end']);
    expect(last[1]).toMatchObject({ id: '5', data: { status: 'succeeded', seq: 5, running: [] } });
    expect(await sse.next()).toBeNull(); // closed after `end`
    expect(stepIds(sse.seen)).toHaveLength(3); // big, yes, no: never start/sum (before the resume point)

    // Resuming a finished execution: what changed after the point, then end. `?lastEventId=` is
    // the same for the first connection (EventSource can't set the header); the header wins.
    const late = new SseReader(await open(run.id, { query: '?lastEventId=4' }));
    expect((await late.until('end')).map((e) => [e.event, seqOf(e)])).toEqual([
      ['step', 5],
      ['execution', 5],
      ['end', 5],
    ]);
    // Nothing left to send on a final execution: 204, which tells EventSource to stop reconnecting.
    const both = await open(run.id, { query: '?lastEventId=1', lastEventId: '5' });
    expect(both.status).toBe(204);

    // A fresh connection: the snapshot (every step up to its seq), then end.
    const fresh = new SseReader(await open(run.id));
    const all = await fresh.until('end');
    expect(all.map((e) => e.event)).toEqual(['snapshot', 'end']);
    expect(all[0]).toMatchObject({ id: '5', data: { seq: 5, status: 'succeeded', output: { done: true } } });
    expect((all[0]!.data as { steps: unknown[] }).steps).toHaveLength(5);
  });

  it('answers a resume point it never sent with a snapshot, and a malformed one with 400', async () => {
    const run = await driveByHand();
    const ahead = new SseReader(await open(run.id, { lastEventId: '99' }));
    expect(await ahead.next()).toMatchObject({ event: 'snapshot', id: '1', data: { seq: 1 } });
    await ahead.cancel();

    for (const [opts, path] of [
      [{ lastEventId: 'abc' }, 'headers.last-event-id'],
      [{ lastEventId: '-1' }, 'headers.last-event-id'],
      [{ query: '?lastEventId=1.5' }, 'query.lastEventId'],
    ] as const) {
      const res = await open(run.id, opts);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).details?.[0]?.path).toBe(path);
    }
  });

  it('ends at once for a finished execution and hides executions the caller may not view', async () => {
    const run = await driveByHand();
    await run.checkpoint(['start'], true);
    const again = new SseReader(await open(run.id));
    expect((await again.until('end', 5_000)).map((e) => e.event)).toEqual(['snapshot', 'end']);

    const hidden = await open(run.id, { cookie: member.cookie });
    expect(hidden.status).toBe(404);
  });

  it('ends a stream whose caller loses access to the workflow (checked every 15 s)', async () => {
    const run = await driveByHand();
    const prisma = testDb();
    await prisma.workflowPermission.create({ data: { workflowId, userId: member.user.id, canView: true } });
    const sse = new SseReader(await open(run.id, { cookie: member.cookie }));
    expect((await sse.next())!.event).toBe('snapshot');
    await prisma.workflowPermission.deleteMany({ where: { workflowId, userId: member.user.id } });
    expect(await sse.next(20_000)).toBeNull(); // the stream ended (keepalive comments are not events)
  }, 40_000);

  it('refuses the 21st open stream of one user with 429 and Retry-After; a closed stream frees its slot', async () => {
    const run = await driveByHand(); // stays running: its streams stay open
    const max = getServices().config.maxEventStreamsPerUser;
    expect(max).toBe(20);
    const aborts: AbortController[] = [];
    const readers: SseReader[] = [];
    try {
      for (let i = 0; i < max; i++) {
        const abort = new AbortController();
        aborts.push(abort);
        const res = await open(run.id, { signal: abort.signal });
        expect(res.status).toBe(200);
        readers.push(new SseReader(res));
      }
      const refused = await open(run.id);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      const error = await errorOf(refused);
      expect(error.code).toBe('RATE_LIMITED');
      expect(error.message).toContain('MAX_EVENT_STREAMS_PER_USER');

      // Another user's streams are counted apart.
      const other = await open(run.id, { cookie: admin.cookie });
      expect(other.status).toBe(200);
      await new SseReader(other).cancel();

      // A client that goes away (its request aborted, or its body cancelled) gives its slot back:
      // a new stream opens (kept, to be closed at the end).
      const reopens = () =>
        expect
          .poll(
            async () => {
              const res = await open(run.id);
              if (res.status === 200) readers.push(new SseReader(res));
              return res.status;
            },
            { timeout: 5_000 },
          )
          .toBe(200);
      aborts[0]!.abort();
      await reopens();
      await readers[1]!.cancel();
      await reopens();
      expect((await open(run.id)).status).toBe(429);
    } finally {
      for (const a of aborts) a.abort();
      await Promise.all(readers.map((r) => r.cancel()));
    }
  });
});
