// The route × caller matrix (issue 11, docs/access.md): every route file under app/api is found
// from the files, must declare its permission, and answers each kind of caller as the policy
// says — 401 without valid auth, 404 for a workflow the caller may not view, 403 for one they
// may view but not act on. A new route without a declared permission fails here.
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('route-permissions');

import { PgExecutionCreator } from '@weft/db';
import { WorkflowDefinition } from '@weft/engine';
import { newExecutionState } from '@weft/engine/adapter';
import * as schedulesRoute from '../src/app/api/workflows/[id]/schedules/route';
import * as keysRoute from '../src/app/api/api-keys/route';
import * as keyRoute from '../src/app/api/api-keys/[id]/route';
import { requiredScopes, resourceOf } from '@weft/contracts';
import type { Permission } from '../src/server/http/define-route';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, request, routeParams } from './helpers';
import { createWebhook, importActiveWorkflow } from './webhooks';
import { testDb } from '../../../test/integration/db';

const API_DIR = new URL('../src/app/api/', import.meta.url).pathname;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Action = 'view' | 'edit' | 'delete' | 'execute';
// A member's grant: one flag, or edit and execute together (what arming a trigger needs).
type Grant = Action | 'edit+execute';
type Scope = 'read' | 'write' | 'execute';
type Caller = {
  name: string;
  cookie?: string;
  bearer?: string;
  role: 'none' | 'owner' | 'admin' | 'member';
  grant?: Grant | 'none';
  scopes?: Scope[];
};

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return routeFiles(path);
    return entry === 'route.ts' ? [path] : [];
  });
}

interface Route {
  file: string;
  method: (typeof METHODS)[number];
  handler: ((req: Request, ctx?: unknown) => Promise<Response> | Response) & { permission?: Permission };
}

const routes: Route[] = [];
const callers: Caller[] = [];
let owner: Awaited<ReturnType<typeof createUserWithSession>>;
const members = new Map<Grant | 'none', Awaited<ReturnType<typeof createUserWithSession>>>();

beforeAll(async () => {
  for (const file of routeFiles(API_DIR)) {
    const mod = (await import(file)) as Record<string, Route['handler']>;
    for (const method of METHODS)
      if (typeof mod[method] === 'function')
        routes.push({ file: relative(API_DIR, file), method, handler: mod[method] });
  }
  owner = await createUserWithSession('owner', 'matrix-owner');
  const admin = await createUserWithSession('admin', 'matrix-admin');
  for (const g of ['none', 'view', 'edit', 'delete', 'execute', 'edit+execute'] as const)
    members.set(g, await createUserWithSession('member', `matrix-${g.replace('+', '-')}`));
  const key = async (name: string, scopes?: Scope[]) =>
    (await (
      await keysRoute.POST(request('/api/api-keys', { body: { name, scopes }, cookie: owner.cookie }))
    ).json()) as { id: string; key: string };
  const revoked = await key('revoked');
  await keyRoute.DELETE(
    request(`/api/api-keys/${revoked.id}`, { method: 'DELETE', cookie: owner.cookie }),
    routeParams({ id: revoked.id }),
  );
  const expired = await key('expired');
  await testDb().apiKey.update({
    where: { id: expired.id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  const valid = await key('valid');
  const readOnly = await key('read only', ['read']);
  const runOnly = await key('execute only', ['execute']);
  const readWrite = await key('read write', ['read', 'write']);
  const writeRun = await key('write execute', ['write', 'execute']);
  callers.push(
    { name: 'no auth', role: 'none' },
    { name: 'revoked key', bearer: revoked.key, role: 'none' },
    { name: 'expired key', bearer: expired.key, role: 'none' },
    { name: 'owner (key)', bearer: valid.key, role: 'owner' },
    { name: 'owner (read-only key)', bearer: readOnly.key, role: 'owner', scopes: ['read'] },
    { name: 'owner (execute-only key)', bearer: runOnly.key, role: 'owner', scopes: ['execute'] },
    { name: 'owner (read+write key)', bearer: readWrite.key, role: 'owner', scopes: ['read', 'write'] },
    { name: 'owner (write+execute key)', bearer: writeRun.key, role: 'owner', scopes: ['write', 'execute'] },
    { name: 'owner', cookie: owner.cookie, role: 'owner' },
    { name: 'admin', cookie: admin.cookie, role: 'admin' },
    ...[...members].map(([grant, m]) => ({
      name: `member, grant ${grant}`,
      cookie: m.cookie,
      role: 'member' as const,
      grant,
    })),
  );
});

afterAll(async () => {
  await testDb().schedule.deleteMany({});
  await disposeServices();
});

/**
 * A fresh workflow (active, one schedule, one webhook, one execution) with each member's grant, so a DELETE in
 * one case can't affect another.
 */
async function fixtures() {
  const prisma = testDb();
  const wf = await importActiveWorkflow(owner);
  const hook = await createWebhook(owner, wf);
  const schedule = (await (
    await schedulesRoute.POST(
      request(`/api/workflows/${wf}/schedules`, { body: { cron: '0 0 1 1 *' }, cookie: owner.cookie }),
      routeParams({ id: wf }),
    )
  ).json()) as { id: string };
  const v = await prisma.workflowVersion.findFirstOrThrow({ where: { workflowId: wf } });
  const execution = await new PgExecutionCreator(getServices().pool).createExecution({
    workflowId: wf,
    workflowVersionId: v.id,
    version: 1,
    trigger: 'manual',
    triggerData: {},
    state: newExecutionState(WorkflowDefinition.parse(v.definition)),
  });
  const flags = {
    view: { canView: true },
    edit: { canEdit: true },
    delete: { canDelete: true },
    execute: { canExecute: true },
    'edit+execute': { canEdit: true, canExecute: true },
  } as const;
  for (const [grant, m] of members)
    if (grant !== 'none')
      await prisma.workflowPermission.create({
        data: { workflowId: wf, userId: m.user.id, canView: false, ...flags[grant] },
      });
  return { workflow: wf, schedule: schedule.id, webhook: hook.id, execution: execution.id, token: hook.token };
}

/** What the policy says this caller gets on this route: an exact status, or "past the permission check". */
function expected(permission: Permission, method: string, caller: Caller): number | 'allowed' | 'signed-in' | 'any' {
  if (permission === 'public') return 'any';
  if (caller.role === 'none') return 401;
  // A key without a scope the request needs: 403 (read for GETs, execute to run or arm a trigger, write otherwise).
  if (caller.scopes && requiredScopes(permission, method).some((s) => !caller.scopes!.includes(s))) return 403;
  // Past authentication; what it finds is the handler's (only the caller's own API keys, say).
  if (permission === 'signed-in') return 'signed-in';
  // Past the check (a users/:id route given some other id answers 404 for the user, which is fine).
  if (permission === 'admin') return caller.role === 'member' ? 403 : 'signed-in';
  if (caller.role !== 'member') return 'allowed';
  const { actions } = resourceOf(permission);
  const grant = caller.grant!;
  if (grant === 'none') return 404;
  // Any grant implies view; every action the route needs must be granted.
  const granted = new Set<Action>(['view', ...(grant.split('+') as Action[])]);
  return actions.every((a) => granted.has(a)) ? 'allowed' : 403;
}

describe('every route declares its permission', () => {
  it('finds the route files (the walk is not vacuous)', () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => `${r.method} ${r.file}`)).toContain('POST workflows/[id]/run/route.ts');
  });
  it('each exported handler carries a declared permission', () => {
    const missing = routes.filter((r) => r.handler.permission === undefined).map((r) => `${r.method} ${r.file}`);
    expect(missing).toEqual([]);
  });
});

describe('route × caller matrix', () => {
  it('answers every caller as the policy says', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      const permission = route.handler.permission!;
      for (const caller of callers) {
        const want = expected(permission, route.method, caller);
        if (want === 'any') continue;
        const ids = await fixtures();
        const kind = typeof permission === 'object' ? (Object.keys(permission)[0] as keyof typeof ids) : null;
        const params: Record<string, string> = {};
        if (route.file.includes('[id]')) params.id = kind ? ids[kind] : ids.workflow;
        if (route.file.includes('[version]')) params.version = '1';
        if (route.file.includes('[token]')) params.token = ids.token;
        const path = `/api/${route.file
          .replace(/\/?route\.ts$/, '')
          .replace('[id]', params.id ?? '')
          .replace('[version]', '1')
          .replace('[token]', params.token ?? '')}`;
        const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : {};
        const res = await route.handler(
          request(path, { method: route.method, body, cookie: caller.cookie, bearer: caller.bearer }),
          routeParams(params),
        );
        await res.body?.cancel().catch(() => undefined);
        const ok =
          want === 'allowed'
            ? ![401, 403, 404].includes(res.status) && res.status < 500
            : want === 'signed-in'
              ? ![401, 403].includes(res.status) && res.status < 500
              : res.status === want;
        if (!ok) failures.push(`${route.method} ${path} as ${caller.name}: got ${res.status}, expected ${want}`);
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
