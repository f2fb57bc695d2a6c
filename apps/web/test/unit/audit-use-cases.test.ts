// The audit use cases on the in-memory store (@weft/db/memory): a record commits with its change and
// is logged once that transaction committed; one rolled back is neither kept nor logged.
import { Writable } from 'node:stream';
import { createMemoryStore } from '@weft/db/memory';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { recordAudit, withAuditLog } from '@/server/audit';
import { listAudit } from '@/server/audit-log';

function capture() {
  const lines: Array<{ msg: string; audit?: { action: string } }> = [];
  const logger = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, cb) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        cb();
      },
    }),
  );
  return { logger, actions: () => lines.filter((l) => l.msg === 'audit').map((l) => l.audit!.action) };
}

describe('recordAudit', () => {
  it('logs a record once its transaction committed; one rolled back is neither kept nor logged, though the handler goes on', async () => {
    const store = createMemoryStore();
    const { logger, actions } = capture();
    await withAuditLog(logger, async () => {
      await store.transaction((tx) =>
        recordAudit(tx, { actorId: null, action: 'workflow.create', targetType: 'workflow', result: 'success' }),
      );
      expect(actions()).toEqual(['workflow.create']);
      await store
        .transaction(async (tx) => {
          await recordAudit(tx, {
            actorId: null,
            action: 'workflow.delete',
            targetType: 'workflow',
            result: 'success',
          });
          throw new Error('rolled back');
        })
        .catch(() => undefined);
    });
    expect(actions()).toEqual(['workflow.create']);
    const page = await listAudit(store, { limit: 10 });
    expect(page.items.map((r) => r.action)).toEqual(['workflow.create']);
  });

  it('logs a record made outside a transaction at once, even when the handler then fails', async () => {
    const store = createMemoryStore();
    const { logger, actions } = capture();
    await expect(
      withAuditLog(logger, async () => {
        await recordAudit(store, { actorId: null, action: 'auth.login', targetType: 'user', result: 'failure' });
        throw new Error('401');
      }),
    ).rejects.toThrow('401');
    expect(actions()).toEqual(['auth.login']);
  });

  it('lists with the actor named, newest first, and pages with a cursor', async () => {
    const store = createMemoryStore();
    const now = new Date();
    store.tables.users.set('u1', {
      id: 'u1',
      email: 'ada@example.com',
      name: 'Ada',
      role: 'member',
      passwordHash: 'x',
      createdAt: now,
      updatedAt: now,
    } as never);
    for (const action of ['a.one', 'a.two', 'a.three'])
      await recordAudit(store, { actorId: 'u1', action, targetType: 'a', result: 'success' });
    const first = await listAudit(store, { limit: 2 });
    expect(first.items.map((r) => [r.action, r.actor?.name])).toEqual([
      ['a.three', 'Ada'],
      ['a.two', 'Ada'],
    ]);
    const rest = await listAudit(store, { limit: 2, cursor: first.nextCursor! });
    expect(rest).toMatchObject({ items: [{ action: 'a.one' }], nextCursor: null });
  });
});
