import { describe, expect, it } from 'vitest';
import { newId } from '../../src/repositories/memory/tables';
import { unique, type MakeStore } from './harness';
import { seederFor } from './seed';

export function contract(make: MakeStore) {
  describe('AuditRepository', () => {
    it('records entries and lists them newest first, filtered, with the actor and keyset pages', async () => {
      const { store } = make();
      const target = unique('wf');
      for (const [action, result] of [
        ['workflow.create', 'success'],
        ['workflow.update', 'failure'],
        ['workflow.delete', 'success'],
      ] as const) {
        await store.audit.record({
          actorId: null,
          action,
          targetType: 'workflow',
          targetId: target,
          result,
          details: { n: 'a\u0000b' },
        });
      }
      const first = await store.audit.list({ targetId: target }, { limit: 2 });
      expect(first.items.map((r) => r.action)).toEqual(['workflow.delete', 'workflow.update']);
      expect(first.nextCursor).toBe(first.items[1]!.id);
      const second = await store.audit.list({ targetId: target }, { limit: 2, cursor: first.nextCursor! });
      expect(second.items.map((r) => r.action)).toEqual(['workflow.create']);
      expect(second.nextCursor).toBeNull();
      expect(second.items[0]).toMatchObject({
        actorType: 'user',
        actor: null,
        details: { n: 'a\uFFFDb' },
        targetName: null,
      });

      const prefix = await store.audit.list(
        { targetId: target, action: 'workflow.', result: 'success' },
        { limit: 10 },
      );
      expect(prefix.items.map((r) => r.action)).toEqual(['workflow.delete', 'workflow.create']);
      const none = await store.audit.list({ targetId: target, until: new Date(Date.now() - 60_000) }, { limit: 10 });
      expect(none.items).toEqual([]);
    });

    it("names the target: a workflow's name, a user's, a webhook's or schedule's workflow's; null when gone or unnamed", async () => {
      const h = make();
      const seed = seederFor(h);
      const actor = await seed.user();
      const person = await seed.user();
      const wf = await seed.workflow(actor.id);
      const hook = await seed.webhook(wf.id);
      const schedule = await seed.schedule(wf.id);
      const action = unique('named');
      const targets: Array<[string, string]> = [
        ['workflow', wf.id],
        ['user', person.id],
        ['webhook', hook],
        ['schedule', schedule],
        ['workflow', newId()],
        ['api_key', person.id],
        ['queue', 'executions'],
        ['workflow', 'not-a-uuid'],
      ];
      for (const [targetType, targetId] of targets) {
        await h.store.audit.record({ actorId: actor.id, action, targetType, targetId, result: 'success' });
      }
      const page = await h.store.audit.list({ action }, { limit: 20 });
      expect(page.items.map((r) => [r.targetType, r.targetName]).reverse()).toEqual([
        ['workflow', wf.name],
        ['user', person.name],
        ['webhook', wf.name],
        ['schedule', wf.name],
        ['workflow', null],
        ['api_key', null],
        ['queue', null],
        ['workflow', null],
      ]);
      expect(page.items[0]!.actor).toEqual({ id: actor.id, email: actor.email, name: actor.name });
    });

    it('a record written in a transaction that throws is not kept', async () => {
      const { store } = make();
      const target = unique('wf');
      await expect(
        store.transaction(async (tx) => {
          expect(tx.inTransaction).toBe(true);
          await tx.audit.record({
            actorId: null,
            action: 'workflow.create',
            targetType: 'workflow',
            targetId: target,
            result: 'success',
          });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await store.audit.list({ targetId: target }, { limit: 10 })).items).toEqual([]);
      expect(store.inTransaction).toBe(false);
    });
  });
}
