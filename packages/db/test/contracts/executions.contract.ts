import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newId } from '../../src/repositories/memory/tables';
import type { MakeStore } from './harness';
import { seederFor } from './seed';

const MEMBER_VIEW = ['canView', 'canEdit', 'canDelete', 'canExecute'] as const;

export function contract(make: MakeStore) {
  describe('ExecutionRepository', () => {
    it("lists one workflow's executions newest first as summaries, filtered by status, webhook and schedule, in keyset pages", async () => {
      const h = make();
      const seed = seederFor(h);
      const wf = await seed.workflow(null);
      const hook = await seed.webhook(wf.id);
      const schedule = await seed.schedule(wf.id);
      const failed = await seed.execution(wf, {
        status: 'failed',
        triggerData: { big: 'x' },
        output: { big: 'y' },
        error: { code: 'HTTP_ERROR', message: 'boom', nodeId: 'n1' },
        errorNodeId: 'n1',
        webhookId: hook,
        nodesExecuted: 2,
        durationMs: 15,
        startedAt: new Date('2026-12-01T10:00:00.000Z'),
        finishedAt: new Date('2026-12-01T10:00:00.015Z'),
      });
      const running = await seed.execution(wf, { status: 'running', scheduleId: schedule });
      const queued = await seed.execution(wf);

      const first = await h.store.executions.listForWorkflow(wf.id, {}, { limit: 2 });
      expect(first.items.map((e) => e.id)).toEqual([queued, running]);
      expect(first.nextCursor).toBe(running);
      const second = await h.store.executions.listForWorkflow(wf.id, {}, { limit: 2, cursor: running });
      expect(second).toEqual({ items: [expect.objectContaining({ id: failed })], nextCursor: null });
      const summary = second.items[0]!;
      for (const payload of ['triggerData', 'output', 'state', 'running']) expect(summary).not.toHaveProperty(payload);
      expect(summary).toEqual({
        id: failed,
        workflowId: wf.id,
        workflowName: wf.name,
        version: 1,
        status: 'failed',
        trigger: 'manual',
        createdAt: expect.any(Date),
        startedAt: new Date('2026-12-01T10:00:00.000Z'),
        finishedAt: new Date('2026-12-01T10:00:00.015Z'),
        durationMs: 15,
        nodesExecuted: 2,
        error: { code: 'HTTP_ERROR', message: 'boom', nodeId: 'n1' },
        errorNodeId: 'n1',
        parentExecutionId: null,
        webhookId: hook,
        scheduleId: null,
      });

      const ids = async (filter: Parameters<typeof h.store.executions.listForWorkflow>[1]) =>
        (await h.store.executions.listForWorkflow(wf.id, filter, { limit: 10 })).items.map((e) => e.id);
      expect(await ids({ status: ['failed', 'queued'] })).toEqual([queued, failed]);
      expect(await ids({ status: [] })).toEqual([queued, running, failed]);
      expect(await ids({ webhookId: hook })).toEqual([failed]);
      expect(await ids({ scheduleId: schedule })).toEqual([running]);
      expect(await ids({ scheduleId: schedule, status: ['failed'] })).toEqual([]);
      expect((await h.store.executions.listForWorkflow(newId(), {}, { limit: 10 })).items).toEqual([]);
    });

    it('lists the executions of the workflows a visibility shows: created, or granted any of the flags', async () => {
      const h = make();
      const seed = seederFor(h);
      const member = await seed.user();
      const other = await seed.user();
      const own = await seed.workflow(member.id);
      const granted = await seed.workflow(other.id);
      const runOnly = await seed.workflow(other.id);
      const noFlags = await seed.workflow(other.id);
      const hidden = await seed.workflow(other.id);
      await seed.grant(granted.id, member.id, { canView: true });
      await seed.grant(runOnly.id, member.id, { canExecute: true });
      await seed.grant(noFlags.id, member.id, {});
      await seed.grant(hidden.id, other.id, { canView: true });
      const ownRun = await seed.execution(own);
      const grantedRun = await seed.execution(granted, { status: 'succeeded' });
      const runOnlyRun = await seed.execution(runOnly);
      await seed.execution(noFlags);
      const hiddenRun = await seed.execution(hidden);

      const visible = { userId: member.id, anyOf: MEMBER_VIEW };
      const page = await h.store.executions.listVisible(visible, {}, { limit: 10 });
      expect(page.items.map((e) => e.id)).toEqual([runOnlyRun, grantedRun, ownRun]);
      expect(page.items.map((e) => e.workflowName)).toEqual([runOnly.name, granted.name, own.name]);
      const viewOnly = await h.store.executions.listVisible(
        { userId: member.id, anyOf: ['canView'] },
        {},
        { limit: 10 },
      );
      expect(viewOnly.items.map((e) => e.id)).toEqual([grantedRun, ownRun]);
      const paged = await h.store.executions.listVisible(visible, {}, { limit: 1, cursor: runOnlyRun });
      expect(paged).toEqual({ items: [expect.objectContaining({ id: grantedRun })], nextCursor: grantedRun });
      expect(
        (await h.store.executions.listVisible(visible, { status: ['succeeded'] }, { limit: 10 })).items.map(
          (e) => e.id,
        ),
      ).toEqual([grantedRun]);

      const hook = await seed.webhook(hidden.id);
      const hooked = await seed.execution(hidden, { webhookId: hook });
      const all = await h.store.executions.listVisible('all', { webhookId: hook }, { limit: 10 });
      expect(all.items.map((e) => e.id)).toEqual([hooked]);
      expect(all.items.map((e) => e.id)).not.toContain(hiddenRun);
    });

    it('finds one execution with every column, its workflow and one user’s grant; null when there is none', async () => {
      const h = make();
      const seed = seederFor(h);
      const member = await seed.user();
      const other = await seed.user();
      const wf = await seed.workflow(null);
      await seed.grant(wf.id, member.id, { canExecute: true });
      await seed.grant(wf.id, other.id, { canView: true });
      const fields = {
        status: 'running' as const,
        triggerData: { body: 'hello' },
        output: { done: false },
        state: { v: 1 },
        seq: 7,
        running: [{ nodeId: 'n1', scope: '', attempt: 2, retryAt: 1_800_000_000_000 }],
      };
      const id = await seed.execution(wf, fields);

      const e = await h.store.executions.findWithAccess(id, member.id);
      expect(e).toMatchObject({
        id,
        workflowId: wf.id,
        workflowVersionId: wf.versionId,
        ...fields,
        error: null,
      });
      expect(e!.workflow).toMatchObject({ name: wf.name, createdById: null });
      expect(e!.workflow.permissions).toEqual([
        expect.objectContaining({ userId: member.id, canExecute: true, canView: false }),
      ]);
      expect((await h.store.executions.findWithAccess(id, newId()))!.workflow.permissions).toEqual([]);
      expect(await h.store.executions.findWithAccess(newId(), member.id)).toBeNull();

      expect(await h.store.executions.findAccess(id, other.id)).toEqual({
        createdById: null,
        permissions: [expect.objectContaining({ userId: other.id, workflowId: wf.id, canView: true })],
      });
      expect(await h.store.executions.findAccess(newId(), member.id)).toBeNull();
    });

    it('pages steps in start order, ids breaking ties within a millisecond; by scope; through a seq', async () => {
      const h = make();
      const seed = seederFor(h);
      const wf = await seed.workflow(null);
      const id = await seed.execution(wf, { status: 'succeeded' });
      const t = (ms: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, 0, ms));
      // Random ids: the tie-break within a millisecond is on id, not on insertion order.
      const step = (nodeId: string, ms: number, scope = '', seq = 1) => ({
        id: randomUUID(),
        nodeId,
        startedAt: t(ms),
        scope,
        seq,
      });
      const steps = [
        step('start', 0),
        step('a', 1, 'loop[0]'),
        step('b', 1, 'loop[0]'),
        step('c', 1, 'loop[0]'),
        step('a', 2, 'loop[1]', 2),
        step('b', 2, 'loop[1]', 2),
        step('end', 3, '', 3),
      ];
      await seed.steps(id, [...steps].reverse());
      const byStart = [...steps].sort(
        (x, y) => x.startedAt.getTime() - y.startedAt.getTime() || (x.id < y.id ? -1 : 1),
      );
      const order = byStart.map((s) => s.id);

      const seen: string[] = [];
      let after: { startedAt: Date; id: string } | undefined;
      for (let pages = 0; pages < 10; pages++) {
        const page = await h.store.executions.stepPage(id, { limit: 2, ...(after ? { after } : {}) });
        seen.push(...page.items.map((s) => s.id));
        if (!page.next) break;
        const last = page.items[page.items.length - 1]!;
        expect(page.next).toEqual({ startedAt: last.startedAt, id: last.id });
        after = page.next;
      }
      expect(seen).toEqual(order);

      const all = await h.store.executions.stepPage(id, { limit: 100 });
      expect(all.next).toBeNull();
      expect(all.items[0]).toMatchObject({ executionId: id, nodeId: 'start', scope: '', status: 'succeeded', seq: 1 });

      const loop0 = await h.store.executions.stepPage(id, { scope: 'loop[0]', limit: 100 });
      expect(loop0.items.map((s) => s.id)).toEqual(byStart.filter((s) => s.scope === 'loop[0]').map((s) => s.id));
      const top = await h.store.executions.stepPage(id, { scope: '', limit: 100 });
      expect(top.items.map((s) => s.nodeId)).toEqual(['start', 'end']);
      const throughSeq = await h.store.executions.stepPage(id, { limit: 100, throughSeq: 1 });
      expect(throughSeq.items.map((s) => s.id)).toEqual(byStart.filter((s) => s.seq <= 1).map((s) => s.id));
      expect((await h.store.executions.stepPage(newId(), { limit: 10 })).items).toEqual([]);
    });
  });
}
