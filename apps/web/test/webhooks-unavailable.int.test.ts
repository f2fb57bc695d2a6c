import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// Redis is unreachable for this whole file (port 1 refuses connections at once).
process.env.REDIS_URL = 'redis://127.0.0.1:1';

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import { disposeServices, getServices } from '../src/server/composition';
import { signPayload } from '../src/server/webhooks/signature';
import { createUserWithSession, errorOf, ORIGIN, request, routeParams } from './helpers';

let owner: { cookie: string };
let workflowId: string;
let hook: { token: string; secret: string };

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'down-owner');
  workflowId = ((await (await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }))).json()) as { id: string }).id;
  await activateRoute.POST(request(`/api/workflows/${workflowId}/activate`, { body: {}, cookie: owner.cookie }), routeParams({ id: workflowId }));
  hook = (await (await webhooksRoute.POST(request(`/api/workflows/${workflowId}/webhooks`, { body: {}, cookie: owner.cookie }), routeParams({ id: workflowId }))).json()) as { token: string; secret: string };
});

afterAll(() => disposeServices());

describe('with Redis down', () => {
  it('a webhook delivery answers 503 (the sender retries) and records no execution', async () => {
    const body = '{"a":1}';
    const t = Math.floor(Date.now() / 1000);
    const res = await hookRoute.POST(
      new Request(`${ORIGIN}/api/hooks/${hook.token}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-weft-signature': `t=${t},v1=${signPayload(hook.secret, t, hook.token, body)}` }, body }),
      routeParams({ token: hook.token }),
    );
    expect(res.status).toBe(503);
    expect((await errorOf(res)).code).toBe('SERVICE_UNAVAILABLE');
    expect(await getServices().prisma.execution.count({ where: { workflowId } })).toBe(0);
  });

  it('a manual run answers 503 within seconds and its execution is recorded as failed, not left queued', async () => {
    const res = await runRoute.POST(request(`/api/workflows/${workflowId}/run`, { body: {}, cookie: owner.cookie }), routeParams({ id: workflowId }));
    expect(res.status).toBe(503);
    const executions = await getServices().prisma.execution.findMany({ where: { workflowId } });
    expect(executions).toHaveLength(1);
    expect(executions[0]).toMatchObject({ status: 'failed', error: expect.objectContaining({ code: 'QUEUE_UNAVAILABLE' }) });
  });
});
