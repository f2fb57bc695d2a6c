// U+0000 cannot be stored in Postgres jsonb. Weft replaces it with U+FFFD where a value enters
// an execution (docs/security.md), so a webhook never answers 500 and no execution is left
// running: the real route handlers, an in-process worker and Postgres, no mocks.
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.QUEUE_PREFIX = `weft-test-nul-${randomUUID().slice(0, 8)}`;
process.env.HTTP_ALLOW_PRIVATE = 'true';

import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import { disposeServices } from '../src/server/composition';
import { signPayload } from '../src/server/webhooks/signature';
import { createUserWithSession, ORIGIN, request, routeParams } from './helpers';
import { finishedExecution, startInProcessWorker } from './run-worker';

const NUL = '\u0000';
const FFFD = '\uFFFD';

let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'nul-owner');
  worker = await startInProcessWorker();
  // Answers JSON whose string and key hold a \u0000 escape.
  server = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"a":"x\\u0000y","k\\u0000":1}'),
  );
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await worker?.stop();
  await disposeServices();
});

const echo = {
  name: 'nul echo',
  nodes: [
    { id: 'start', type: 'trigger', parameters: {} },
    { id: 'echo', type: 'transform', parameters: { fields: { body: '{{ $trigger.body }}', input: '{{ $input }}' } } },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'echo' }],
};

async function importWorkflow(definition: unknown) {
  const res = await importRoute.POST(request('/api/workflows/import', { body: definition, cookie: owner.cookie }));
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

async function webhookFor(definition: unknown) {
  const workflowId = await importWorkflow(definition);
  await activateRoute.POST(
    request(`/api/workflows/${workflowId}/activate`, { body: {}, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
  const res = await webhooksRoute.POST(
    request(`/api/workflows/${workflowId}/webhooks`, { body: {}, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
  return (await res.json()) as { token: string; secret: string };
}

function deliver(hook: { token: string; secret: string }, body: string, contentType: string) {
  const t = Math.floor(Date.now() / 1000);
  const req = new Request(`${ORIGIN}/api/hooks/${hook.token}?q=a%00b`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-weft-signature': `t=${t},v1=${signPayload(hook.secret, t, hook.token, body)}`,
      'x-weft-peer-ip': '203.0.113.9',
    },
    body,
  });
  return hookRoute.POST(req, routeParams({ token: hook.token }));
}

const finished = finishedExecution;

describe('U+0000 reaching an execution', () => {
  it('a webhook JSON body with a \\u0000 escape is accepted (202) and the execution succeeds with U+FFFD', async () => {
    const hook = await webhookFor(echo);
    const r = await finished(await deliver(hook, '{"a":"x\\u0000y","k\\u0000":true}', 'application/json'));
    expect(r.status).toBe('succeeded');
    const trigger = r.execution.triggerData as { body: Record<string, unknown>; query: Record<string, unknown> };
    expect(trigger.body).toEqual({ a: `x${FFFD}y`, [`k${FFFD}`]: true });
    expect(trigger.query).toEqual({ q: `a${FFFD}b` });
    expect(r.execution.output).toMatchObject({ body: { a: `x${FFFD}y` } });
  });

  it.each([
    ['a text body', 'text/plain', `x${NUL}y`, `x${FFFD}y`],
    ['a form body', 'application/x-www-form-urlencoded', 'a=x%00y&k%00=1', { a: `x${FFFD}y`, [`k${FFFD}`]: '1' }],
  ])('%s with U+0000 is stored with U+FFFD', async (_name, contentType, body, expected) => {
    const hook = await webhookFor(echo);
    const r = await finished(await deliver(hook, body, contentType));
    expect(r.status).toBe('succeeded');
    expect((r.execution.triggerData as { body: unknown }).body).toEqual(expected);
  });

  it('a manual run whose input holds U+0000 in a value and a key answers 202 and succeeds', async () => {
    const workflowId = await importWorkflow(echo);
    const input = { [`k${NUL}`]: { v: `x${NUL}y`, list: [NUL] } };
    const r = await finished(
      await runRoute.POST(
        request(`/api/workflows/${workflowId}/run`, { body: { input }, cookie: owner.cookie }),
        routeParams({ id: workflowId }),
      ),
    );
    expect(r.status).toBe('succeeded');
    expect(r.execution.triggerData).toEqual({ [`k${FFFD}`]: { v: `x${FFFD}y`, list: [FFFD] } });
    expect(r.step('echo')?.input).toEqual(r.execution.triggerData);
  });

  it('an http node whose response holds \\u0000 succeeds (not stuck running) with U+FFFD in its step', async () => {
    const workflowId = await importWorkflow({
      name: 'nul http',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        { id: 'call', type: 'http', parameters: { url: `${baseUrl}/nul` } },
        { id: 'after', type: 'transform', parameters: { fields: { a: '{{ $nodes.call.body.a }}' } } },
      ],
      edges: [
        { id: 'e1', source: 'start', target: 'call' },
        { id: 'e2', source: 'call', target: 'after' },
      ],
    });
    const r = await finished(
      await runRoute.POST(
        request(`/api/workflows/${workflowId}/run`, { body: {}, cookie: owner.cookie }),
        routeParams({ id: workflowId }),
      ),
    );
    expect(r.status).toBe('succeeded');
    expect(r.execution.steps.filter((s) => s.nodeId === 'call').map((s) => s.status)).toEqual(['succeeded']);
    expect(r.step('call')?.output).toMatchObject({ status: 200, body: { a: `x${FFFD}y`, [`k${FFFD}`]: 1 } });
    expect(r.execution.output).toEqual({ a: `x${FFFD}y` });
  });

  it('a JSONata expression producing U+0000 is stored with U+FFFD', async () => {
    const workflowId = await importWorkflow({
      name: 'nul expression',
      nodes: [
        { id: 'start', type: 'trigger', parameters: {} },
        {
          id: 'make',
          type: 'transform',
          parameters: { fields: { s: '{{ "a" & "\\u0000" & "b" }}', o: '{{ {"k\\u0000": 1} }}' } },
        },
      ],
      edges: [{ id: 'e1', source: 'start', target: 'make' }],
    });
    const r = await finished(
      await runRoute.POST(
        request(`/api/workflows/${workflowId}/run`, { body: {}, cookie: owner.cookie }),
        routeParams({ id: workflowId }),
      ),
    );
    expect(r.status).toBe('succeeded');
    expect(r.step('make')?.output).toEqual({ s: `a${FFFD}b`, o: { [`k${FFFD}`]: 1 } });
    expect(r.execution.output).toEqual({ s: `a${FFFD}b`, o: { [`k${FFFD}`]: 1 } });
  });
});
