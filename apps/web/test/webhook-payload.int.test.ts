// SPEC §2: a webhook's trigger payload is { method, webhookId, headers, query, body } — never the
// token or its URL, and never the credential or signature headers — so a member who may only
// view runs can't learn how to start one (issue 19, item 2). Stored rows of the old shape are
// rewritten by the migration 20261207100000_webhook_payload_scrub.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('webhook-payload');

import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as permissionsRoute from '../src/app/api/workflows/[id]/permissions/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import * as executionRoute from '../src/app/api/executions/[id]/route';
import * as executionsRoute from '../src/app/api/executions/route';
import { disposeServices } from '../src/server/composition';
import { signPayload } from '../src/server/webhooks/signature';
import { createUserWithSession, ORIGIN, request, routeParams } from './helpers';
import { peerHeader } from './peer';
import { finishedExecution, startInProcessWorker } from './run-worker';
import { testDb } from '../../../test/integration/db';

const echo = {
  name: 'echo the request',
  nodes: [
    { id: 'start', type: 'trigger', name: 'Webhook', position: { x: 0, y: 0 }, parameters: {} },
    {
      id: 'copy',
      type: 'transform',
      name: 'Copy',
      position: { x: 240, y: 0 },
      parameters: { fields: { got: '{{ $input }}' } },
    },
  ],
  edges: [{ id: 'e1', source: 'start', target: 'copy' }],
};

let owner: { cookie: string };
let viewer: { cookie: string; user: { id: string } };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'payload-owner');
  viewer = await createUserWithSession('member', 'payload-viewer');
  worker = await startInProcessWorker();
});

afterAll(async () => {
  await worker?.stop();
  await disposeServices();
});

async function hookedWorkflow(settings: Record<string, unknown> = {}) {
  const wf = (await (
    await importRoute.POST(request('/api/workflows/import', { body: echo, cookie: owner.cookie }))
  ).json()) as { id: string };
  await activateRoute.POST(
    request(`/api/workflows/${wf.id}/activate`, { body: {}, cookie: owner.cookie }),
    routeParams({ id: wf.id }),
  );
  const grants = [{ userId: viewer.user.id, canView: true, canEdit: false, canDelete: false, canExecute: false }];
  expect(
    (
      await permissionsRoute.PUT(
        request(`/api/workflows/${wf.id}/permissions`, { method: 'PUT', body: { grants }, cookie: owner.cookie }),
        routeParams({ id: wf.id }),
      )
    ).status,
  ).toBe(200);
  const res = await webhooksRoute.POST(
    request(`/api/workflows/${wf.id}/webhooks`, { body: settings, cookie: owner.cookie }),
    routeParams({ id: wf.id }),
  );
  expect(res.status).toBe(201);
  return { workflowId: wf.id, ...((await res.json()) as { id: string; token: string; secret: string }) };
}

describe('the webhook trigger payload', () => {
  it(
    'is { method, webhookId, headers, query, body } without the token or credentials, and a view-only member ' +
      'reads no token anywhere',
    async () => {
      const hook = await hookedWorkflow();
      const body = JSON.stringify({ order: 17 });
      const t = Math.floor(Date.now() / 1000);
      const headers = {
        'content-type': 'application/json',
        'x-weft-signature': `t=${t},v1=${signPayload(hook.secret, t, hook.token, body)}`,
        authorization: 'Bearer sender-secret',
        'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
        cookie: 'session=sender-cookie',
        'x-github-event': 'kept',
        ...peerHeader('203.0.113.7'),
      };
      const res = await hookRoute.POST(
        new Request(`${ORIGIN}/api/hooks/${hook.token}?src=test`, { method: 'POST', headers, body }),
        routeParams({ token: hook.token }),
      );
      const { status, execution: row } = await finishedExecution(res);
      const executionId = row.id;
      expect(status).toBe('succeeded');

      const trigger = row.triggerData as Record<string, unknown> & { headers: Record<string, string> };
      expect(Object.keys(trigger).sort()).toEqual(['body', 'headers', 'method', 'query', 'webhookId']);
      expect(trigger).toMatchObject({
        method: 'POST',
        webhookId: hook.id,
        query: { src: 'test' },
        body: { order: 17 },
      });
      expect(trigger.headers).toMatchObject({ 'content-type': 'application/json', 'x-github-event': 'kept' });
      for (const name of ['authorization', 'proxy-authorization', 'cookie', 'x-weft-signature', 'x-weft-peer-ip'])
        expect(trigger.headers).not.toHaveProperty(name);
      // The trigger's output and the next node's input are that payload, no more.
      expect(row.steps.find((s) => s.nodeId === 'start')?.output).toEqual(trigger);
      expect(row.steps.find((s) => s.nodeId === 'copy')?.input).toEqual(trigger);

      // What a view-only member is answered holds no token, URL, secret or credential.
      const detail = await executionRoute.GET(
        request(`/api/executions/${executionId}`, { cookie: viewer.cookie }),
        routeParams({ id: executionId }),
      );
      expect(detail.status).toBe(200);
      const list = await executionsRoute.GET(
        request(`/api/executions?workflowId=${hook.workflowId}`, { cookie: viewer.cookie }),
      );
      expect(list.status).toBe(200);
      for (const text of [await detail.text(), await list.text()]) {
        for (const secret of [
          hook.token,
          hook.secret,
          '/api/hooks/',
          'sender-secret',
          'sender-cookie',
          'cHJveHk6c2VjcmV0',
        ])
          expect(text).not.toContain(secret);
      }
    },
  );

  it('drops the scheme’s own signature headers (GitHub: both X-Hub-Signature headers)', async () => {
    const hook = await hookedWorkflow({ signatureScheme: 'github' });
    const body = '{"ref":"main"}';
    const { createHmac } = await import('node:crypto');
    const headers = {
      'content-type': 'application/json',
      'x-hub-signature-256': `sha256=${createHmac('sha256', hook.secret).update(body).digest('hex')}`,
      'x-hub-signature': `sha1=${createHmac('sha1', hook.secret).update(body).digest('hex')}`,
      'x-github-delivery': randomUUID(),
    };
    const res = await hookRoute.POST(
      new Request(`${ORIGIN}/api/hooks/${hook.token}`, { method: 'POST', headers, body }),
      routeParams({ token: hook.token }),
    );
    expect(res.status).toBe(202);
    const { executionId } = (await res.json()) as { executionId: string };
    const row = await testDb().execution.findUniqueOrThrow({ where: { id: executionId } });
    const stored = (row.triggerData as { headers: Record<string, string> }).headers;
    expect(stored).not.toHaveProperty('x-hub-signature-256');
    expect(stored).not.toHaveProperty('x-hub-signature');
    expect(stored['x-github-delivery']).toBe(headers['x-github-delivery']);
  });
});

describe('the migration of stored rows', () => {
  const sql = readFileSync(
    new URL('../../../prisma/migrations/20261207100000_webhook_payload_scrub/migration.sql', import.meta.url),
    'utf8',
  );

  it('rewrites old payloads in executions and in the steps that carried them, leaves others alone, and is idempotent', async () => {
    const hook = await hookedWorkflow();
    const prisma = testDb();
    const version = await prisma.workflowVersion.findFirstOrThrow({ where: { workflowId: hook.workflowId } });
    const old = {
      method: 'POST',
      path: `/api/hooks/${hook.token}`,
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer x',
        cookie: 'c=1',
        'x-weft-signature': 't=1,v1=ab',
        'user-agent': 'curl',
      },
      query: {},
      body: { a: 1 },
    };
    const scrubbed = {
      method: 'POST',
      webhookId: hook.id,
      headers: { 'content-type': 'application/json', 'user-agent': 'curl' },
      query: {},
      body: { a: 1 },
    };
    const e = await prisma.execution.create({
      data: {
        workflowId: hook.workflowId,
        workflowVersionId: version.id,
        version: 1,
        trigger: 'webhook',
        webhookId: hook.id,
        status: 'succeeded',
        triggerData: old,
        output: old,
        state: {},
      },
    });
    const manual = await prisma.execution.create({
      data: {
        workflowId: hook.workflowId,
        workflowVersionId: version.id,
        version: 1,
        trigger: 'manual',
        status: 'succeeded',
        triggerData: { path: '/mine' },
        state: {},
      },
    });
    const at = new Date();
    await prisma.executionStep.createMany({
      data: [
        {
          executionId: e.id,
          nodeId: 'start',
          scope: '',
          attempt: 1,
          status: 'succeeded',
          input: undefined,
          output: old,
          startedAt: at,
        },
        {
          executionId: e.id,
          nodeId: 'copy',
          scope: '',
          attempt: 1,
          status: 'succeeded',
          input: old,
          output: { got: 'derived' },
          startedAt: at,
        },
      ],
    });

    await prisma.$executeRawUnsafe(sql);
    const after = await prisma.execution.findUniqueOrThrow({
      where: { id: e.id },
      include: { steps: { orderBy: { nodeId: 'desc' } } },
    });
    expect(after.triggerData).toEqual(scrubbed);
    expect(after.output).toEqual(scrubbed);
    expect(after.steps.map((s) => [s.nodeId, s.input, s.output])).toEqual([
      ['start', null, scrubbed],
      ['copy', scrubbed, { got: 'derived' }],
    ]);
    // A manual run's input that happens to hold `path` is not a webhook payload.
    expect((await prisma.execution.findUniqueOrThrow({ where: { id: manual.id } })).triggerData).toEqual({
      path: '/mine',
    });

    await prisma.$executeRawUnsafe(sql);
    expect((await prisma.execution.findUniqueOrThrow({ where: { id: e.id } })).triggerData).toEqual(scrubbed);
  });
});
