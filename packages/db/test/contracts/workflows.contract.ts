import { afterAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaClient, type Store } from '../../src';
import { newId, type MemoryTables } from '../../src/repositories/memory';
import { unique, type MakeStore, type StoreHarness } from './harness';

/**
 * Rows owned by other repositories (users, schedules, webhooks, executions) that a workflow test
 * needs: written straight into the tables here, since their repositories are not this suite's subject.
 */
let prisma: PrismaClient | undefined;
function seeder({ store, kind }: StoreHarness) {
  const t = kind === 'memory' ? (store as Store & { tables: MemoryTables }).tables : undefined;
  const db = () => (prisma ??= createPrismaClient(process.env.DATABASE_URL!));
  const now = new Date();
  return {
    /** A workflow at version 1 with an empty definition. */
    workflow(createdById: string, name = unique('wf')) {
      return store.workflows.createWithFirstVersion({
        name,
        description: '',
        definition: {},
        message: null,
        createdById,
      });
    },
    async user(role: 'owner' | 'admin' | 'member' = 'member') {
      const row = { id: newId(), email: `${unique('u')}@example.test`, name: unique('name'), passwordHash: 'x', role };
      if (t) t.users.set(row.id, { ...row, deactivatedAt: null, createdAt: now, updatedAt: now });
      else await db().user.create({ data: row });
      return row;
    },
    async schedule(workflowId: string) {
      const id = newId();
      if (t) t.schedules.set(id, { id, workflowId } as never);
      else await db().schedule.create({ data: { id, workflowId, cron: '0 * * * *' } });
      return id;
    },
    async webhook(workflowId: string) {
      const id = newId();
      if (t) t.webhooks.set(id, { id, workflowId } as never);
      else await db().webhook.create({ data: { id, workflowId, token: unique('tok'), secretEncrypted: 'x' } });
      return id;
    },
    async execution(workflowId: string, status: 'queued' | 'succeeded') {
      const id = newId();
      const version = (await store.workflows.findVersion(workflowId, 1))!;
      const data = { id, workflowId, workflowVersionId: version.id, version: 1, status, trigger: 'manual' as const };
      if (t) t.executions.set(id, { ...data, createdAt: new Date() } as never);
      else await db().execution.create({ data: { ...data, triggerData: {}, state: {} } });
      return id;
    },
  };
}

const definition = (name: string) => ({ name, nodes: [], edges: [], note: 'a\u0000b' });

export function contract(make: MakeStore) {
  afterAll(() => prisma?.$disconnect());

  describe('WorkflowRepository', () => {
    it('creates a workflow with version 1 and saves immutable versions n+1, newest first in keyset pages', async () => {
      const h = make();
      const { workflows } = h.store;
      const author = await seeder(h).user();
      const name = unique('wf');
      const wf = await workflows.createWithFirstVersion({
        name,
        description: 'first',
        definition: definition(name),
        message: null,
        createdById: author.id,
      });
      expect(wf).toMatchObject({ name, description: 'first', latestVersion: 1, activeVersion: null });
      expect(await workflows.findVersion(wf.id, 1)).toMatchObject({
        version: 1,
        definition: { name, note: 'a\uFFFDb' },
        createdById: author.id,
        message: null,
      });

      const saved = await h.store.transaction((tx) =>
        tx.workflows.saveNewVersion(wf.id, {
          name: `${name}-2`,
          definition: definition(`${name}-2`),
          message: 'second',
          createdById: author.id,
        }),
      );
      expect(saved).toMatchObject({ name: `${name}-2`, description: 'first', latestVersion: 2 });
      const third = await h.store.transaction((tx) =>
        tx.workflows.saveNewVersion(wf.id, {
          name,
          description: '',
          definition: {},
          message: null,
          createdById: author.id,
        }),
      );
      expect(third).toMatchObject({ description: '', latestVersion: 3 });
      expect((await workflows.findWithGrant(wf.id, author.id))?.latestVersion).toBe(3);

      const first = await workflows.listVersions(wf.id, { limit: 2 });
      expect(first.items.map((v) => v.version)).toEqual([3, 2]);
      expect(first.items[1]).toMatchObject({ message: 'second', definition: { name: `${name}-2` } });
      const second = await workflows.listVersions(wf.id, { limit: 2, cursor: first.nextCursor! });
      expect(second).toMatchObject({ items: [{ version: 1 }], nextCursor: null });
      expect(await workflows.findVersion(wf.id, 4)).toBeNull();
      expect(await workflows.findWithGrant(newId(), author.id)).toBeNull();
    });

    it('concurrent saves get consecutive versions (the workflow row is locked), and a save rolled back leaves nothing', async () => {
      const h = make();
      const author = await seeder(h).user();
      const input = { name: unique('wf'), definition: {}, message: null, createdById: author.id };
      const wf = await h.store.workflows.createWithFirstVersion({ ...input, description: '' });
      const saves = await Promise.all(
        [1, 2, 3].map(() => h.store.transaction((tx) => tx.workflows.saveNewVersion(wf.id, input))),
      );
      expect(saves.map((s) => s.latestVersion).sort()).toEqual([2, 3, 4]);
      await expect(
        h.store.transaction(async (tx) => {
          await tx.workflows.saveNewVersion(wf.id, input);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect((await h.store.workflows.findWithGrant(wf.id, author.id))?.latestVersion).toBe(4);
      expect(await h.store.workflows.findVersion(wf.id, 5)).toBeNull();
    });

    it('lists the workflows a visibility allows, newest first, by name (any case) and active state, in keyset pages', async () => {
      const h = make();
      const { workflows } = h.store;
      const seed = seeder(h);
      const [creator, member] = [await seed.user(), await seed.user()];
      const tag = unique('List');
      const make3 = (suffix: string) => seed.workflow(creator.id, `${tag}-${suffix}`);
      const [own, runnable, hidden] = [await make3('a'), await make3('b'), await make3('c')];
      await workflows.replaceGrants(runnable.id, [
        { userId: member.id, canView: false, canEdit: false, canDelete: false, canExecute: true },
      ]);
      await workflows.replaceGrants(hidden.id, [
        { userId: member.id, canView: false, canEdit: false, canDelete: false, canExecute: false },
      ]);
      await workflows.setActiveVersion(own.id, 1);
      const search = tag.toLowerCase();

      const all = await workflows.listVisible('all', { search }, { limit: 2 });
      expect(all.items.map((w) => w.id)).toEqual([hidden.id, runnable.id]);
      const rest = await workflows.listVisible('all', { search }, { limit: 2, cursor: all.nextCursor! });
      expect(rest).toMatchObject({ items: [{ id: own.id }], nextCursor: null });

      const view = { userId: member.id, anyOf: ['canView', 'canEdit', 'canDelete', 'canExecute'] } as const;
      expect((await workflows.listVisible(view, { search }, { limit: 10 })).items.map((w) => w.id)).toEqual([
        runnable.id,
      ]);
      const mine = { userId: creator.id, anyOf: ['canEdit'] } as const;
      expect((await workflows.listVisible(mine, { search }, { limit: 10 })).items).toHaveLength(3);
      expect(
        (await workflows.listVisible('all', { search, active: true }, { limit: 10 })).items.map((w) => w.id),
      ).toEqual([own.id]);
      expect((await workflows.listVisible('all', { search, active: false }, { limit: 10 })).items).toHaveLength(2);
    });

    it("reads each workflow's newest execution, and the workflow (with the caller's grant) a resource belongs to", async () => {
      const h = make();
      const { workflows } = h.store;
      const seed = seeder(h);
      const [creator, member] = [await seed.user(), await seed.user()];
      const ran = await seed.workflow(creator.id);
      const idle = await seed.workflow(creator.id);
      await seed.execution(ran.id, 'succeeded');
      const newest = await seed.execution(ran.id, 'queued');
      const latest = await workflows.latestExecutions([ran.id, idle.id]);
      expect(latest).toEqual([{ workflowId: ran.id, id: newest, status: 'queued', createdAt: expect.any(Date) }]);
      expect(await workflows.latestExecutions([])).toEqual([]);

      await workflows.replaceGrants(ran.id, [
        { userId: member.id, canView: true, canEdit: false, canDelete: false, canExecute: true },
      ]);
      const parts = {
        workflow: ran.id,
        schedule: await seed.schedule(ran.id),
        webhook: await seed.webhook(ran.id),
        execution: newest,
      };
      for (const [kind, id] of Object.entries(parts) as Array<[keyof typeof parts, string]>) {
        const access = await workflows.accessOf(kind, id, member.id);
        expect(access, kind).toMatchObject({ id: ran.id, createdById: creator.id });
        expect(access!.permissions).toEqual([
          expect.objectContaining({ userId: member.id, canExecute: true, canEdit: false }),
        ]);
        expect((await workflows.accessOf(kind, id, creator.id))!.permissions, kind).toEqual([]);
        expect(await workflows.accessOf(kind, newId(), member.id), kind).toBeNull();
      }
    });

    it('replaces grants and reads them with the creator and each grantee; a user twice is a unique violation', async () => {
      const h = make();
      const { workflows } = h.store;
      const seed = seeder(h);
      const [creator, a, b] = [await seed.user('admin'), await seed.user(), await seed.user()];
      const wf = await seeder(h).workflow(creator.id);
      expect(await workflows.grantsOf(wf.id)).toEqual({
        creator: { id: creator.id, email: creator.email, name: creator.name },
        grants: [],
      });
      const flags = { canView: true, canEdit: false, canDelete: false, canExecute: false };
      await workflows.replaceGrants(wf.id, [{ userId: a.id, ...flags }]);
      await workflows.replaceGrants(wf.id, [
        { userId: b.id, ...flags, canEdit: true },
        { userId: a.id, ...flags },
      ]);
      const grants = (await workflows.grantsOf(wf.id))!.grants;
      expect(grants.map((g) => g.userId).sort()).toEqual([a.id, b.id].sort());
      expect(grants.find((g) => g.userId === b.id)).toMatchObject({
        workflowId: wf.id,
        canEdit: true,
        user: { email: b.email, name: b.name, role: 'member' },
      });
      await expect(
        h.store.transaction((tx) =>
          tx.workflows.replaceGrants(wf.id, [
            { userId: a.id, ...flags },
            { userId: a.id, ...flags },
          ]),
        ),
      ).rejects.toMatchObject({ code: 'P2002' });
      expect((await workflows.grantsOf(wf.id))!.grants).toHaveLength(2);
      await workflows.replaceGrants(wf.id, []);
      expect((await workflows.grantsOf(wf.id))!.grants).toEqual([]);
      expect(await workflows.grantsOf(newId())).toBeNull();
      const stranger = newId();
      expect(await workflows.existingUserIds([a.id, stranger, b.id])).toEqual(new Set([a.id, b.id]));
    });

    it('activates and deactivates a version, and deletes a workflow with everything that belongs to it', async () => {
      const h = make();
      const { workflows } = h.store;
      const seed = seeder(h);
      const [creator, member] = [await seed.user(), await seed.user()];
      const wf = await seeder(h).workflow(creator.id);
      expect(await workflows.setActiveVersion(wf.id, 1)).toMatchObject({ id: wf.id, activeVersion: 1 });
      expect(await workflows.setActiveVersion(wf.id, null)).toMatchObject({ activeVersion: null });
      await workflows.replaceGrants(wf.id, [
        { userId: member.id, canView: true, canEdit: false, canDelete: false, canExecute: false },
      ]);
      const schedule = await seed.schedule(wf.id);
      const webhook = await seed.webhook(wf.id);
      const execution = await seed.execution(wf.id, 'succeeded');

      await h.store.transaction((tx) => tx.workflows.delete(wf.id));
      expect(await workflows.findWithGrant(wf.id, member.id)).toBeNull();
      expect(await workflows.findVersion(wf.id, 1)).toBeNull();
      expect(await workflows.grantsOf(wf.id)).toBeNull();
      expect(await workflows.accessOf('schedule', schedule, member.id)).toBeNull();
      expect(await workflows.accessOf('webhook', webhook, member.id)).toBeNull();
      expect(await workflows.accessOf('execution', execution, member.id)).toBeNull();
      expect(await workflows.latestExecutions([wf.id])).toEqual([]);
    });
  });
}
