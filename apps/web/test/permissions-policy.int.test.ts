// One policy for a workflow and for a list of them: what a member may view on its own is
// exactly what the lists show (a grant with every flag off used to be listed, then 404).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as workflowsRoute from '../src/app/api/workflows/route';
import * as workflowRoute from '../src/app/api/workflows/[id]/route';
import * as executionsRoute from '../src/app/api/executions/route';
import { PgExecutionCreator } from '@weft/db';
import { WorkflowDefinition } from '@weft/engine';
import { newExecutionState } from '@weft/engine/adapter';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

let owner: { cookie: string };
afterAll(() => disposeServices());
beforeAll(async () => {
  owner = await createUserWithSession('owner', 'policy-owner');
});

async function workflowWithRun(): Promise<string> {
  const { id } = (await (
    await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }))
  ).json()) as { id: string };
  const v = await testDb().workflowVersion.findFirstOrThrow({ where: { workflowId: id } });
  await new PgExecutionCreator(getServices().pool).createExecution({
    workflowId: id,
    workflowVersionId: v.id,
    version: 1,
    trigger: 'manual',
    triggerData: {},
    state: newExecutionState(WorkflowDefinition.parse(v.definition)),
  });
  return id;
}

async function sees(cookie: string, workflowId: string) {
  const list = (await (await workflowsRoute.GET(request('/api/workflows?limit=500', { cookie }))).json()) as {
    items: Array<{ id: string }>;
  };
  const runs = (await (await executionsRoute.GET(request('/api/executions?limit=500', { cookie }))).json()) as {
    items: Array<{ workflowId: string }>;
  };
  const one = await workflowRoute.GET(
    request(`/api/workflows/${workflowId}`, { cookie }),
    routeParams({ id: workflowId }),
  );
  return {
    listed: list.items.some((w) => w.id === workflowId),
    runsListed: runs.items.some((e) => e.workflowId === workflowId),
    status: one.status,
  };
}

describe('workflow visibility: one policy for one workflow and for lists', () => {
  it.each([
    [{ canView: false, canEdit: false, canDelete: false, canExecute: false }, false],
    [{ canView: true, canEdit: false, canDelete: false, canExecute: false }, true],
    [{ canView: false, canEdit: false, canDelete: false, canExecute: true }, true],
    [{ canView: false, canEdit: true, canDelete: false, canExecute: false }, true],
  ])(
    'grant %j: visible = %s, in the workflow list, the executions list and on its own alike',
    async (grant, visible) => {
      const member = await createUserWithSession('member', 'policy-member');
      const wf = await workflowWithRun();
      await testDb().workflowPermission.create({
        data: { workflowId: wf, userId: member.user.id, ...grant },
      });
      expect(await sees(member.cookie, wf)).toEqual({
        listed: visible,
        runsListed: visible,
        status: visible ? 200 : 404,
      });
    },
  );

  it('without a grant nothing shows; the owner sees everything', async () => {
    const member = await createUserWithSession('member', 'policy-none');
    const wf = await workflowWithRun();
    expect(await sees(member.cookie, wf)).toEqual({ listed: false, runsListed: false, status: 404 });
    expect(await sees(owner.cookie, wf)).toEqual({ listed: true, runsListed: true, status: 200 });
  });
});
