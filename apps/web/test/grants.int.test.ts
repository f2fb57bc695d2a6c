// GET/PUT /api/workflows/:id/permissions (SPEC §7): grants replace, need edit, and never give
// (or take away) more than the granter holds.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as permissionsRoute from '../src/app/api/workflows/[id]/permissions/route';
import * as runRoute from '../src/app/api/workflows/[id]/run/route';
import * as workflowRoute from '../src/app/api/workflows/[id]/route';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

type U = Awaited<ReturnType<typeof createUserWithSession>>;
let owner: U;
let ann: U;
let bob: U;
let cy: U;
beforeAll(async () => {
  owner = await createUserWithSession('owner', 'grants-owner');
  ann = await createUserWithSession('member', 'grants-ann');
  bob = await createUserWithSession('member', 'grants-bob');
  cy = await createUserWithSession('member', 'grants-cy');
});
afterAll(() => disposeServices());

const none = { canView: false, canEdit: false, canDelete: false, canExecute: false };
async function workflow(): Promise<string> {
  return (
    (await (
      await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }))
    ).json()) as { id: string }
  ).id;
}
const put = (wf: string, grants: unknown[], cookie = owner.cookie) =>
  permissionsRoute.PUT(
    request(`/api/workflows/${wf}/permissions`, { method: 'PUT', body: { grants }, cookie }),
    routeParams({ id: wf }),
  );
const get = (wf: string, cookie = owner.cookie) =>
  permissionsRoute.GET(request(`/api/workflows/${wf}/permissions`, { cookie }), routeParams({ id: wf }));

describe('workflow grants', () => {
  it('replaces the grants, shows who has access, and an execute-only grant can run but not edit', async () => {
    const wf = await workflow();
    const res = await put(wf, [{ userId: ann.user.id, ...none, canExecute: true }]);
    expect(res.status).toBe(200);
    const shown = (await (await get(wf)).json()) as { creator: { id: string }; items: Array<Record<string, unknown>> };
    expect(shown.creator.id).toBe(owner.user.id);
    expect(shown.items).toEqual([
      expect.objectContaining({ userId: ann.user.id, email: ann.email, canExecute: true, canEdit: false }),
    ]);
    expect(
      (
        await runRoute.POST(
          request(`/api/workflows/${wf}/run`, { body: { input: { a: 1, b: 2 } }, cookie: ann.cookie }),
          routeParams({ id: wf }),
        )
      ).status,
    ).toBe(202);
    const save = await workflowRoute.PUT(
      request(`/api/workflows/${wf}`, { method: 'PUT', body: { definition: sumAndBranch }, cookie: ann.cookie }),
      routeParams({ id: wf }),
    );
    expect(save.status).toBe(403);
    expect((await get(wf, ann.cookie)).status).toBe(200);
    expect(await testDb().auditEvent.count({ where: { action: 'workflow.permissions', targetId: wf } })).toBe(1);

    // Replace: ann's grant goes, bob's comes.
    await put(wf, [{ userId: bob.user.id, ...none, canView: true }]);
    expect(
      (await workflowRoute.GET(request(`/api/workflows/${wf}`, { cookie: ann.cookie }), routeParams({ id: wf })))
        .status,
    ).toBe(404);
    expect(
      (await workflowRoute.GET(request(`/api/workflows/${wf}`, { cookie: bob.cookie }), routeParams({ id: wf })))
        .status,
    ).toBe(200);
  });

  it('a member with edit can grant what they hold, not more, and cannot take away what they lack', async () => {
    const wf = await workflow();
    await put(wf, [
      { userId: ann.user.id, ...none, canEdit: true },
      { userId: cy.user.id, ...none, canDelete: true },
    ]);
    const keepCy = { userId: cy.user.id, ...none, canDelete: true };
    const ok = await put(
      wf,
      [
        { userId: ann.user.id, ...none, canEdit: true },
        keepCy,
        { userId: bob.user.id, ...none, canView: true, canEdit: true },
      ],
      ann.cookie,
    );
    expect(ok.status).toBe(200);
    const more = await put(
      wf,
      [{ userId: ann.user.id, ...none, canEdit: true }, keepCy, { userId: bob.user.id, ...none, canExecute: true }],
      ann.cookie,
    );
    expect(more.status).toBe(403);
    expect((await errorOf(more)).details).toEqual([
      {
        path: 'body.grants.2.canExecute',
        message: "can't be changed by you: you don't have canExecute on this workflow",
      },
    ]);
    const dropCy = await put(wf, [{ userId: ann.user.id, ...none, canEdit: true }], ann.cookie);
    expect(dropCy.status).toBe(403);
    expect(await testDb().workflowPermission.count({ where: { workflowId: wf } })).toBe(3);
  });

  it('names bad entries and writes nothing', async () => {
    const wf = await workflow();
    await put(wf, [{ userId: ann.user.id, ...none, canView: true }]);
    const cases: Array<[unknown[], string, RegExp]> = [
      [[{ userId: randomUUID(), ...none }], 'body.grants.0.userId', /not a user/],
      [
        [
          { userId: ann.user.id, ...none },
          { userId: ann.user.id, ...none },
        ],
        'body.grants.1.userId',
        /twice/,
      ],
      [[{ userId: owner.user.id, ...none, canView: true }], 'body.grants.0.userId', /creator/],
      [[{ userId: ann.user.id, canView: true }], 'body.grants.0.canEdit', /required/],
      [[{ userId: 'ann', ...none }], 'body.grants.0.userId', /user id/],
    ];
    for (const [grants, path, message] of cases) {
      const res = await put(wf, grants);
      expect(res.status, JSON.stringify(grants)).toBe(400);
      expect((await errorOf(res)).details?.[0]).toMatchObject({ path, message: expect.stringMatching(message) });
    }
    expect(await testDb().workflowPermission.findMany({ where: { workflowId: wf } })).toEqual([
      expect.objectContaining({ userId: ann.user.id, canView: true }),
    ]);
  });

  it('a view-only member may see who has access but not change it; without a grant it is 404', async () => {
    const wf = await workflow();
    await put(wf, [{ userId: ann.user.id, ...none, canView: true }]);
    expect((await get(wf, ann.cookie)).status).toBe(200);
    expect((await put(wf, [], ann.cookie)).status).toBe(403);
    expect((await get(wf, bob.cookie)).status).toBe(404);
    expect((await put(wf, [], bob.cookie)).status).toBe(404);
  });
});
