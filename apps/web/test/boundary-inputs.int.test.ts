// Every operation of the OpenAPI document, called through its real route handler as an owner
// with real ids, with boundary input in each field the document declares: integers past int4
// and past 2^53, a 20,000-deep JSON body (and value), and U+0000 in every string. No answer may be
// a 5xx, and every 4xx is the error shape (issue 19, item 4; STYLE.md "Fix the class"). A new
// route is walked as soon as it is in the document.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, uniqueQueuePrefix } from './helpers';

process.env.QUEUE_PREFIX = uniqueQueuePrefix('boundary');

import { ErrorBody } from '@weft/contracts';
import { PgExecutionCreator } from '@weft/db';
import { WorkflowDefinition } from '@weft/engine';
import { newExecutionState } from '@weft/engine/adapter';
import sumAndBranch from '../../../test/fixtures/sum-and-branch.json';
import * as openapiRoute from '../src/app/api/openapi.json/route';
import * as importRoute from '../src/app/api/workflows/import/route';
import * as activateRoute from '../src/app/api/workflows/[id]/activate/route';
import * as webhooksRoute from '../src/app/api/workflows/[id]/webhooks/route';
import * as schedulesRoute from '../src/app/api/workflows/[id]/schedules/route';
import * as keysRoute from '../src/app/api/api-keys/route';
import { startSession } from '../src/server/auth/sessions';
import { disposeServices, getServices } from '../src/server/composition';
import { createUserWithSession, ORIGIN, routeParams } from './helpers';
import { testDb } from '../../../test/integration/db';

interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
}
interface Parameter {
  in: 'path' | 'query';
  name: string;
  schema: Schema;
}
interface OperationDoc {
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: Schema } } };
}
interface Doc {
  paths: Record<string, Record<string, OperationDoc>>;
  components: { schemas: Record<string, Schema> };
}

type Kind = 'integer' | 'string' | 'json';
interface Leaf {
  path: string[];
  kind: Kind;
}

const DEPTH = 20_000;
const DEEP = '['.repeat(DEPTH) + ']'.repeat(DEPTH);
// As JSON text: 9007199254740993 can't be a JS number (it would be sent as …992).
const BIG_INTEGERS = ['2147483648', '-2147483649', '1e308', '9007199254740993'];
// Stands for raw JSON text in a body until it is serialised.
const RAW = '\u0001raw\u0001';

let doc: Doc;
let owner: Awaited<ReturnType<typeof createUserWithSession>>;
const ids: Record<string, string> = {};
let token = '';

beforeAll(async () => {
  const prisma = testDb();
  doc = (await (await openapiRoute.GET(new Request(`${ORIGIN}/api/openapi.json`))).json()) as Doc;
  owner = await createUserWithSession('owner', 'boundary-owner');
  const member = await createUserWithSession('member', 'boundary-member');
  const post = async (
    route: { POST: (req: Request, ctx?: never) => Promise<Response> },
    path: string,
    body: unknown,
    id?: string,
  ) => {
    const res = await route.POST(
      new Request(ORIGIN + path, {
        method: 'POST',
        headers: { cookie: owner.cookie, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      (id ? routeParams({ id }) : undefined) as never,
    );
    if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string; token?: string; key?: string };
  };
  const workflow = (await post(importRoute, '/api/workflows/import', sumAndBranch)).id;
  await post(activateRoute, `/api/workflows/${workflow}/activate`, {}, workflow);
  // No signature, so boundary bodies reach the parser rather than stopping at 401.
  const hook = await post(
    webhooksRoute,
    `/api/workflows/${workflow}/webhooks`,
    { requireSignature: false, rateLimitMax: 100_000 },
    workflow,
  );
  const schedule = await post(schedulesRoute, `/api/workflows/${workflow}/schedules`, { cron: '0 0 1 1 *' }, workflow);
  const key = await post(keysRoute, '/api/api-keys', { name: 'boundary' });
  const v = await prisma.workflowVersion.findFirstOrThrow({ where: { workflowId: workflow } });
  const execution = await new PgExecutionCreator(getServices().pool).createExecution({
    workflowId: workflow,
    workflowVersionId: v.id,
    version: 1,
    trigger: 'manual',
    triggerData: {},
    state: newExecutionState(WorkflowDefinition.parse(v.definition)),
  });
  const otherSession = await startSession(getServices().store, owner.user.id);
  Object.assign(ids, {
    workflows: workflow,
    webhooks: hook.id,
    schedules: schedule.id,
    executions: execution.id,
    users: member.user.id,
    'api-keys': key.id,
    sessions: otherSession.id,
  });
  ids.member = member.user.id;
  token = hook.token!;
});

afterAll(async () => {
  await testDb().schedule.deleteMany({});
  await disposeServices();
});

/** A valid body per operation, so a boundary value in one field is the only thing wrong with it. */
function baseBody(op: string): unknown {
  const bases: Record<string, unknown> = {
    'post /api/auth/setup': { email: 'setup@example.test', password: PASSWORD, name: 'Setup' },
    'post /api/auth/login': { email: owner.email, password: 'not the password' },
    'post /api/auth/password': { currentPassword: 'not the password', newPassword: 'another password' },
    'post /api/auth/invite': { token: 'no-such-invite', password: PASSWORD, name: 'Invited' },
    'post /api/users': { email: 'boundary-new@example.test', name: 'New', password: PASSWORD, role: 'member' },
    'patch /api/users/{id}': { name: 'Renamed' },
    'post /api/users/invites': { email: 'boundary-invite@example.test', name: 'Invitee', role: 'member' },
    'post /api/api-keys': { name: 'key', expiresAt: '2030-01-31T00:00:00Z', scopes: ['read'] },
    'post /api/workflows': { name: 'Boundary', description: 'd', message: 'm', definition: sumAndBranch },
    'post /api/workflows/import': sumAndBranch,
    'put /api/workflows/{id}': { definition: sumAndBranch, description: 'd', message: 'm' },
    'post /api/workflows/{id}/activate': { version: 1 },
    'post /api/workflows/{id}/run': { input: {}, version: 1 },
    'put /api/workflows/{id}/permissions': {
      grants: [{ userId: ids.member, canView: true, canEdit: false, canDelete: false, canExecute: false }],
    },
    'post /api/workflows/{id}/webhooks': {
      requireSignature: false,
      ipAllowlist: ['127.0.0.1'],
      secret: 'a-secret-of-sufficient-length-0123',
    },
    'patch /api/webhooks/{id}': { enabled: true, ipAllowlist: [] },
    'post /api/workflows/{id}/schedules': { cron: '0 0 1 1 *', timezone: 'UTC', input: {} },
    'patch /api/schedules/{id}': { cron: '0 0 1 1 *', timezone: 'UTC' },
    'post /api/queue/purge': { state: 'waiting', confirm: 'executions' },
  };
  return op in bases ? bases[op] : undefined;
}

function resolve(schema: Schema): Schema {
  let s = schema;
  while (s.$ref) s = doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]!;
  return s;
}

/** Every field a schema declares, with what kind of value it holds. */
function leaves(schema: Schema, path: string[] = [], depth = 0): Leaf[] {
  const s = resolve(schema);
  if (depth > 6) return [];
  const alternatives = s.anyOf ?? s.oneOf ?? s.allOf;
  if (alternatives) return alternatives.flatMap((alt) => leaves(alt, path, depth + 1));
  const types = [s.type ?? []].flat();
  const out: Leaf[] = [];
  if (types.includes('integer') || types.includes('number')) out.push({ path, kind: 'integer' });
  if (types.includes('string') || (s.enum ?? []).some((v) => typeof v === 'string') || typeof s.const === 'string')
    out.push({ path, kind: 'string' });
  if (types.includes('object') || s.properties) {
    for (const [key, prop] of Object.entries(s.properties ?? {})) out.push(...leaves(prop, [...path, key], depth + 1));
    if (typeof s.additionalProperties === 'object' && !s.properties)
      out.push(...leaves(s.additionalProperties, [...path, 'key'], depth + 1));
  }
  if (types.includes('array') && s.items) out.push(...leaves(s.items, [...path, '*'], depth + 1));
  if (types.length === 0 && !s.enum && s.const === undefined && !s.properties && path.length > 0)
    out.push({ path, kind: 'json' });
  return out;
}

/** A copy of `base` with `value` at `path` (`*`: every element; missing containers are made). */
function setAt(base: unknown, path: string[], value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (head === '*') {
    const items = Array.isArray(base) && base.length > 0 ? base : [rest.length === 0 ? undefined : {}];
    return items.map((item) => setAt(item, rest, value));
  }
  const object = typeof base === 'object' && base !== null && !Array.isArray(base) ? base : {};
  return { ...object, [head!]: setAt((object as Record<string, unknown>)[head!], rest, value) };
}

function getAt(base: unknown, path: string[]): unknown {
  let v = base;
  for (const key of path)
    v = key === '*' ? (Array.isArray(v) ? v[0] : undefined) : (v as Record<string, unknown> | undefined)?.[key];
  return v;
}

interface Case {
  name: string;
  params: Record<string, string>;
  query: Record<string, string>;
  /** Raw JSON text, or undefined for no body. */
  body?: string;
}

function bodyText(value: unknown, raw?: string): string {
  const text = JSON.stringify(value);
  return raw === undefined ? text : text.replace(JSON.stringify(RAW), raw);
}

function casesFor(key: string, op: OperationDoc, pathParams: Record<string, string>): Case[] {
  const out: Case[] = [];
  const base = baseBody(key) ?? {};
  const baseText = op.requestBody ? JSON.stringify(base) : undefined;
  for (const p of op.parameters ?? []) {
    const kinds = new Set(leaves(p.schema, [p.name]).map((l) => l.kind));
    const at = (value: string) =>
      p.in === 'path'
        ? { params: { ...pathParams, [p.name]: value }, query: {} }
        : { params: pathParams, query: { [p.name]: value } };
    if (kinds.has('integer'))
      for (const n of BIG_INTEGERS) out.push({ name: `${p.in}.${p.name}=${n}`, ...at(n), body: baseText });
    if (kinds.has('string'))
      out.push({ name: `${p.in}.${p.name} with U+0000`, ...at(`${pathParams[p.name] ?? 'x'}\u0000`), body: baseText });
  }
  // Webhook deliveries take whatever the sender posts: the document declares no body schema.
  if (key.startsWith('post /api/hooks/') || key.startsWith('put /api/hooks/') || key.startsWith('patch /api/hooks/')) {
    out.push({ name: `a ${DEPTH}-deep JSON delivery`, params: pathParams, query: {}, body: DEEP });
    out.push({
      name: 'a delivery with U+0000',
      params: pathParams,
      query: {},
      body: JSON.stringify({ 'k\u0000': ['v\u0000'] }),
    });
  }
  if (op.requestBody) {
    out.push({ name: `a ${DEPTH}-deep body`, params: pathParams, query: {}, body: DEEP });
    for (const leaf of leaves(op.requestBody.content['application/json'].schema)) {
      const field = `body.${leaf.path.join('.')}`;
      if (leaf.kind === 'integer') {
        for (const n of BIG_INTEGERS)
          out.push({
            name: `${field}=${n}`,
            params: pathParams,
            query: {},
            body: bodyText(setAt(base, leaf.path, RAW), n),
          });
      } else if (leaf.kind === 'string') {
        const current = getAt(base, leaf.path);
        const value = `${typeof current === 'string' ? current : 'x'}\u0000`;
        out.push({
          name: `${field} with U+0000`,
          params: pathParams,
          query: {},
          body: bodyText(setAt(base, leaf.path, value)),
        });
      } else {
        out.push({
          name: `${field} ${DEPTH} deep`,
          params: pathParams,
          query: {},
          body: bodyText(setAt(base, leaf.path, RAW), DEEP),
        });
        out.push({
          name: `${field} with U+0000`,
          params: pathParams,
          query: {},
          body: bodyText(setAt(base, leaf.path, { 'k\u0000': 'v\u0000' })),
        });
      }
    }
  }
  return out;
}

/** The real id for `{id}` (by the resource the path names), the webhook's token for `{token}`. */
function pathParamsFor(path: string): Record<string, string> {
  const params: Record<string, string> = {};
  const resource = path.split('/')[path.startsWith('/api/auth/sessions') ? 3 : 2]!;
  if (path.includes('{id}')) params.id = ids[resource]!;
  if (path.includes('{version}')) params.version = '1';
  if (path.includes('{token}')) params.token = token;
  return params;
}

function routeFile(path: string): string {
  return `../src/app/api/${path.replace(/^\/api\//, '').replace(/\{(\w+)\}/g, '[$1]')}/route.ts`;
}

describe('boundary input on every route of the OpenAPI document', () => {
  it('never answers 5xx; every 4xx is the error shape', async () => {
    const failures: string[] = [];
    const missingBase: string[] = [];
    let sent = 0;
    for (const [path, item] of Object.entries(doc.paths)) {
      const mod = (await import(routeFile(path))) as Record<string, (req: Request, ctx?: unknown) => Promise<Response>>;
      for (const [method, op] of Object.entries(item)) {
        const key = `${method} ${path}`;
        if (op.requestBody && baseBody(key) === undefined && key !== 'post /api/auth/logout') missingBase.push(key);
        const handler = mod[method.toUpperCase()];
        if (!handler) throw new Error(`${key}: the route file exports no ${method.toUpperCase()}`);
        const pathParams = pathParamsFor(path);
        for (const c of casesFor(key, op, pathParams)) {
          const url = new URL(
            ORIGIN + path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(c.params[name] ?? '')),
          );
          for (const [name, value] of Object.entries(c.query)) url.searchParams.set(name, value);
          const headers: Record<string, string> = { cookie: owner.cookie };
          if (c.body !== undefined) headers['content-type'] = 'application/json';
          const res = await handler(
            new Request(url, { method: method.toUpperCase(), headers, body: c.body }),
            routeParams(c.params),
          );
          sent++;
          const text = res.headers.get('content-type')?.includes('event-stream')
            ? (await res.body?.cancel(), '')
            : await res.text();
          if (res.status >= 500) failures.push(`${key} ${c.name}: ${res.status} ${text.slice(0, 200)}`);
          else if (res.status >= 400 && !ErrorBody.safeParse(JSON.parse(text || 'null')).success)
            failures.push(`${key} ${c.name}: ${res.status} without the error shape: ${text.slice(0, 200)}`);
        }
      }
    }
    expect(missingBase).toEqual([]);
    expect(failures).toEqual([]);
    // The walk is not vacuous: every kind of case was sent, on the routes the issue names too.
    expect(sent).toBeGreaterThan(200);
  }, 120_000);
});

describe('what the issue named, answered precisely', () => {
  /** Calls the route file of `template` (an OpenAPI path) at `url`. */
  const send = async (template: string, url: string, method: string, params: Record<string, string>, body?: string) => {
    const mod = (await import(routeFile(template))) as Record<
      string,
      (req: Request, ctx?: unknown) => Promise<Response>
    >;
    const headers: Record<string, string> = {
      cookie: owner.cookie,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    };
    const res = await mod[method]!(new Request(ORIGIN + url, { method, headers, body }), routeParams(params));
    return {
      status: res.status,
      body: (await res.json()) as { error?: { message: string; details?: Array<{ path: string; message: string }> } },
    };
  };
  const wf = () => ids.workflows!;

  it('a version past int4 is a 400 naming the field, and starts or changes nothing', async () => {
    const prisma = testDb();
    const before = {
      executions: await prisma.execution.count({ where: { workflowId: wf() } }),
      workflow: await prisma.workflow.findUniqueOrThrow({ where: { id: wf() } }),
    };
    const bound = 'must be <= 2147483647';
    const version = await send(
      '/api/workflows/{id}/versions/{version}',
      `/api/workflows/${wf()}/versions/2147483648`,
      'GET',
      { id: wf(), version: '2147483648' },
    );
    expect(version).toEqual({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_ERROR',
          message: `Invalid params: params.version ${bound}`,
          details: [{ path: 'params.version', message: bound }],
        },
      },
    });
    const exported = await send(
      '/api/workflows/{id}/export',
      `/api/workflows/${wf()}/export?version=2147483648`,
      'GET',
      { id: wf() },
    );
    expect(exported.body.error?.details).toEqual([{ path: 'query.version', message: bound }]);
    for (const action of ['run', 'activate']) {
      const res = await send(
        `/api/workflows/{id}/${action}`,
        `/api/workflows/${wf()}/${action}`,
        'POST',
        { id: wf() },
        '{"version":2147483648}',
      );
      expect({ action, status: res.status, details: res.body.error?.details }).toEqual({
        action,
        status: 400,
        details: [{ path: 'body.version', message: bound }],
      });
    }
    expect(await prisma.execution.count({ where: { workflowId: wf() } })).toBe(before.executions);
    expect((await prisma.workflow.findUniqueOrThrow({ where: { id: wf() } })).activeVersion).toBe(
      before.workflow.activeVersion,
    );
  });

  it('a body nested past 128 levels is a 400 naming the limit; 128 levels are fine', async () => {
    const prisma = testDb();
    const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
    const workflows = await prisma.workflow.count();
    const deep = await send('/api/workflows/import', '/api/workflows/import', 'POST', {}, DEEP);
    expect(deep).toEqual({
      status: 400,
      body: {
        error: {
          code: 'VALIDATION_ERROR',
          message: 'Request body is nested deeper than 128 levels of arrays and objects (the limit)',
          details: [{ path: 'body', message: 'is nested deeper than 128 levels of arrays and objects (the limit)' }],
        },
      },
    });
    expect(await prisma.workflow.count()).toBe(workflows);

    const runStatus = async (body: string) =>
      (await send('/api/workflows/{id}/run', `/api/workflows/${wf()}/run`, 'POST', { id: wf() }, body)).status;
    // `{"input": …}` is one level, so the input itself may nest 127 deep.
    expect(await runStatus(`{"input":${nested(127)}}`)).toBe(202);
    expect(await runStatus(`{"input":${nested(128)}}`)).toBe(400);
    // Brackets inside strings are text, not nesting.
    expect(await runStatus(JSON.stringify({ input: { text: `"${'['.repeat(500)}\\"` } }))).toBe(202);
  });

  it('a webhook delivery nested past the limit is a 400 and records no execution', async () => {
    const prisma = testDb();
    const executions = await prisma.execution.count({ where: { workflowId: wf(), trigger: 'webhook' } });
    const res = await send('/api/hooks/{token}', `/api/hooks/${token}`, 'POST', { token }, DEEP);
    expect(res.status).toBe(400);
    expect(res.body.error?.details).toEqual([
      { path: 'body', message: 'is nested deeper than 128 levels of arrays and objects (the limit)' },
    ]);
    expect(await prisma.execution.count({ where: { workflowId: wf(), trigger: 'webhook' } })).toBe(executions);
    expect(
      (await send('/api/hooks/{token}', `/api/hooks/${token}`, 'POST', { token }, '{"a":[[["deep enough"]]]}')).status,
    ).toBe(202);
  });
});
