// Security hardening of the webhook path (docs/security.md), through the real route handlers,
// Postgres, Redis and an in-process worker.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const PREFIX = `weft-test-${randomUUID().slice(0, 8)}`;
process.env.QUEUE_PREFIX = PREFIX;

import { Redis } from 'ioredis';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as hookRoute from '../src/app/api/hooks/[token]/route';
import * as executionRoute from '../src/app/api/executions/[id]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, ORIGIN, request, routeParams } from './helpers';
import { peerHeader } from './peer';
import { startInProcessWorker, waitForExecution } from './run-worker';
import { createWorkflowWithWebhook, deliverSigned } from './webhooks';
import { testDb } from '../../../test/integration/db';
import { node } from '../../../test/fixtures/node';

let owner: { cookie: string };
let worker: Awaited<ReturnType<typeof startInProcessWorker>>;
let redis: Redis;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'sec-hook-owner');
  worker = await startInProcessWorker();
  redis = new Redis(process.env.REDIS_URL!);
});

afterAll(async () => {
  await worker?.stop();
  await redis?.quit();
  await disposeServices();
});

const workflowWithWebhook = (definition: unknown, settings: Record<string, unknown> = {}) =>
  createWorkflowWithWebhook(owner, { definition, settings });

const deliver = (
  hook: { token: string; secret: string },
  body: string | Uint8Array<ArrayBuffer>,
  headers: Record<string, string> = {},
) => deliverSigned(hook, body, { peer: '203.0.113.9', headers });

const executionsOf = (workflowId: string) =>
  testDb().execution.findMany({ where: { workflowId }, orderBy: { createdAt: 'asc' } });

describe('sync replies cannot run script on Weft’s origin', () => {
  const htmlReply = {
    name: 'HTML reply',
    nodes: [
      node('start', 'trigger'),
      node('page', 'respond', {
        status: 201,
        headers: { 'content-type': 'text/html; charset=utf-8', 'x-custom': 'kept' },
        body: "<script>fetch('/api/api-keys',{method:'POST'})</script><h1>hi</h1>",
      }),
    ],
    edges: [{ id: 'e1', source: 'start', target: 'page' }],
  };

  it('an HTML reply keeps its status, headers and body but is sandboxed and not sniffed', async () => {
    const hook = await workflowWithWebhook(htmlReply, { responseMode: 'sync' });
    const res = await deliver(hook, '{}');
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('x-custom')).toBe('kept');
    expect(await res.text()).toBe("<script>fetch('/api/api-keys',{method:'POST'})</script><h1>hi</h1>");
    expect(res.headers.get('content-security-policy')).toBe('sandbox');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('a workflow cannot lift the sandbox: its own CSP is kept beside ours, its nosniff override is replaced', async () => {
    const def = structuredClone(htmlReply);
    (def.nodes[1]!.parameters as { headers: Record<string, string> }).headers = {
      'content-type': 'text/html',
      'content-security-policy': "script-src 'unsafe-inline'",
      'x-content-type-options': 'sniff-please',
    };
    const res = await deliver(await workflowWithWebhook(def, { responseMode: 'sync' }), '{}');
    const csp = res.headers
      .get('content-security-policy')!
      .split(',')
      .map((p) => p.trim());
    expect(csp).toContain('sandbox');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('every other hook answer (202, 401, 404) carries the same headers', async () => {
    const hook = await workflowWithWebhook(sumAndBranch);
    const accepted = await deliver(hook, '{"a":1,"b":2}');
    expect(accepted.status).toBe(202);
    const unsigned = await hookRoute.POST(
      new Request(`${ORIGIN}/api/hooks/${hook.token}`, { method: 'POST', body: '{}' }),
      routeParams({ token: hook.token }),
    );
    expect(unsigned.status).toBe(401);
    const unknown = await hookRoute.GET(new Request(`${ORIGIN}/api/hooks/nope`), routeParams({ token: 'nope' }));
    expect(unknown.status).toBe(404);
    for (const res of [accepted, unsigned, unknown]) {
      expect(res.headers.get('content-security-policy')).toBe('sandbox');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});

describe('a delivery whose wake-up Redis refuses', () => {
  it(
    'is accepted once: recorded queued, run as soon as the queue takes wake-ups again, and the sender’s retry ' +
      'is a duplicate of it',
    async () => {
      const hook = await workflowWithWebhook(sumAndBranch);
      // A real Redis failure for BullMQ alone: its queue metadata key holds the wrong type, so
      // every enqueue fails with WRONGTYPE while the rate limiter (other keys) keeps working.
      const metaKey = `${PREFIX}:executions:meta`;
      const saved = await redis.hgetall(metaKey);
      await redis.del(metaKey);
      await redis.set(metaKey, 'broken');
      let accepted: Response;
      let retry: Response;
      try {
        accepted = await deliver(hook, '{"a":1,"b":2}', { 'idempotency-key': 'evt-1' });
        retry = await deliver(hook, '{"a":1,"b":2}', { 'idempotency-key': 'evt-1' });
        expect(accepted.status).toBe(202);
        const [queued] = await executionsOf(hook.workflowId);
        expect(queued).toMatchObject({ status: 'queued', error: null });
      } finally {
        await redis.del(metaKey);
        if (Object.keys(saved).length > 0) await redis.hset(metaKey, saved);
      }
      const { executionId } = (await accepted.json()) as { executionId: string };
      // The sender retried while it waited: the same execution, nothing new.
      expect(retry.status).toBe(202);
      expect(await retry.json()).toEqual({ executionId, duplicate: true });
      // The web's retrier queues the wake-up once Redis takes it (well before the reconciler's 30 s grace).
      const prisma = testDb();
      expect(
        await waitForExecution(
          async () => (await prisma.execution.findUnique({ where: { id: executionId } }))?.status,
          {
            timeoutMs: 15_000,
          },
        ),
      ).toBe('succeeded');
      expect(await executionsOf(hook.workflowId)).toHaveLength(1);
    },
  );
});

describe('the peer address cannot be forged', () => {
  it('an x-weft-peer-ip header without the server’s proof is ignored: an allowlisted hook refuses it', async () => {
    const hook = await workflowWithWebhook(sumAndBranch, { ipAllowlist: ['198.51.100.0/24'] });
    expect((await deliver(hook, '{}', { 'x-weft-peer-ip': '198.51.100.20' })).status).toBe(403);
    expect((await deliver(hook, '{}', { 'x-weft-peer-ip': 'guessed-proof 198.51.100.20' })).status).toBe(403);
    expect((await deliver(hook, '{}', peerHeader('198.51.100.20'))).status).toBe(202);
    expect(await executionsOf(hook.workflowId)).toHaveLength(1);
  });
});

describe('signatures cover the raw bytes', () => {
  it('a JSON body with a UTF-8 BOM verifies and parses', async () => {
    const hook = await workflowWithWebhook(sumAndBranch);
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('{"a":7,"b":5}')]);
    const res = await deliver(hook, bytes);
    expect(res.status).toBe(202);
    const [e] = await executionsOf(hook.workflowId);
    expect((e!.triggerData as { body: unknown }).body).toEqual({ a: 7, b: 5 });
  });

  it('a non-UTF-8 text body verifies; its text arrives with replacement characters', async () => {
    const hook = await workflowWithWebhook(sumAndBranch);
    const latin1 = new Uint8Array([0x63, 0x61, 0x66, 0xe9]); // "café" in ISO-8859-1
    const res = await deliver(hook, latin1, { 'content-type': 'text/plain; charset=iso-8859-1' });
    expect(res.status).toBe(202);
    const [e] = await executionsOf(hook.workflowId);
    expect((e!.triggerData as { body: unknown }).body).toBe('caf\uFFFD');
  });

  it('a non-UTF-8 JSON body is a 400 naming the body (after the signature passed)', async () => {
    const hook = await workflowWithWebhook(sumAndBranch);
    const res = await deliver(hook, new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { message: string; details: Array<{ path: string }> } };
    expect(body.error.message).toMatch(/UTF-8/);
    expect(body.error.details).toEqual([{ path: 'body', message: 'is not valid UTF-8' }]);
    expect(await executionsOf(hook.workflowId)).toHaveLength(0);
  });
});

describe('what view-only members and the execution API do not see', () => {
  it('a member with only the view grant gets no webhook token or URL; one with execute does', async () => {
    const hook = await workflowWithWebhook(sumAndBranch);
    const prisma = testDb();
    const viewer = await createUserWithSession('member', 'sec-viewer');
    const runner = await createUserWithSession('member', 'sec-runner');
    await prisma.workflowPermission.createMany({
      data: [
        {
          workflowId: hook.workflowId,
          userId: viewer.user.id,
          canView: true,
          canEdit: false,
          canDelete: false,
          canExecute: false,
        },
        {
          workflowId: hook.workflowId,
          userId: runner.user.id,
          canView: true,
          canEdit: false,
          canDelete: false,
          canExecute: true,
        },
      ],
    });
    const list = async (cookie: string) =>
      (
        (await (
          await webhooksRoute.GET(
            request(`/api/workflows/${hook.workflowId}/webhooks`, { cookie }),
            routeParams({ id: hook.workflowId }),
          )
        ).json()) as { items: Array<{ id: string; token: string | null; url: string | null }> }
      ).items;
    const seenByViewer = await list(viewer.cookie);
    expect(seenByViewer).toHaveLength(1);
    expect(seenByViewer[0]).toMatchObject({ id: hook.id, token: null, url: null });
    expect(JSON.stringify(seenByViewer)).not.toContain(hook.token);
    expect((await list(runner.cookie))[0]).toMatchObject({
      token: hook.token,
      url: expect.stringContaining(hook.token),
    });
  });

  it('a failed step’s error carries code and message but no stack, in the execution API', async () => {
    const def = {
      name: 'Fails',
      nodes: [node('start', 'trigger'), node('boom', 'transform', { fields: { x: '{{ $undefinedFunction() }}' } })],
      edges: [{ id: 'e1', source: 'start', target: 'boom' }],
    };
    const hook = await workflowWithWebhook(def);
    const { executionId } = (await (await deliver(hook, '{}')).json()) as { executionId: string };
    const prisma = testDb();
    expect(
      await waitForExecution(async () => (await prisma.execution.findUnique({ where: { id: executionId } }))?.status),
    ).toBe('failed');
    const detail = (await (
      await executionRoute.GET(
        request(`/api/executions/${executionId}`, { cookie: owner.cookie }),
        routeParams({ id: executionId }),
      )
    ).json()) as {
      error: Record<string, unknown>;
      steps: Array<{ nodeId: string; error: Record<string, unknown> | null }>;
    };
    const step = detail.steps.find((s) => s.nodeId === 'boom')!;
    expect(step.error).toMatchObject({ code: expect.any(String), message: expect.any(String) });
    expect(step.error).not.toHaveProperty('stack');
    expect(detail.error).not.toHaveProperty('stack');
    const stored = await prisma.executionStep.findFirst({ where: { executionId, nodeId: 'boom' } });
    expect(stored!.error).not.toHaveProperty('stack');
  });
});
