// Who may arm a trigger (issue 19, docs/access.md "Triggers start runs"): anything that hands out
// a way to start runs (a webhook's token or secret) or makes runs start on their own (a schedule
// enabled, a version activated) needs `execute` on the workflow as well as `edit` — and, for an
// API key or JWT, the `execute` scope as well as `write`. Turning things off needs only edit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('trigger-permissions');

import * as keysRoute from '../src/app/api/api-keys/route';
import * as workflowRoute from '../src/app/api/workflows/[id]/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as deactivateRoute from '../src/app/api/workflows/[id]/deactivate/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as webhookRoute from '../src/app/api/webhooks/[id]/route';
import * as schedulesRoute from '../src/app/api/workflows/[id]/schedules/route';
import * as scheduleRoute from '../src/app/api/schedules/[id]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { activateWorkflow, createWebhook, importWorkflow } from './webhooks';
import { testDb } from '../../../test/integration/db';

type Who = { cookie?: string; bearer?: string };
type Hook = { id: string; token: string | null; url: string | null; secret?: string; enabled: boolean };

let owner: Awaited<ReturnType<typeof createUserWithSession>>;
let editor: Awaited<ReturnType<typeof createUserWithSession>>;
let runner: Awaited<ReturnType<typeof createUserWithSession>>;
let editorOnly: Who;
let editorRunner: Who;
let ownerReadWrite: Who;
let ownerWriteExecute: Who;

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'trigger-owner');
  editor = await createUserWithSession('member', 'trigger-editor');
  runner = await createUserWithSession('member', 'trigger-editor-runner');
  editorOnly = { cookie: editor.cookie };
  editorRunner = { cookie: runner.cookie };
  const key = async (scopes: string[]) =>
    (
      (await (
        await keysRoute.POST(
          request('/api/api-keys', { body: { name: scopes.join('+'), scopes }, cookie: owner.cookie }),
        )
      ).json()) as { key: string }
    ).key;
  ownerReadWrite = { bearer: await key(['read', 'write']) };
  ownerWriteExecute = { bearer: await key(['write', 'execute']) };
});

afterAll(async () => {
  await testDb().schedule.deleteMany({});
  await disposeServices();
});

/**
 * A workflow (active unless told) with an enabled and a disabled webhook and schedule; the editor may edit, the
 * runner may edit and execute.
 */
async function fixture({ active = true } = {}) {
  const prisma = testDb();
  const wf = await importWorkflow(owner);
  if (active) await activateWorkflow(owner, wf);
  const hook = async (enabled: boolean) => {
    const created = await createWebhook(owner, wf);
    if (!enabled) await prisma.webhook.update({ where: { id: created.id }, data: { enabled: false } });
    return created.id;
  };
  const schedule = async (enabled: boolean) =>
    (
      (await (
        await schedulesRoute.POST(
          request(`/api/workflows/${wf}/schedules`, { body: { cron: '0 0 1 1 *', enabled }, cookie: owner.cookie }),
          routeParams({ id: wf }),
        )
      ).json()) as { id: string }
    ).id;
  await prisma.workflowPermission.create({
    data: { workflowId: wf, userId: editor.user.id, canView: true, canEdit: true },
  });
  await prisma.workflowPermission.create({
    data: { workflowId: wf, userId: runner.user.id, canView: true, canEdit: true, canExecute: true },
  });
  return {
    wf,
    onHook: await hook(true),
    offHook: await hook(false),
    onSchedule: await schedule(true),
    offSchedule: await schedule(false),
  };
}

const createHook = (who: Who, wf: string) =>
  webhooksRoute.POST(request(`/api/workflows/${wf}/webhooks`, { body: {}, ...who }), routeParams({ id: wf }));
const createSchedule = (who: Who, wf: string) =>
  schedulesRoute.POST(
    request(`/api/workflows/${wf}/schedules`, { body: { cron: '*/5 * * * *' }, ...who }),
    routeParams({ id: wf }),
  );
const activate = (who: Who, wf: string) =>
  activateRoute.POST(request(`/api/workflows/${wf}/activate`, { body: {}, ...who }), routeParams({ id: wf }));
const patchHook = (who: Who, id: string, body: object) =>
  webhookRoute.PATCH(request(`/api/webhooks/${id}`, { method: 'PATCH', body, ...who }), routeParams({ id }));
const patchSchedule = (who: Who, id: string, body: object) =>
  scheduleRoute.PATCH(request(`/api/schedules/${id}`, { method: 'PATCH', body, ...who }), routeParams({ id }));
const listHooks = async (who: Who, wf: string) =>
  (
    (await (
      await webhooksRoute.GET(request(`/api/workflows/${wf}/webhooks`, who), routeParams({ id: wf }))
    ).json()) as { items: Hook[] }
  ).items;
const workflowOf = async (who: Who, wf: string) =>
  (await (await workflowRoute.GET(request(`/api/workflows/${wf}`, who), routeParams({ id: wf }))).json()) as {
    can: Record<string, boolean>;
    activeVersion: number | null;
  };

describe('a member with edit but not execute', () => {
  it('may not create a webhook, create a schedule or activate a version: 403 naming execute, nothing written', async () => {
    const prisma = testDb();
    const f = await fixture({ active: false });
    for (const [what, res] of [
      ['webhook', await createHook(editorOnly, f.wf)],
      ['schedule', await createSchedule(editorOnly, f.wf)],
      ['activate', await activate(editorOnly, f.wf)],
    ] as const) {
      expect(res.status, what).toBe(403);
      expect((await errorOf(res)).message, what).toBe(
        'You may not execute this workflow (this needs edit and execute)',
      );
    }
    expect(await prisma.webhook.count({ where: { workflowId: f.wf } })).toBe(2);
    expect(await prisma.schedule.count({ where: { workflowId: f.wf } })).toBe(2);
    expect((await prisma.workflow.findUniqueOrThrow({ where: { id: f.wf } })).activeVersion).toBeNull();
  });

  it('may not rotate or paste a webhook secret, nor enable a webhook or a schedule: 403 naming the field, nothing changed', async () => {
    const prisma = testDb();
    const f = await fixture();
    const before = await prisma.webhook.findUniqueOrThrow({ where: { id: f.onHook } });
    const refusals: Array<[string, Response, string]> = [
      ['rotate', await patchHook(editorOnly, f.onHook, { rotateSecret: true }), 'body.rotateSecret'],
      ['paste', await patchHook(editorOnly, f.onHook, { secret: 'a pasted secret of mine' }), 'body.secret'],
      ['enable webhook', await patchHook(editorOnly, f.offHook, { enabled: true }), 'body.enabled'],
      ['enable schedule', await patchSchedule(editorOnly, f.offSchedule, { enabled: true }), 'body.enabled'],
    ];
    for (const [what, res, path] of refusals) {
      expect(res.status, what).toBe(403);
      const error = await errorOf(res);
      expect(error.message, what).toMatch(/needs execute on this workflow as well as edit/);
      expect(error.details?.[0]?.path, what).toBe(path);
    }
    const after = await prisma.webhook.findUniqueOrThrow({ where: { id: f.onHook } });
    expect(after.secretEncrypted).toBe(before.secretEncrypted);
    expect(after.previousSecretEncrypted).toBeNull();
    expect((await prisma.webhook.findUniqueOrThrow({ where: { id: f.offHook } })).enabled).toBe(false);
    expect((await prisma.schedule.findUniqueOrThrow({ where: { id: f.offSchedule } })).enabled).toBe(false);
  });

  it('may change other settings, turn triggers off and deactivate — and never sees a token or URL', async () => {
    const f = await fixture();
    const changed = await patchHook(editorOnly, f.onHook, { rateLimitMax: 10 });
    expect(changed.status).toBe(200);
    expect(await changed.json()).toMatchObject({ rateLimitMax: 10, token: null, url: null });
    // Sending the value it already has arms nothing.
    expect((await patchHook(editorOnly, f.onHook, { enabled: true })).status).toBe(200);
    expect((await patchHook(editorOnly, f.onHook, { enabled: false })).status).toBe(200);
    expect((await patchSchedule(editorOnly, f.onSchedule, { cron: '0 0 2 1 *' })).status).toBe(200);
    expect((await patchSchedule(editorOnly, f.onSchedule, { enabled: false })).status).toBe(200);
    expect(
      (
        await deactivateRoute.POST(
          request(`/api/workflows/${f.wf}/deactivate`, { method: 'POST', ...editorOnly }),
          routeParams({ id: f.wf }),
        )
      ).status,
    ).toBe(200);
    expect((await listHooks(editorOnly, f.wf)).map((h) => [h.token, h.url])).toEqual([
      [null, null],
      [null, null],
    ]);
  });

  it('is told so on the workflow: can.edit true, can.execute false', async () => {
    const f = await fixture();
    expect((await workflowOf(editorOnly, f.wf)).can).toEqual({ edit: true, delete: false, execute: false });
    expect((await workflowOf(editorRunner, f.wf)).can).toEqual({ edit: true, delete: false, execute: true });
    expect((await workflowOf({ cookie: owner.cookie }, f.wf)).can).toEqual({ edit: true, delete: true, execute: true });
  });
});

describe('a member with edit and execute', () => {
  it('may do all of it, and sees the token and the secret', async () => {
    const f = await fixture({ active: false });
    const hook = await createHook(editorRunner, f.wf);
    expect(hook.status).toBe(201);
    expect(await hook.json()).toMatchObject({
      token: expect.any(String),
      url: expect.stringContaining('/api/hooks/'),
      secret: expect.any(String),
    });
    expect((await createSchedule(editorRunner, f.wf)).status).toBe(201);
    expect((await activate(editorRunner, f.wf)).status).toBe(200);
    const rotated = await patchHook(editorRunner, f.onHook, { rotateSecret: true });
    expect(rotated.status).toBe(200);
    expect(await rotated.json()).toMatchObject({ secret: expect.any(String), token: expect.any(String) });
    expect((await patchHook(editorRunner, f.offHook, { enabled: true })).status).toBe(200);
    expect((await patchSchedule(editorRunner, f.offSchedule, { enabled: true })).status).toBe(200);
  });
});

describe('an API key with write but not execute (the owner’s)', () => {
  it('may not arm a trigger: 403 naming the execute scope, nothing written', async () => {
    const prisma = testDb();
    const f = await fixture({ active: false });
    const refusals: Array<[string, Response]> = [
      ['webhook', await createHook(ownerReadWrite, f.wf)],
      ['schedule', await createSchedule(ownerReadWrite, f.wf)],
      ['activate', await activate(ownerReadWrite, f.wf)],
      ['rotate', await patchHook(ownerReadWrite, f.onHook, { rotateSecret: true })],
      ['enable webhook', await patchHook(ownerReadWrite, f.offHook, { enabled: true })],
      ['enable schedule', await patchSchedule(ownerReadWrite, f.offSchedule, { enabled: true })],
    ];
    for (const [what, res] of refusals) {
      expect(res.status, what).toBe(403);
      expect((await errorOf(res)).message, what).toMatch(
        /^This API key lacks the execute scope \(it has: read, write\)/,
      );
    }
    expect(await prisma.webhook.count({ where: { workflowId: f.wf } })).toBe(2);
    expect(await prisma.schedule.count({ where: { workflowId: f.wf } })).toBe(2);
    expect((await prisma.workflow.findUniqueOrThrow({ where: { id: f.wf } })).activeVersion).toBeNull();
    expect((await prisma.webhook.findUniqueOrThrow({ where: { id: f.offHook } })).enabled).toBe(false);
  });

  it('reads webhooks without their tokens, and the workflow says can.execute false', async () => {
    const f = await fixture();
    expect((await listHooks(ownerReadWrite, f.wf)).map((h) => [h.token, h.url])).toEqual([
      [null, null],
      [null, null],
    ]);
    expect((await workflowOf(ownerReadWrite, f.wf)).can).toEqual({ edit: true, delete: true, execute: false });
  });

  it('with write and execute, creates a webhook and gets its token', async () => {
    const f = await fixture();
    const res = await createHook(ownerWriteExecute, f.wf);
    expect(res.status).toBe(201);
    expect(((await res.json()) as Hook).token).toEqual(expect.any(String));
  });
});
