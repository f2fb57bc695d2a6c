import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.QUEUE_PREFIX = `weft-test-${randomUUID().slice(0, 8)}`;

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as eventsRoute from '../src/app/api/executions/[id]/events/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, request, routeParams } from './helpers';
import { startInProcessWorker } from './run-worker';

let owner: { cookie: string };
let member: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>> | undefined;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'sse-owner');
  member = await createUserWithSession('member', 'sse-member');
});

afterAll(async () => {
  await worker?.stop();
  await disposeServices();
});

/** Reads a text/event-stream body into `{ event, data }` records until the stream ends. */
async function readEvents(res: Response, timeoutMs = 20_000): Promise<Array<{ event: string; data: unknown }>> {
  const events: Array<{ event: string; data: unknown }> = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let idx: number;
    while ((idx = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, idx);
      buffer = buffer.slice(idx + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) });
    }
  }
  return events;
}

describe('GET /api/executions/:id/events (SSE)', () => {
  it('streams a snapshot, every step as it settles, the status change and end', async () => {
    const imported = await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }));
    const wf = (await imported.json()) as { id: string };
    // Start the run before any worker exists, so the stream opens on a queued execution.
    const run = await runRoute.POST(request(`/api/workflows/${wf.id}/run`, { body: { input: { body: { a: 7, b: 5 } } }, cookie: owner.cookie }), routeParams({ id: wf.id }));
    const { executionId } = (await run.json()) as { executionId: string };

    const res = await eventsRoute.GET(request(`/api/executions/${executionId}/events`, { cookie: owner.cookie }), routeParams({ id: executionId }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const collected = readEvents(res);
    worker = await startInProcessWorker();
    const events = await collected;

    expect(events[0]).toMatchObject({ event: 'snapshot', data: { id: executionId, status: 'queued', steps: [] } });
    expect(events.at(-1)).toEqual({ event: 'end', data: { status: 'succeeded' } });
    const steps = events.filter((e) => e.event === 'step').map((e) => e.data as { nodeId: string; status: string; output: unknown });
    const finalByNode = Object.fromEntries(steps.map((s) => [s.nodeId, s]));
    expect(Object.keys(finalByNode).sort()).toEqual(['big', 'no', 'start', 'sum', 'yes']);
    expect(finalByNode.sum).toMatchObject({ status: 'succeeded', output: { sum: 12 } });
    expect(finalByNode.no!.status).toBe('skipped');
    const statuses = events.filter((e) => e.event === 'execution').map((e) => (e.data as { status: string }).status);
    expect(statuses.at(-1)).toBe('succeeded');
    expect((events.filter((e) => e.event === 'execution').at(-1)!.data as { output: unknown }).output).toEqual({ big: true, sum: 12 });
  });

  it('ends at once for a finished execution and hides executions the caller may not view', async () => {
    const imported = await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }));
    const wf = (await imported.json()) as { id: string };
    worker ??= await startInProcessWorker();
    const run = await runRoute.POST(request(`/api/workflows/${wf.id}/run`, { body: { input: { body: { a: 1, b: 1 } } }, cookie: owner.cookie }), routeParams({ id: wf.id }));
    const { executionId } = (await run.json()) as { executionId: string };
    // Wait for the end through the stream itself, then reconnect.
    await readEvents(await eventsRoute.GET(request(`/api/executions/${executionId}/events`, { cookie: owner.cookie }), routeParams({ id: executionId })));
    const again = await readEvents(await eventsRoute.GET(request(`/api/executions/${executionId}/events`, { cookie: owner.cookie }), routeParams({ id: executionId })), 5_000);
    expect(again.map((e) => e.event)).toEqual(['snapshot', 'end']);

    const hidden = await eventsRoute.GET(request(`/api/executions/${executionId}/events`, { cookie: member.cookie }), routeParams({ id: executionId }));
    expect(hidden.status).toBe(404);
  });
});
