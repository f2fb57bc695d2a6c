import { describe, expect, it } from 'vitest';
import { unique, type MakeStore } from './harness';

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
      expect(second.items[0]).toMatchObject({ actorType: 'user', actor: null, details: { n: 'a\uFFFDb' } });

      const prefix = await store.audit.list(
        { targetId: target, action: 'workflow.', result: 'success' },
        { limit: 10 },
      );
      expect(prefix.items.map((r) => r.action)).toEqual(['workflow.delete', 'workflow.create']);
      const none = await store.audit.list({ targetId: target, until: new Date(Date.now() - 60_000) }, { limit: 10 });
      expect(none.items).toEqual([]);
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
