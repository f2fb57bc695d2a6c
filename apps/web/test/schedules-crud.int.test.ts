// Schedule CRUD (SPEC §5): validation naming the field, the next fire times, and the timer
// (a BullMQ job scheduler) following every change in the same request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('schedules-crud');

import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as deactivateRoute from '../src/app/api/workflows/[id]/deactivate/route';
import * as workflowRoute from '../src/app/api/workflows/[id]/route';
import * as schedulesRoute from '../src/app/api/workflows/[id]/schedules/route';
import * as scheduleRoute from '../src/app/api/schedules/[id]/route';
import * as firesRoute from '../src/app/api/schedules/[id]/fires/route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, errorOf, request, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';
import { SCHEDULE_DEFAULTS } from '../../../packages/db/test/contracts/rows';

let owner: { cookie: string };
let member: { cookie: string; user: { id: string } };

beforeAll(async () => {
  owner = await createUserWithSession('owner', 'sch-owner');
  member = await createUserWithSession('member', 'sch-member');
});

// Schedules outlive a test file, and any later file's worker would fire them (it reconciles
// timers with the whole table): leave none behind.
afterAll(async () => {
  await testDb().schedule.deleteMany({});
  await disposeServices();
});

async function newWorkflow(): Promise<string> {
  const res = await importRoute.POST(request('/api/workflows/import', { body: sumAndBranch, cookie: owner.cookie }));
  return ((await res.json()) as { id: string }).id;
}
const create = (workflowId: string, body: unknown, cookie = owner.cookie) =>
  schedulesRoute.POST(
    request(`/api/workflows/${workflowId}/schedules`, { body, cookie }),
    routeParams({ id: workflowId }),
  );
const patch = (id: string, body: unknown, cookie = owner.cookie) =>
  scheduleRoute.PATCH(request(`/api/schedules/${id}`, { method: 'PATCH', body, cookie }), routeParams({ id }));
const activate = (id: string) =>
  activateRoute.POST(request(`/api/workflows/${id}/activate`, { body: {}, cookie: owner.cookie }), routeParams({ id }));
const deactivate = (id: string) =>
  deactivateRoute.POST(
    request(`/api/workflows/${id}/deactivate`, { body: {}, cookie: owner.cookie }),
    routeParams({ id }),
  );
const timers = async () => new Map((await getServices().timers.list()).map((t) => [t.id, t]));

type View = Record<string, unknown> & { id: string; nextRuns: string[]; nextRunsLocal: string[] };

describe('schedule CRUD', () => {
  it('creates with SPEC defaults and shows the next five fire times in UTC and in the zone', async () => {
    const wf = await newWorkflow();
    const res = await create(wf, { cron: ' 0  9 * * 1-5 ', timezone: 'Europe/Berlin' });
    expect(res.status).toBe(201);
    const s = (await res.json()) as View;
    expect(s).toMatchObject({
      ...SCHEDULE_DEFAULTS,
      cron: '0 9 * * 1-5',
      timezone: 'Europe/Berlin',
      pendingRunAt: null,
    });
    expect(s.nextRuns).toHaveLength(5);
    for (const local of s.nextRunsLocal) expect(local).toMatch(/T09:00:00\+0[12]:00$/);
    expect(new Date(s.nextRuns[0]!).getTime()).toBe(new Date(s.nextRunsLocal[0]!).getTime());
    // Its workflow has no active version yet: it does not fire and has no timer.
    expect(s).toMatchObject({
      firing: false,
      notFiringCode: 'no_active_version',
      notFiringReason: 'the workflow has no active version',
      nextRunAt: null,
      canEdit: true,
    });
    expect((await timers()).has(s.id)).toBe(false);
    const audit = await testDb().auditEvent.findFirst({
      where: { targetId: s.id, action: 'schedule.create' },
    });
    expect(audit).not.toBeNull();

    expect((await activate(wf)).status).toBe(200);
    expect((await timers()).get(s.id)).toEqual({
      id: s.id,
      cron: '0 9 * * 1-5',
      timezone: 'Europe/Berlin',
      next: Date.parse(s.nextRuns[0]!),
    });
    const read = (await (
      await scheduleRoute.GET(request(`/api/schedules/${s.id}`, { cookie: owner.cookie }), routeParams({ id: s.id }))
    ).json()) as View;
    expect(read).toMatchObject({
      firing: true,
      notFiringCode: null,
      notFiringReason: null,
      nextRunAt: s.nextRuns[0],
      canEdit: true,
    });
  });

  it('rejects bad input naming the field and what is wrong, and stores nothing', async () => {
    const wf = await newWorkflow();
    const before = await testDb().schedule.count();
    const cases: Array<[unknown, string, RegExp]> = [
      [{}, 'body.cron', /is required/],
      [{ cron: '* * * *' }, 'body.cron', /5 fields .* got 4/],
      [{ cron: '61 * * * *' }, 'body.cron', /minute: 61/],
      [{ cron: '0 0 30 2 *' }, 'body.cron', /never fires/],
      [{ cron: 5 }, 'body.cron', /must be a string/],
      [{ cron: '* * * * *', timezone: 'Mars/Olympus' }, 'body.timezone', /not an IANA time zone/],
      [{ cron: '* * * * *', overlap: 'never' }, 'body.overlap', /skip, allow or queue/],
      [{ cron: '* * * * *', maxInstances: 0 }, 'body.maxInstances', />= 1/],
      [{ cron: '* * * * *', catchUpWindowSec: -1 }, 'body.catchUpWindowSec', />= 0/],
      [{ cron: '* * * * *', input: [1, 2] }, 'body.input', /JSON object/],
      [{ cron: '* * * * *', input: { big: 'x'.repeat(70_000) } }, 'body.input', /at most 65536 bytes/],
      [{ cron: '* * * * *', every: 'day' }, 'body.every', /not a known field/],
    ];
    for (const [body, path, message] of cases) {
      const res = await create(wf, body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      const err = await errorOf(res);
      expect(err.details?.[0]?.path, JSON.stringify(body).slice(0, 80)).toBe(path);
      expect(err.details?.[0]?.message).toMatch(message);
    }
    expect(await testDb().schedule.count()).toBe(before);
    const { id } = (await (await create(wf, { cron: '* * * * *' })).json()) as View;
    const bad = await patch(id, { cron: '* * * * * * *' });
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).details?.[0]?.path).toBe('body.cron');
    expect((await testDb().schedule.findUniqueOrThrow({ where: { id } })).cron).toBe('* * * * *');
  });

  it('edits, disables and re-enables: the timer follows, and re-enabling does not catch up the time it was off', async () => {
    const wf = await newWorkflow();
    await activate(wf);
    const { id } = (await (await create(wf, { cron: '*/5 * * * *', input: { region: 'eu' } })).json()) as View;
    expect((await timers()).get(id)?.cron).toBe('*/5 * * * *');

    const edited = await patch(id, {
      cron: '*/10 * * * * *',
      timezone: 'America/New_York',
      overlap: 'queue',
      maxInstances: 2,
    });
    expect(edited.status).toBe(200);
    expect(await edited.json()).toMatchObject({
      cron: '*/10 * * * * *',
      timezone: 'America/New_York',
      overlap: 'queue',
      maxInstances: 2,
      input: { region: 'eu' },
    });
    expect((await timers()).get(id)).toEqual({
      id,
      cron: '*/10 * * * * *',
      timezone: 'America/New_York',
      next: expect.any(Number),
    });

    const disabled = (await (await patch(id, { enabled: false })).json()) as View;
    expect(disabled).toMatchObject({
      enabled: false,
      firing: false,
      notFiringCode: 'disabled',
      notFiringReason: 'disabled',
      nextRunAt: null,
    });
    expect((await timers()).has(id)).toBe(false);

    await testDb().schedule.update({
      where: { id },
      data: { lastDueAt: new Date('2026-01-01T00:00:00Z') },
    });
    const enabledAt = Date.now();
    await patch(id, { enabled: true });
    expect((await timers()).has(id)).toBe(true);
    const row = await testDb().schedule.findUniqueOrThrow({ where: { id } });
    expect(row.lastDueAt.getTime()).toBeGreaterThanOrEqual(enabledAt - 5);
  });

  it('deactivating, reactivating and deleting the workflow remove and restore its timers', async () => {
    const wf = await newWorkflow();
    await activate(wf);
    const a = (await (await create(wf, { cron: '* * * * *' })).json()) as View;
    const b = (await (await create(wf, { cron: '0 * * * *', enabled: false })).json()) as View;
    expect((await timers()).has(a.id)).toBe(true);
    expect((await timers()).has(b.id)).toBe(false);
    await deactivate(wf);
    expect((await timers()).has(a.id)).toBe(false);
    await activate(wf);
    expect((await timers()).has(a.id)).toBe(true);
    expect((await timers()).has(b.id)).toBe(false);
    const del = await workflowRoute.DELETE(
      request(`/api/workflows/${wf}`, { method: 'DELETE', cookie: owner.cookie }),
      routeParams({ id: wf }),
    );
    expect(del.status).toBe(204);
    expect((await timers()).has(a.id)).toBe(false);
    expect(await testDb().schedule.count({ where: { workflowId: wf } })).toBe(0);
  });

  it('deletes a schedule and its timer; hides schedules of workflows the caller may not view', async () => {
    const wf = await newWorkflow();
    await activate(wf);
    const { id } = (await (await create(wf, { cron: '* * * * *' })).json()) as View;
    expect((await create(wf, { cron: '* * * * *' }, member.cookie)).status).toBe(404);
    expect((await patch(id, { enabled: false }, member.cookie)).status).toBe(404);
    expect(
      (await scheduleRoute.GET(request(`/api/schedules/${id}`, { cookie: member.cookie }), routeParams({ id }))).status,
    ).toBe(404);
    expect(
      (await firesRoute.GET(request(`/api/schedules/${id}/fires`, { cookie: member.cookie }), routeParams({ id })))
        .status,
    ).toBe(404);
    const list = await schedulesRoute.GET(
      request(`/api/workflows/${wf}/schedules`, { cookie: member.cookie }),
      routeParams({ id: wf }),
    );
    expect(list.status).toBe(404);

    // A view-only grant: the schedule is visible, marked not editable, and a change is 403.
    await testDb().workflowPermission.create({
      data: { workflowId: wf, userId: member.user.id, canView: true },
    });
    const seen = (await (
      await scheduleRoute.GET(request(`/api/schedules/${id}`, { cookie: member.cookie }), routeParams({ id }))
    ).json()) as View;
    expect(seen).toMatchObject({ id, canEdit: false });
    expect((await patch(id, { enabled: false }, member.cookie)).status).toBe(403);
    expect((await testDb().schedule.findUniqueOrThrow({ where: { id } })).enabled).toBe(true);

    const del = await scheduleRoute.DELETE(
      request(`/api/schedules/${id}`, { method: 'DELETE', cookie: owner.cookie }),
      routeParams({ id }),
    );
    expect(del.status).toBe(204);
    expect((await timers()).has(id)).toBe(false);
    expect(await testDb().schedule.findUnique({ where: { id } })).toBeNull();
    expect(
      (await scheduleRoute.GET(request(`/api/schedules/${id}`, { cookie: owner.cookie }), routeParams({ id }))).status,
    ).toBe(404);
    expect(
      (
        await scheduleRoute.GET(
          request(`/api/schedules/not-a-uuid`, { cookie: owner.cookie }),
          routeParams({ id: 'not-a-uuid' }),
        )
      ).status,
    ).toBe(400);
  });
});
