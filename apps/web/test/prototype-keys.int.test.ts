// Node ids, query and form keys are chosen by users; `constructor`, `toString`, `__proto__`…
// are valid ones and must behave like any other name (docs/security.md). The real route
// handlers, an in-process worker and Postgres, no mocks.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.QUEUE_PREFIX = `weft-test-proto-${randomUUID().slice(0, 8)}`;

import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import { disposeServices } from '../src/server/composition';
import { parseWebhookBody, payloadHeaders, queryObject } from '../src/server/webhooks/request-body';
import { signPayload } from '../src/server/webhooks/signature';
import { createUserWithSession, ORIGIN, request, routeParams } from './helpers';
import { finishedExecution, startInProcessWorker } from './run-worker';

let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'proto-owner');
  worker = await startInProcessWorker();
});

afterAll(async () => {
  await worker?.stop();
  await disposeServices();
});

const PROTO_IDS = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];

// A chain and parallel branches into an object merge, every node named like an Object.prototype member.
const protoWorkflow = {
  name: 'prototype ids',
  nodes: [
    { id: 'start', type: 'trigger', parameters: {} },
    { id: 'constructor', type: 'transform', parameters: { fields: { x: '{{ $input.n + 1 }}' } } },
    { id: 'toString', type: 'transform', parameters: { fields: { fromCtor: '{{ $nodes.constructor.x }}' } } },
    { id: '__proto__', type: 'transform', parameters: { fields: { p: '{{ $nodes.constructor.x * 10 }}' } } },
    { id: 'hasOwnProperty', type: 'transform', parameters: { fields: { h: 'own' } } },
    { id: 'valueOf', type: 'merge', parameters: { mode: 'object' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'constructor' },
    { id: 'e2', source: 'constructor', target: 'toString' },
    { id: 'e3', source: 'constructor', target: '__proto__' },
    { id: 'e4', source: 'start', target: 'hasOwnProperty' },
    { id: 'e5', source: 'toString', target: 'valueOf' },
    { id: 'e6', source: '__proto__', target: 'valueOf' },
    { id: 'e7', source: 'hasOwnProperty', target: 'valueOf' },
  ],
};

const echo = {
  name: 'echo',
  nodes: [{ id: 'start', type: 'trigger', parameters: {} }],
  edges: [],
};

async function importWorkflow(definition: unknown) {
  const res = await importRoute.POST(request('/api/workflows/import', { body: definition, cookie: owner.cookie }));
  expect(res.status, JSON.stringify(await res.clone().json())).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

const finished = finishedExecution;

async function deliver(query: string, body: string, contentType: string) {
  const workflowId = await importWorkflow(echo);
  await activateRoute.POST(
    request(`/api/workflows/${workflowId}/activate`, { body: {}, cookie: owner.cookie }),
    routeParams({ id: workflowId }),
  );
  const hook = (await (
    await webhooksRoute.POST(
      request(`/api/workflows/${workflowId}/webhooks`, { body: {}, cookie: owner.cookie }),
      routeParams({ id: workflowId }),
    )
  ).json()) as { token: string; secret: string };
  const t = Math.floor(Date.now() / 1000);
  const req = new Request(`${ORIGIN}/api/hooks/${hook.token}?${query}`, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-weft-signature': `t=${t},v1=${signPayload(hook.secret, t, hook.token, body)}`,
      'x-weft-peer-ip': '203.0.113.9',
      constructor: 'c',
    },
    body,
  });
  return finished(await hookRoute.POST(req, routeParams({ token: hook.token })));
}

/** Own enumerable keys with their values: what Postgres stored, not what a prototype supplies. */
const own = (o: unknown) => Object.fromEntries(Object.entries(o as object));

describe('user-chosen keys named like Object.prototype members', () => {
  it('a workflow whose node ids are constructor, toString, __proto__, hasOwnProperty, valueOf runs each once and succeeds', async () => {
    const workflowId = await importWorkflow(protoWorkflow);
    const r = await finished(
      await runRoute.POST(
        request(`/api/workflows/${workflowId}/run`, { body: { input: { n: 1 } }, cookie: owner.cookie }),
        routeParams({ id: workflowId }),
      ),
    );
    expect(r.status).toBe('succeeded');
    for (const id of ['start', ...PROTO_IDS])
      expect(
        r.execution.steps.filter((s) => s.nodeId === id).map((s) => s.status),
        id,
      ).toEqual(['succeeded']);
    const merged = r.execution.output as Record<string, unknown>;
    expect(Object.keys(merged).sort()).toEqual(['__proto__', 'hasOwnProperty', 'toString']);
    expect(Object.getOwnPropertyDescriptor(merged, '__proto__')?.value).toEqual({ p: 20 });
    expect(own(merged)).toMatchObject({ toString: { fromCtor: 2 }, hasOwnProperty: { h: 'own' } });
    const state = r.execution.state as { nodes: Record<string, unknown> };
    expect(Object.keys(state.nodes).sort()).toEqual(['start', ...PROTO_IDS].sort());
  });

  it('a webhook query ?__proto__=1&constructor=2&toString=3 becomes exactly those own keys (repeated keys still arrays)', async () => {
    const r = await deliver(
      '__proto__=1&constructor=2&toString=3&toString=4&hasOwnProperty=5',
      '{}',
      'application/json',
    );
    expect(r.status).toBe('succeeded');
    const query = (r.execution.triggerData as { query: unknown }).query;
    expect(Object.keys(query as object).sort()).toEqual(['__proto__', 'constructor', 'hasOwnProperty', 'toString']);
    expect(own(query)).toEqual({ ['__proto__']: '1', constructor: '2', toString: ['3', '4'], hasOwnProperty: '5' });
    expect((r.execution.triggerData as { headers: Record<string, unknown> }).headers).toMatchObject({
      constructor: 'c',
    });
  });

  it('a form body with those keys becomes exactly those own keys (repeated keys still arrays)', async () => {
    const r = await deliver(
      'src=form',
      '__proto__=a&constructor=b&constructor=c&toString=d&valueOf=e',
      'application/x-www-form-urlencoded',
    );
    expect(r.status).toBe('succeeded');
    const body = (r.execution.triggerData as { body: unknown }).body;
    expect(Object.keys(body as object).sort()).toEqual(['__proto__', 'constructor', 'toString', 'valueOf']);
    expect(own(body)).toEqual({ ['__proto__']: 'a', constructor: ['b', 'c'], toString: 'd', valueOf: 'e' });
  });
});

describe('request-body: query, form and header names are own keys', () => {
  it('queryObject, a form body and payloadHeaders keep __proto__, constructor, toString as plain keys', () => {
    const query = queryObject(new URL('http://x/?__proto__=1&constructor=2&toString=3&toString=4'));
    expect(Object.getPrototypeOf(query)).toBe(Object.prototype);
    expect(own(query)).toEqual({ ['__proto__']: '1', constructor: '2', toString: ['3', '4'] });
    const form = parseWebhookBody('__proto__=a&constructor=b&constructor=c', 'application/x-www-form-urlencoded');
    expect(own(form)).toEqual({ ['__proto__']: 'a', constructor: ['b', 'c'] });
    const headers = payloadHeaders(
      new Headers([
        ['constructor', 'c'],
        ['__proto__', 'p'],
        ['cookie', 'secret'],
        ['x-weft-peer-ip', '1.2.3.4'],
      ]),
      [],
    );
    expect(own(headers)).toEqual({ constructor: 'c', ['__proto__']: 'p' });
  });
});
