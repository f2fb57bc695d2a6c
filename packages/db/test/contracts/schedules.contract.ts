import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MakeStore } from './harness';
import { SCHEDULE_DEFAULTS } from './rows';
import { seedFor } from './seed';

export function contract(make: MakeStore) {
  const seed = seedFor();

  describe('ScheduleRepository', () => {
    it('creates with the table defaults, finds it, and lists a workflow’s schedules oldest first', async () => {
      const h = make();
      const wf = await seed(h).workflow();
      const before = Date.now();
      const a = await h.store.schedules.create(wf, { cron: '* * * * *' });
      expect(a).toMatchObject({ workflowId: wf, cron: '* * * * *', ...SCHEDULE_DEFAULTS });
      expect(a.lastDueAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
      const b = await h.store.schedules.create(wf, {
        cron: '0 9 * * 1-5',
        timezone: 'Europe/Berlin',
        enabled: false,
        overlap: 'queue',
        maxInstances: 3,
        coalesce: false,
        catchUpWindowSec: 0,
        input: { region: 'eu', note: 'a\u0000b' },
      });
      expect(b).toMatchObject({ enabled: false, overlap: 'queue', maxInstances: 3, coalesce: false });
      // As jsonb gives it back: U+0000 cannot be stored.
      expect(b.input).toEqual({ region: 'eu', note: 'a\uFFFDb' });
      expect(await h.store.schedules.find(b.id)).toEqual(b);
      expect(await h.store.schedules.find(randomUUID())).toBeNull();
      expect((await h.store.schedules.listForWorkflow(wf)).map((s) => s.id)).toEqual([a.id, b.id]);
      expect(await h.store.schedules.listForWorkflow(randomUUID())).toEqual([]);
    });

    it('updates only the fields given; null when there is no such schedule', async () => {
      const h = make();
      const wf = await seed(h).workflow();
      const s = await h.store.schedules.create(wf, { cron: '* * * * *', input: { keep: true } });
      const dueFrom = new Date('2026-03-01T00:00:00.000Z');
      const updated = await h.store.schedules.update(s.id, {
        enabled: false,
        timezone: 'Asia/Tokyo',
        lastDueAt: dueFrom,
      });
      expect(updated).toMatchObject({
        id: s.id,
        cron: '* * * * *',
        enabled: false,
        timezone: 'Asia/Tokyo',
        input: { keep: true },
        lastDueAt: dueFrom,
      });
      expect(updated!.updatedAt.getTime()).toBeGreaterThanOrEqual(s.updatedAt.getTime());
      const input = await h.store.schedules.update(s.id, { input: { other: 1 } });
      expect(input).toMatchObject({ input: { other: 1 }, enabled: false });
      expect(await h.store.schedules.find(s.id)).toEqual(input);
      expect(await h.store.schedules.update(randomUUID(), { enabled: true })).toBeNull();
    });

    it('restarts the due times of every schedule of one workflow only', async () => {
      const h = make();
      const [wf, other] = [await seed(h).workflow(), await seed(h).workflow()];
      const a = await h.store.schedules.create(wf, { cron: '* * * * *' });
      const b = await h.store.schedules.create(wf, { cron: '0 * * * *' });
      const c = await h.store.schedules.create(other, { cron: '* * * * *' });
      const at = new Date('2030-01-01T00:00:00.000Z');
      await h.store.schedules.restartDueTimes(wf, at);
      expect((await h.store.schedules.find(a.id))!.lastDueAt).toEqual(at);
      expect((await h.store.schedules.find(b.id))!.lastDueAt).toEqual(at);
      expect((await h.store.schedules.find(c.id))!.lastDueAt).toEqual(c.lastDueAt);
    });

    it('lists fires newest first with their run’s status, paged; reads pending due times by schedule', async () => {
      const h = make();
      const s = seed(h);
      const wf = await s.workflow();
      const sch = await h.store.schedules.create(wf, { cron: '* * * * *' });
      const idle = await h.store.schedules.create(wf, { cron: '* * * * *' });
      const run = await s.execution(wf, { scheduleId: sch.id }, 'running');
      const at = (m: number) => new Date(Date.UTC(2026, 0, 1, 0, m));
      await s.fire(sch.id, { scheduledAt: at(1), outcome: 'started', executionId: run.id });
      await s.fire(sch.id, { scheduledAt: at(2), outcome: 'skipped', reason: 'overlap' });
      await s.fire(sch.id, { scheduledAt: at(3), outcome: 'pending' });

      const first = await h.store.schedules.listFires(sch.id, { limit: 2 });
      expect(first.items.map((f) => [f.outcome, f.scheduledAt, f.reason, f.executionStatus])).toEqual([
        ['pending', at(3), null, null],
        ['skipped', at(2), 'overlap', null],
      ]);
      expect(first.nextCursor).toBe(first.items[1]!.id);
      const second = await h.store.schedules.listFires(sch.id, { limit: 2, cursor: first.nextCursor! });
      expect(second.items).toEqual([
        expect.objectContaining({ outcome: 'started', executionId: run.id, executionStatus: 'running', missedRuns: 0 }),
      ]);
      expect(second.nextCursor).toBeNull();
      expect((await h.store.schedules.listFires(idle.id, { limit: 5 })).items).toEqual([]);

      const pending = await h.store.schedules.pendingRuns([sch.id, idle.id]);
      expect([...pending]).toEqual([[sch.id, at(3)]]);
      expect(await h.store.schedules.pendingRuns([])).toEqual(new Map());
    });

    it('deletes a schedule with its fires (the run a fire started does not block it); false when there is none', async () => {
      const h = make();
      const s = seed(h);
      const wf = await s.workflow();
      const sch = await h.store.schedules.create(wf, { cron: '* * * * *' });
      const run = await s.execution(wf, { scheduleId: sch.id });
      await s.fire(sch.id, { scheduledAt: new Date(), outcome: 'started', executionId: run.id });
      expect(await h.store.schedules.delete(sch.id)).toBe(true);
      expect(await h.store.schedules.find(sch.id)).toBeNull();
      expect((await h.store.schedules.listFires(sch.id, { limit: 5 })).items).toEqual([]);
      expect(await h.store.schedules.delete(sch.id)).toBe(false);
    });

    it('a schedule created in a transaction that throws is not kept', async () => {
      const h = make();
      const wf = await seed(h).workflow();
      let id = '';
      await expect(
        h.store.transaction(async (tx) => {
          id = (await tx.schedules.create(wf, { cron: '* * * * *' })).id;
          throw new Error('timer refused');
        }),
      ).rejects.toThrow('timer refused');
      expect(await h.store.schedules.find(id)).toBeNull();
    });
  });
}
