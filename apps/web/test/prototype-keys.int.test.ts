// Node ids, query and form keys are chosen by users; `constructor`, `toString`, `__proto__`…
// are valid ones and must behave like any other name (docs/security.md). The real route
// handlers, an in-process worker and Postgres, no mocks.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

process.env.QUEUE_PREFIX = `weft-test-proto-${randomUUID().slice(0, 8)}`;

import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import { disposeServices } from '../src/server/composition';
import { parseWebhookBody, payloadHeaders, queryObject } from '../src/server/webhooks/request-body';
import { createUserWithSession, request, routeParams } from './helpers';
import { finishedExecution, startInProcessWorker } from './run-worker';
import { createWorkflowWithWebhook, deliverSigned, importWorkflow } from './webhooks';
import { PROTO_IDS, protoWorkflow } from '../../../test/fixtures/prototype-ids';

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

const echo = {
  name: 'echo',
  nodes: [{ id: 'start', type: 'trigger', parameters: {} }],
  edges: [],
};

const finished = finishedExecution;

async function deliver(query: string, body: string, contentType: string) {
  const hook = await createWorkflowWithWebhook(owner, { definition: echo });
  const headers = { 'content-type': contentType, 'x-weft-peer-ip': '203.0.113.9', constructor: 'c' };
  return finished(await deliverSigned(hook, body, { query: `?${query}`, headers }));
}

/** Own enumerable keys with their values: what Postgres stored, not what a prototype supplies. */
const own = (o: unknown) => Object.fromEntries(Object.entries(o as object));

describe('user-chosen keys named like Object.prototype members', () => {
  it('a workflow whose node ids are constructor, toString, __proto__, hasOwnProperty, valueOf runs each once and succeeds', async () => {
    const workflowId = await importWorkflow(owner, protoWorkflow);
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

  // Every delivery also carries a `constructor` header, kept as an own key.
  type Case = {
    name: string;
    query: string;
    body: string;
    contentType: string;
    field: 'query' | 'body';
    keys: string[];
    values: Record<string, unknown>;
  };
  it.each<Case>([
    {
      name: 'a webhook query ?__proto__=1&constructor=2&toString=3 becomes exactly those own keys (repeated keys still arrays)',
      query: '__proto__=1&constructor=2&toString=3&toString=4&hasOwnProperty=5',
      body: '{}',
      contentType: 'application/json',
      field: 'query',
      keys: ['__proto__', 'constructor', 'hasOwnProperty', 'toString'],
      values: { ['__proto__']: '1', constructor: '2', toString: ['3', '4'], hasOwnProperty: '5' },
    },
    {
      name: 'a form body with those keys becomes exactly those own keys (repeated keys still arrays)',
      query: 'src=form',
      body: '__proto__=a&constructor=b&constructor=c&toString=d&valueOf=e',
      contentType: 'application/x-www-form-urlencoded',
      field: 'body',
      keys: ['__proto__', 'constructor', 'toString', 'valueOf'],
      values: { ['__proto__']: 'a', constructor: ['b', 'c'], toString: 'd', valueOf: 'e' },
    },
  ])('$name', async ({ query, body, contentType, field, keys, values }) => {
    const r = await deliver(query, body, contentType);
    expect(r.status).toBe('succeeded');
    const triggerData = r.execution.triggerData as Record<string, unknown>;
    expect(Object.keys(triggerData[field] as object).sort()).toEqual(keys);
    expect(own(triggerData[field])).toEqual(values);
    expect(triggerData.headers).toMatchObject({ constructor: 'c' });
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
