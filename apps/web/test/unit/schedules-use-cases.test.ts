// The schedule use cases on the in-memory store (@weft/db/memory) with a fake of the timers' port:
// who may do what (404 hidden, 403 visible but not allowed), the timer following every change, and
// nothing half-written when the timer cannot be changed (Redis down: 503, the row rolled back).
import { describe, expect, it } from 'vitest';
import { createMemoryStore } from '@weft/db/memory';
import {
  createSchedule,
  deleteSchedule,
  getSchedule,
  listFires,
  listSchedules,
  updateSchedule,
} from '@/server/schedules/schedules';
import { auditActions, caller, fakeTimers, grant, seedWorkflow } from './trigger-fixtures';

const owner = caller('owner');

function setup(opts: { active?: boolean } = {}) {
  const store = createMemoryStore();
  const timers = fakeTimers();
  const workflowId = seedWorkflow(store, opts);
  return { store, timers, workflowId, deps: { store, timers } };
}

describe('createSchedule', () => {
  it('stores it with the defaults, records the audit event, and sets its timer only when the workflow is active', async () => {
    const { store, timers, workflowId, deps } = setup({ active: true });
    const s = await createSchedule(deps, owner, workflowId, { cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }, null);
    expect(s).toMatchObject({ workflowId, enabled: true, overlap: 'skip', firing: true, canEdit: true, input: {} });
    expect(s.nextRuns).toHaveLength(5);
    expect(timers.calls).toEqual([`set ${s.id} 0 9 * * 1-5 Europe/Berlin`]);
    expect(await auditActions(store, s.id)).toEqual(['schedule.create']);

    const idle = setup();
    const off = await createSchedule(idle.deps, owner, idle.workflowId, { cron: '* * * * *' }, null);
    expect(off).toMatchObject({ firing: false, notFiringCode: 'no_active_version', nextRunAt: null });
    expect(idle.timers.calls).toEqual([`remove ${off.id}`]);
  });

  it('is 404 for a workflow the caller cannot see, and 403 without edit and execute; nothing is written', async () => {
    const { store, workflowId, deps } = setup({ active: true });
    const member = caller('member');
    await expect(createSchedule(deps, member, workflowId, { cron: '* * * * *' }, null)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    grant(store, workflowId, member, ['canEdit']);
    await expect(createSchedule(deps, member, workflowId, { cron: '* * * * *' }, null)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'You may not execute this workflow',
    });
    expect(store.tables.schedules.size).toBe(0);
    expect(store.tables.audit.size).toBe(0);
  });

  it('answers 503 and keeps neither the schedule nor its audit record when the timer cannot be set', async () => {
    const { store, workflowId } = setup({ active: true });
    await expect(
      createSchedule({ store, timers: fakeTimers(true) }, owner, workflowId, { cron: '* * * * *' }, null),
    ).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') });
    expect(store.tables.schedules.size).toBe(0);
    expect(store.tables.audit.size).toBe(0);
  });
});

describe('updateSchedule', () => {
  it('disabling removes the timer; re-enabling sets it and counts due times from now', async () => {
    const { store, timers, workflowId, deps } = setup({ active: true });
    const { id } = await createSchedule(deps, owner, workflowId, { cron: '*/5 * * * *', input: { a: 1 } }, null);
    const off = await updateSchedule(deps, owner, id, { enabled: false }, null);
    expect(off).toMatchObject({ enabled: false, firing: false, notFiringCode: 'disabled', input: { a: 1 } });
    store.tables.schedules.get(id)!.lastDueAt = new Date('2026-01-01T00:00:00Z');
    const enabledAt = Date.now();
    await updateSchedule(deps, owner, id, { enabled: true, cron: '0 * * * *' }, null);
    expect(timers.calls).toEqual([`set ${id} */5 * * * * UTC`, `remove ${id}`, `set ${id} 0 * * * * UTC`]);
    expect(store.tables.schedules.get(id)!.lastDueAt.getTime()).toBeGreaterThanOrEqual(enabledAt);
    expect(await auditActions(store, id)).toEqual(['schedule.update', 'schedule.update', 'schedule.create']);
  });

  it('needs execute to enable (403 naming body.enabled) but only edit to disable or change the cron', async () => {
    const { store, workflowId, deps } = setup({ active: true });
    const { id } = await createSchedule(deps, owner, workflowId, { cron: '* * * * *', enabled: false }, null);
    const editor = caller('member');
    grant(store, workflowId, editor, ['canEdit']);
    const refused = await updateSchedule(deps, editor, id, { enabled: true }, null).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'FORBIDDEN', details: [{ path: 'body.enabled' }] });
    expect(store.tables.schedules.get(id)!.enabled).toBe(false);
    expect(await updateSchedule(deps, editor, id, { cron: '0 0 * * *' }, null)).toMatchObject({ cron: '0 0 * * *' });

    const viewer = caller('member');
    grant(store, workflowId, viewer, []);
    await expect(updateSchedule(deps, viewer, id, { cron: '1 * * * *' }, null)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const stranger = caller('member');
    await expect(updateSchedule(deps, stranger, id, { cron: '1 * * * *' }, null)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Schedule not found',
    });
  });

  it('rolls the change back (503) when the timer cannot follow it', async () => {
    const { store, workflowId, deps } = setup({ active: true });
    const { id } = await createSchedule(deps, owner, workflowId, { cron: '* * * * *' }, null);
    await expect(
      updateSchedule({ store, timers: fakeTimers(true) }, owner, id, { cron: '0 0 * * *' }, null),
    ).rejects.toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    expect(store.tables.schedules.get(id)!.cron).toBe('* * * * *');
    expect(await auditActions(store, id)).toEqual(['schedule.create']);
  });
});

describe('deleteSchedule', () => {
  it('deletes the row and its timer; with Redis down it keeps both (503); a missing one is 404', async () => {
    const { store, timers, workflowId, deps } = setup({ active: true });
    const { id } = await createSchedule(deps, owner, workflowId, { cron: '* * * * *' }, null);
    await expect(deleteSchedule({ store, timers: fakeTimers(true) }, owner, id, null)).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
    expect(store.tables.schedules.has(id)).toBe(true);
    await deleteSchedule(deps, owner, id, null);
    expect(store.tables.schedules.has(id)).toBe(false);
    expect(timers.calls.at(-1)).toBe(`remove ${id}`);
    expect(await auditActions(store, id)).toEqual(['schedule.delete', 'schedule.create']);
    await expect(deleteSchedule(deps, owner, id, null)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Schedule not found',
    });
  });
});

describe('reading schedules', () => {
  it('shows the held-back due time, and canEdit false to a viewer', async () => {
    const { store, workflowId, deps } = setup({ active: true });
    const { id } = await createSchedule(deps, owner, workflowId, { cron: '* * * * *' }, null);
    const held = new Date('2026-05-01T10:00:00.000Z');
    store.tables.fires.set('f1', {
      id: 'f1',
      scheduleId: id,
      scheduledAt: held,
      firedAt: held,
      outcome: 'pending',
      reason: null,
      missedRuns: 0,
      executionId: null,
    });
    const viewer = caller('member');
    grant(store, workflowId, viewer, []);
    expect(await getSchedule(store, viewer, id)).toMatchObject({ pendingRunAt: held.toISOString(), canEdit: false });
    const list = await listSchedules(store, viewer, workflowId);
    expect(list.items.map((s) => [s.id, s.pendingRunAt, s.canEdit])).toEqual([[id, held.toISOString(), false]]);
    await expect(getSchedule(store, caller('member'), id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(listSchedules(store, caller('member'), workflowId)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('lists fires newest first, paged, and hides them from who cannot see the workflow', async () => {
    const { store, workflowId, deps } = setup({ active: true });
    const { id } = await createSchedule(deps, owner, workflowId, { cron: '* * * * *' }, null);
    for (const [n, outcome] of [
      ['01', 'started'],
      ['02', 'skipped'],
      ['03', 'started'],
    ] as const) {
      const at = new Date(`2026-05-01T10:${n}:00.000Z`);
      store.tables.fires.set(`0000000${n}`, {
        id: `0000000${n}`,
        scheduleId: id,
        scheduledAt: at,
        firedAt: at,
        outcome,
        reason: outcome === 'skipped' ? 'overlap' : null,
        missedRuns: 0,
        executionId: null,
      });
    }
    const first = await listFires(store, owner, id, { limit: 2 });
    expect(first.items.map((f) => [f.scheduledAt, f.outcome, f.reason])).toEqual([
      ['2026-05-01T10:03:00.000Z', 'started', null],
      ['2026-05-01T10:02:00.000Z', 'skipped', 'overlap'],
    ]);
    const second = await listFires(store, owner, id, { limit: 2, cursor: first.nextCursor! });
    expect(second).toMatchObject({ items: [{ scheduledAt: '2026-05-01T10:01:00.000Z' }], nextCursor: null });
    await expect(listFires(store, caller('member'), id, { limit: 2 })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: 'Schedule not found',
    });
  });
});
