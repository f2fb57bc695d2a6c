// The workflow, version, grant and resource-access use cases on the in-memory store (@weft/db/memory):
// who gets 404 or 403, which field a bad request names, what is audited, and that nothing is
// half-written when a step fails.
import type { Role } from '@weft/db';
import { createMemoryStore, newId } from '@weft/db/memory';
import type { WorkflowDefinition } from '@weft/engine';
import { describe, expect, it } from 'vitest';
import type { AuthUser } from '@/server/auth/auth-user';
import { assertResource } from '@/server/auth/resource-access';
import { ApiError } from '@/server/http/errors';
import type { Timers } from '@/server/schedules/timers';
import { emptyDefinition } from '@/server/workflows/definition-input';
import { listGrants, putGrants } from '@/server/workflows/grants';
import {
  activateWorkflow,
  createWorkflow,
  deleteWorkflow,
  exportWorkflow,
  getVersion,
  getWorkflow,
  listVersions,
  listWorkflows,
  saveWorkflow,
} from '@/server/workflows/workflows';

type MemoryStore = ReturnType<typeof createMemoryStore>;
const NO_FLAGS = { canView: false, canEdit: false, canDelete: false, canExecute: false };

function person(store: MemoryStore, role: Role = 'member'): AuthUser {
  const now = new Date();
  const id = newId();
  const row = { id, email: `${id}@example.test`, name: `user ${id.slice(-4)}`, role };
  store.tables.users.set(id, { ...row, passwordHash: 'x', deactivatedAt: null, createdAt: now, updatedAt: now });
  return { ...row, via: 'session' };
}

const input = (name: string, definition: WorkflowDefinition = emptyDefinition(name)) => ({ definition, warnings: [] });

/** Timers that record what was asked, or fail like an unreachable Redis. */
function fakeTimers(fail = false) {
  const calls: string[] = [];
  const timers: Timers = {
    set: async (s) => {
      if (fail) throw new Error('redis down');
      calls.push(`set ${s.id}`);
    },
    remove: async (id) => {
      if (fail) throw new Error('redis down');
      calls.push(`remove ${id}`);
    },
  };
  return { timers, calls };
}

async function errorOf(p: Promise<unknown>): Promise<ApiError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

async function setup() {
  const store = createMemoryStore();
  const creator = person(store);
  const member = person(store);
  const wf = await createWorkflow(store, creator, input('Orders'), '10.0.0.1');
  const grant = (flags: Partial<typeof NO_FLAGS>) =>
    store.workflows.replaceGrants(wf.id, [{ userId: member.id, ...NO_FLAGS, ...flags }]);
  const actions = () => [...store.tables.audit.values()].map((a) => a.action);
  return { store, creator, member, wf, grant, actions };
}

describe('workflow use cases', () => {
  it('creates version 1 with everything allowed for its creator, and audits it', async () => {
    const { store, creator, wf, actions } = await setup();
    expect(wf).toMatchObject({ name: 'Orders', latestVersion: 1, activeVersion: null, createdById: creator.id });
    expect(wf.can).toEqual({ edit: true, delete: true, execute: true });
    expect(await getWorkflow(store, creator, wf.id)).toMatchObject({ definition: { name: 'Orders' } });
    expect(actions()).toEqual(['workflow.create']);
    expect([...store.tables.audit.values()][0]).toMatchObject({ targetId: wf.id, ip: '10.0.0.1' });
  });

  it('hides a workflow from a member without a grant (404) and refuses what a view grant does not allow (403)', async () => {
    const { store, member, wf, grant, actions } = await setup();
    expect((await errorOf(getWorkflow(store, member, wf.id))).status).toBe(404);
    expect((await errorOf(saveWorkflow(store, member, wf.id, input('x'), null))).status).toBe(404);
    expect((await listWorkflows(store, member, { limit: 10 })).items).toEqual([]);

    await grant({ canView: true });
    expect((await getWorkflow(store, member, wf.id)).can).toEqual({ edit: false, delete: false, execute: false });
    const refused = await errorOf(saveWorkflow(store, member, wf.id, input('x'), null));
    expect(refused).toMatchObject({ status: 403, message: 'You may not edit this workflow' });
    expect((await errorOf(deleteWorkflow(store, fakeTimers().timers, member, wf.id, null))).status).toBe(403);
    expect((await listWorkflows(store, member, { limit: 10 })).items.map((w) => w.id)).toEqual([wf.id]);
    expect(actions()).toEqual(['workflow.create']);
  });

  it('saves versions n+1 keeping the description unless given, and lists them newest first', async () => {
    const { store, creator, wf, actions } = await setup();
    await saveWorkflow(store, creator, wf.id, { ...input('Orders v2'), description: 'kept' }, null);
    const third = await saveWorkflow(store, creator, wf.id, { ...input('Orders v3'), message: 'third' }, null);
    expect(third).toMatchObject({ name: 'Orders v3', description: 'kept', latestVersion: 3 });
    const page = await listVersions(store, creator, wf.id, { limit: 2 });
    expect(page.items.map((v) => [v.version, v.message])).toEqual([
      [3, 'third'],
      [2, null],
    ]);
    expect(await getVersion(store, creator, wf.id, 1)).toMatchObject({ version: 1, definition: { name: 'Orders' } });
    expect(await exportWorkflow(store, creator, wf.id)).toMatchObject({ name: 'Orders v3' });
    expect(await errorOf(getVersion(store, creator, wf.id, 9))).toMatchObject({
      status: 404,
      message: 'Version 9 of this workflow does not exist',
    });
    expect(actions()).toEqual(['workflow.create', 'workflow.update', 'workflow.update']);
  });

  it('lists each workflow with its newest execution', async () => {
    const { store, creator, wf } = await setup();
    const version = (await store.workflows.findVersion(wf.id, 1))!;
    const run = (status: 'queued' | 'failed') => {
      const id = newId();
      store.tables.executions.set(id, {
        id,
        workflowId: wf.id,
        workflowVersionId: version.id,
        status,
        createdAt: new Date(),
      } as never);
      return id;
    };
    run('failed');
    const newest = run('queued');
    const other = await createWorkflow(store, creator, input('Idle'), null);
    const listed = await listWorkflows(store, creator, { limit: 10 });
    expect(listed.items.map((w) => [w.id, w.lastExecution?.id ?? null, w.lastExecution?.status ?? null])).toEqual([
      [other.id, null, null],
      [wf.id, newest, 'queued'],
    ]);
    expect((await listWorkflows(store, creator, { limit: 10, search: 'IDL' })).items.map((w) => w.id)).toEqual([
      other.id,
    ]);
  });

  it('activation needs edit and execute, names a missing version, and arms the schedules', async () => {
    const { store, creator, member, wf, grant } = await setup();
    await grant({ canEdit: true });
    const { timers, calls } = fakeTimers();
    expect(await errorOf(activateWorkflow(store, timers, member, wf.id, undefined, null))).toMatchObject({
      status: 403,
      message: 'You may not execute this workflow',
    });
    const missing = await errorOf(activateWorkflow(store, timers, creator, wf.id, 2, null));
    expect(missing).toMatchObject({
      status: 400,
      details: [{ path: 'body.version', message: 'must be between 1 and 1' }],
    });

    const scheduleId = newId();
    store.tables.schedules.set(scheduleId, {
      id: scheduleId,
      workflowId: wf.id,
      enabled: true,
      cron: '* * * * *',
      timezone: 'UTC',
    } as never);
    // Redis down after the row was set: the activation rolls back.
    expect((await errorOf(activateWorkflow(store, fakeTimers(true).timers, creator, wf.id, 1, null))).status).toBe(503);
    expect((await getWorkflow(store, creator, wf.id)).activeVersion).toBeNull();
    expect(await activateWorkflow(store, timers, creator, wf.id, undefined, null)).toMatchObject({ activeVersion: 1 });
    expect(calls).toEqual([`set ${scheduleId}`]);
  });

  it('a delete whose timer removal fails (Redis down) keeps the workflow and audits nothing', async () => {
    const { store, creator, wf, actions } = await setup();
    const scheduleId = newId();
    store.tables.schedules.set(scheduleId, { id: scheduleId, workflowId: wf.id } as never);
    const err = await errorOf(deleteWorkflow(store, fakeTimers(true).timers, creator, wf.id, null));
    expect(err.status).toBe(503);
    expect(await store.workflows.findWithGrant(wf.id, creator.id)).not.toBeNull();
    expect(actions()).toEqual(['workflow.create']);

    await deleteWorkflow(store, fakeTimers().timers, creator, wf.id, null);
    expect(await store.workflows.findWithGrant(wf.id, creator.id)).toBeNull();
    expect(store.tables.schedules.has(scheduleId)).toBe(false);
    expect(actions()).toEqual(['workflow.create', 'workflow.delete']);
  });
});

describe('grant use cases', () => {
  it('replaces the grants, audits who was removed, and lists the creator and each grantee', async () => {
    const { store, creator, member, wf, grant, actions } = await setup();
    const other = person(store);
    await grant({ canView: true });
    const result = await putGrants(
      store,
      creator,
      wf.id,
      { grants: [{ userId: other.id, ...NO_FLAGS, canExecute: true }] },
      null,
    );
    expect(result).toEqual(await listGrants(store, wf.id));
    expect(result.creator).toEqual({ id: creator.id, email: creator.email, name: creator.name });
    expect(result.items).toEqual([
      { userId: other.id, email: other.email, name: other.name, role: 'member', ...NO_FLAGS, canExecute: true },
    ]);
    const audit = [...store.tables.audit.values()].at(-1)!;
    expect(actions().at(-1)).toBe('workflow.permissions');
    expect(audit.details).toMatchObject({ removed: [member.id] });
  });

  it('names each bad entry (400) and writes nothing', async () => {
    const { store, creator, member, wf, actions } = await setup();
    const err = await errorOf(
      putGrants(
        store,
        creator,
        wf.id,
        {
          grants: [
            { userId: member.id, ...NO_FLAGS },
            { userId: member.id, ...NO_FLAGS },
            { userId: newId(), ...NO_FLAGS },
            { userId: creator.id, ...NO_FLAGS },
          ],
        },
        null,
      ),
    );
    expect(err.status).toBe(400);
    expect(err.details).toEqual([
      { path: 'body.grants.1.userId', message: 'appears twice' },
      { path: 'body.grants.2.userId', message: 'is not a user' },
      { path: 'body.grants.3.userId', message: "is the workflow's creator, who has every permission" },
    ]);
    expect((await listGrants(store, wf.id)).items).toEqual([]);
    expect(actions()).toEqual(['workflow.create']);
  });

  it('a member with edit can neither give nor take away a flag they lack (403)', async () => {
    const { store, member, wf, grant } = await setup();
    const other = person(store);
    await store.workflows.replaceGrants(wf.id, [
      { userId: member.id, ...NO_FLAGS, canEdit: true },
      { userId: other.id, ...NO_FLAGS, canExecute: true },
    ]);
    const give = await errorOf(
      putGrants(
        store,
        member,
        wf.id,
        { grants: [{ userId: member.id, ...NO_FLAGS, canEdit: true, canDelete: true }] },
        null,
      ),
    );
    expect(give.status).toBe(403);
    expect(give.details).toContainEqual({
      path: 'body.grants.0.canDelete',
      message: "can't be changed by you: you don't have canDelete on this workflow",
    });
    expect(give.details).toContainEqual({
      path: 'body.grants',
      message: `must keep user ${other.id}: their grant has permissions you don't have`,
    });
    expect((await listGrants(store, wf.id)).items).toHaveLength(2);
    await grant({ canView: true });
    expect((await errorOf(putGrants(store, member, wf.id, { grants: [] }, null))).status).toBe(403);
  });
});

describe('assertResource', () => {
  it('answers 404 naming the resource when its workflow is hidden, 403 naming both actions when it needs two', async () => {
    const { store, member, wf, grant } = await setup();
    const scheduleId = newId();
    store.tables.schedules.set(scheduleId, { id: scheduleId, workflowId: wf.id } as never);
    expect(await errorOf(assertResource(store, member, { schedule: 'view' }, scheduleId))).toMatchObject({
      status: 404,
      message: 'Schedule not found',
    });
    expect(await errorOf(assertResource(store, member, { webhook: 'view' }, newId()))).toMatchObject({
      status: 404,
      message: 'Webhook not found',
    });
    await grant({ canEdit: true });
    await assertResource(store, member, { schedule: 'edit' }, scheduleId);
    expect(await errorOf(assertResource(store, member, { schedule: ['edit', 'execute'] }, scheduleId))).toMatchObject({
      status: 403,
      message: 'You may not execute this workflow (this needs edit and execute)',
    });
    expect(await errorOf(assertResource(store, member, { workflow: 'delete' }, wf.id))).toMatchObject({ status: 403 });
  });
});
