import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as webhookRoute from '../src/app/api/webhooks/[id]/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
let member: { cookie: string };
let workflowId: string;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'wh-owner');
  member = await createUserWithSession('member', 'wh-member');
  const res = await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }));
  workflowId = ((await res.json()) as { id: string }).id;
});

afterAll(() => disposeServices());

const create = (body: unknown, cookie = owner.cookie) =>
  webhooksRoute.POST(
    request(`/api/workflows/${workflowId}/webhooks`, { body, cookie }),
    routeParams({ id: workflowId }),
  );

describe('webhook CRUD', () => {
  it('creates with SPEC defaults, shows the secret once and stores it encrypted', async () => {
    const res = await create({});
    expect(res.status).toBe(201);
    const w = (await res.json()) as Record<string, unknown> & {
      id: string;
      token: string;
      secret: string;
      url: string;
    };
    expect(w).toMatchObject({
      enabled: true,
      requireSignature: true,
      ipAllowlist: [],
      rateLimitMax: 60,
      rateLimitWindowSec: 60,
      responseMode: 'async',
      syncTimeoutMs: 30000,
      triggerCount: 0,
    });
    expect(w.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(w.url).toBe(`http://localhost:3000/api/hooks/${w.token}`);
    const row = await testDb().webhook.findUniqueOrThrow({ where: { id: w.id } });
    expect(row.secretEncrypted).not.toContain(w.secret);
    expect(getServices().secrets.open(row.secretEncrypted)).toBe(w.secret);

    const list = (await (
      await webhooksRoute.GET(
        request(`/api/workflows/${workflowId}/webhooks`, { cookie: owner.cookie }),
        routeParams({ id: workflowId }),
      )
    ).json()) as { items: Array<Record<string, unknown>> };
    const listed = list.items.find((i) => i.id === w.id)!;
    expect(listed).toBeDefined();
    expect(listed.secret).toBeUndefined();
    const audit = await testDb().auditEvent.findFirst({
      where: { targetId: w.id, action: 'webhook.create' },
    });
    expect(audit).not.toBeNull();
  });

  it('updates settings, normalises the allowlist, and rotates the secret keeping the old one for 24 h', async () => {
    const { id, secret } = (await (await create({ responseMode: 'sync' })).json()) as { id: string; secret: string };
    const patch = (body: unknown) =>
      webhookRoute.PATCH(
        request(`/api/webhooks/${id}`, { method: 'PATCH', body, cookie: owner.cookie }),
        routeParams({ id }),
      );
    const updated = await patch({ ipAllowlist: ['10.0.0.1', '2001:db8::/32'], rateLimitMax: 5, enabled: false });
    expect(updated.status).toBe(200);
    expect(await updated.json()).toMatchObject({
      ipAllowlist: ['10.0.0.1/32', '2001:db8::/32'],
      rateLimitMax: 5,
      enabled: false,
      responseMode: 'sync',
    });

    const rotated = (await (await patch({ rotateSecret: true })).json()) as {
      secret: string;
      secretRotatingUntil: string;
    };
    expect(rotated.secret).not.toBe(secret);
    expect(new Date(rotated.secretRotatingUntil).getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);
    const row = await testDb().webhook.findUniqueOrThrow({ where: { id } });
    expect(getServices().secrets.open(row.previousSecretEncrypted!)).toBe(secret);
  });

  it('rejects bad settings naming the field, and stores nothing', async () => {
    const before = await testDb().webhook.count();
    const cases: Array<[unknown, string]> = [
      [{ ipAllowlist: ['10.0.0.0/8', 'not-an-ip'] }, 'body.ipAllowlist'],
      [{ rateLimitMax: 0 }, 'body.rateLimitMax'],
      [{ responseMode: 'later' }, 'body.responseMode'],
      [{ syncTimeoutMs: 'soon' }, 'body.syncTimeoutMs'],
      [{ secret: 'mine' }, 'body.secret'],
    ];
    for (const [body, path] of cases) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).details?.[0]?.path).toBe(path);
    }
    expect(await testDb().webhook.count()).toBe(before);
  });

  it('hides webhooks of workflows the caller may not view, and deletes', async () => {
    const { id } = (await (await create({})).json()) as { id: string };
    expect((await create({}, member.cookie)).status).toBe(404);
    const patchAsMember = await webhookRoute.PATCH(
      request(`/api/webhooks/${id}`, { method: 'PATCH', body: { enabled: false }, cookie: member.cookie }),
      routeParams({ id }),
    );
    expect(patchAsMember.status).toBe(404);
    const del = await webhookRoute.DELETE(
      request(`/api/webhooks/${id}`, { method: 'DELETE', cookie: owner.cookie }),
      routeParams({ id }),
    );
    expect(del.status).toBe(204);
    expect(await testDb().webhook.findUnique({ where: { id } })).toBeNull();
    const missing = randomUUID();
    expect(
      (
        await webhookRoute.DELETE(
          request(`/api/webhooks/${missing}`, { method: 'DELETE', cookie: owner.cookie }),
          routeParams({ id: missing }),
        )
      ).status,
    ).toBe(404);
  });
});
