import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Redis is unreachable for this whole file (port 1 refuses connections at once).
process.env.REDIS_URL = 'redis://127.0.0.1:1';

import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as deactivateRoute from '../src/app/api/workflows/[id]/deactivate/route';
import * as schedulesRoute from '../src/app/api/workflows/[id]/schedules/route';
import * as scheduleRoute from '../src/app/api/schedules/[id]/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { createWebhook, deliverSigned, importActiveWorkflow } from './webhooks';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let workflowId: string;
let hook: { token: string; secret: string };

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'down-owner');
  workflowId = await importActiveWorkflow(owner);
  hook = await createWebhook(owner, workflowId);
});

afterAll(async () => {
  // Accepted while Redis was down, these stay queued; later files' reconcilers would drive them.
  await testDb().execution.deleteMany({ where: { workflowId } });
  await disposeServices();
});

describe('with Redis down', () => {
  // Accepted means durable in Postgres (docs/security.md "A 503 means nothing started"): the
  // execution is recorded `queued` and woken once Redis takes wake-ups again (the web retries,
  // the worker's reconciler is the backstop). Never a `failed` run the sender was told was refused.
  it('a webhook delivery is accepted (202) and its execution recorded queued, not failed', async () => {
    const res = await deliverSigned(hook, '{"a":1}');
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };
    expect(await testDb().execution.findUniqueOrThrow({ where: { id: executionId } })).toMatchObject({
      status: 'queued',
      error: null,
      webhookId: expect.any(String),
    });
    // Its wake-up waits in this process for Redis.
    expect(getServices().wakeRetrier.size).toBeGreaterThanOrEqual(1);
  });

  it('the rate limit still holds while Redis is down (counted in this process meanwhile)', async () => {
    const limited = await createWebhook(owner, workflowId, { rateLimitMax: 2, rateLimitWindowSec: 60 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await deliverSigned(limited, `{"n":${i}}`);
      statuses.push(res.status);
      if (res.status === 429) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(statuses).toEqual([202, 202, 429]);
  });

  it('a manual run answers 202 within seconds and its execution is recorded queued, not failed', async () => {
    const started = Date.now();
    const res = await runRoute.POST(
      request(`/api/workflows/${workflowId}/run`, { body: {}, cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    );
    expect(res.status).toBe(202);
    expect(Date.now() - started).toBeLessThan(5_000);
    const { executionId } = (await res.json()) as { executionId: string };
    expect(await testDb().execution.findUniqueOrThrow({ where: { id: executionId } })).toMatchObject({
      status: 'queued',
      error: null,
    });
    expect(await testDb().execution.count({ where: { workflowId, status: 'failed' } })).toBe(0);
  });

  it('a schedule change answers 503 and is rolled back: its timer could not follow it', async () => {
    const created = await schedulesRoute.POST(
      request(`/api/workflows/${workflowId}/schedules`, { body: { cron: '* * * * *' }, cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    );
    expect(created.status).toBe(503);
    expect((await errorOf(created)).message).toMatch(/schedule was not changed/);
    expect(await testDb().schedule.count({ where: { workflowId } })).toBe(0);

    // One written behind the API's back: disabling or deleting it, or deactivating its workflow, changes nothing either.
    const s = await testDb().schedule.create({ data: { workflowId, cron: '* * * * *' } });
    const disabled = await scheduleRoute.PATCH(
      request(`/api/schedules/${s.id}`, { method: 'PATCH', body: { enabled: false }, cookie: owner.cookie }),
      routeParams({ id: s.id }),
    );
    expect(disabled.status).toBe(503);
    expect((await testDb().schedule.findUniqueOrThrow({ where: { id: s.id } })).enabled).toBe(true);
    const deleted = await scheduleRoute.DELETE(
      request(`/api/schedules/${s.id}`, { method: 'DELETE', cookie: owner.cookie }),
      routeParams({ id: s.id }),
    );
    expect(deleted.status).toBe(503);
    expect(await testDb().schedule.count({ where: { id: s.id } })).toBe(1);
    const deactivated = await deactivateRoute.POST(
      request(`/api/workflows/${workflowId}/deactivate`, { body: {}, cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    );
    expect(deactivated.status).toBe(503);
    expect((await testDb().workflow.findUniqueOrThrow({ where: { id: workflowId } })).activeVersion).not.toBeNull();
  });
});
