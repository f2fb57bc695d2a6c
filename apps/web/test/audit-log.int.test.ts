// GET /api/audit: the audit log for owners and admins, filtered and paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as auditRoute from '../src/app/api/audit/route';
import * as keysRoute from '../src/app/api/api-keys/route';
import * as loginRoute from '../src/app/api/auth/login/route';
import * as importRoute from '../src/app/api/workflows/import/route';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import { disposeServices } from '../src/server/composition';
import { createUserWithSession, errorOf, PASSWORD, request, uniqueIp } from './helpers';

let admin: Awaited<ReturnType<typeof createUserWithSession>>;
let member: Awaited<ReturnType<typeof createUserWithSession>>;
beforeAll(async () => {
  admin = await createUserWithSession('admin', 'audit-admin');
  member = await createUserWithSession('member', 'audit-member');
});
afterAll(() => disposeServices());

type Page = {
  items: Array<{
    id: string;
    action: string;
    result: string;
    actor: { id: string; email: string } | null;
    targetType: string | null;
    targetId: string | null;
    targetName?: string | null;
    ip: string | null;
  }>;
  nextCursor: string | null;
};
const audit = async (query: string, cookie = admin.cookie) => auditRoute.GET(request(`/api/audit${query}`, { cookie }));

describe('GET /api/audit', () => {
  it('lists what happened, newest first, with the actor; filters by action, actor, result and target; pages', async () => {
    const created = (await (
      await keysRoute.POST(request('/api/api-keys', { body: { name: 'audited' }, cookie: member.cookie }))
    ).json()) as { id: string };
    const ip = uniqueIp();
    await loginRoute.POST(
      request('/api/auth/login', {
        body: { email: member.email, password: 'wrong password!' },
        headers: { 'x-forwarded-for': ip },
      }),
    );
    await loginRoute.POST(request('/api/auth/login', { body: { email: member.email, password: PASSWORD } }));

    const byMember = (await (await audit(`?actorId=${member.user.id}&limit=500`)).json()) as Page;
    expect(byMember.items.map((e) => e.action)).toEqual(expect.arrayContaining(['api_key.create']));
    const keyEvent = byMember.items.find((e) => e.action === 'api_key.create')!;
    expect(keyEvent).toMatchObject({
      targetId: created.id,
      result: 'success',
      actor: { id: member.user.id, email: member.email },
    });

    const failures = (await (await audit('?action=auth.login&result=failure&limit=500')).json()) as Page;
    expect(failures.items.length).toBeGreaterThan(0);
    expect(failures.items.every((e) => e.action === 'auth.login' && e.result === 'failure')).toBe(true);
    const logins = (await (await audit('?action=auth.&limit=500')).json()) as Page;
    expect(logins.items.every((e) => e.action.startsWith('auth.'))).toBe(true);
    expect(logins.items.some((e) => e.result === 'success')).toBe(true);
    expect((await (await audit(`?targetId=${created.id}`)).json()) as Page).toMatchObject({
      items: [expect.objectContaining({ action: 'api_key.create' })],
    });

    const first = (await (await audit('?limit=2')).json()) as Page;
    expect(first.items).toHaveLength(2);
    expect(first.items[0]!.id > first.items[1]!.id).toBe(true);
    const second = (await (await audit(`?limit=2&cursor=${first.nextCursor}`)).json()) as Page;
    expect(second.items[0]!.id < first.items[1]!.id).toBe(true);
  });

  it("names the target a person knows: a workflow's name, a user's; none for an API key", async () => {
    const imported = await importRoute.POST(
      request('/api/workflows/import', { body: sumAndBranch, cookie: member.cookie }),
    );
    const workflowId = ((await imported.json()) as { id: string }).id;
    await loginRoute.POST(request('/api/auth/login', { body: { email: member.email, password: PASSWORD } }));
    const key = (await (
      await keysRoute.POST(request('/api/api-keys', { body: { name: 'unnamed target' }, cookie: member.cookie }))
    ).json()) as { id: string };

    const named = async (query: string) => ((await (await audit(query)).json()) as Page).items[0];
    expect(await named(`?targetId=${workflowId}`)).toMatchObject({
      targetType: 'workflow',
      targetName: 'Sum and branch',
    });
    expect(await named(`?targetId=${member.user.id}&action=auth.login&result=success`)).toMatchObject({
      targetType: 'user',
      targetName: member.user.name,
    });
    expect(await named(`?targetId=${key.id}`)).toMatchObject({ targetType: 'api_key', targetName: null });
  });

  it('is for owners and admins (403 for a member, 401 without auth), and names bad filters', async () => {
    expect((await audit('', member.cookie)).status).toBe(403);
    expect((await auditRoute.GET(request('/api/audit'))).status).toBe(401);
    for (const [q, path] of [
      ['?since=yesterday', 'query.since'],
      ['?result=maybe', 'query.result'],
      ['?actorId=7', 'query.actorId'],
      ['?limit=501', 'query.limit'],
    ] as const) {
      const res = await audit(q);
      expect(res.status, q).toBe(400);
      expect((await errorOf(res)).details?.[0]?.path, q).toBe(path);
    }
  });
});
