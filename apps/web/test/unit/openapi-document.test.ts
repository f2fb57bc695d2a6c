// The OpenAPI document (GET /api/openapi.json) against the route files themselves: every
// exported method of every apps/web/src/app/api/**/route.ts is in it (and nothing else), and
// it is valid OpenAPI 3.1 by a maintained validator. Reads the files, imports no route.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { buildOpenApiDocument } from '@weft/contracts/openapi';
import { describe, expect, it } from 'vitest';

const API_DIR = new URL('../../src/app/api/', import.meta.url).pathname;
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return routeFiles(path);
    return e.name === 'route.ts' ? [path] : [];
  });
}

/** `workflows/[id]/versions/[version]/route.ts` → `/api/workflows/{id}/versions/{version}`. */
function openApiPath(file: string): string {
  const segments = relative(API_DIR, file).split(sep).slice(0, -1);
  return `/api/${segments.map((s) => s.replace(/^\[(.+)\]$/, '{$1}')).join('/')}`.replace(/\/$/, '');
}

/** Methods the file exports (`export const GET = …`, `export async function POST`, `export { GET }`). */
function exportedMethods(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return METHODS.filter(
    (m) =>
      new RegExp(`export\\s+(?:const|let|async\\s+function|function)\\s+${m}\\b`).test(source) ||
      new RegExp(`export\\s*\\{[^}]*\\b${m}\\b[^}]*\\}`).test(source),
  );
}

const routes = routeFiles(API_DIR).flatMap((file) =>
  exportedMethods(file).map((method) => `${method.toLowerCase()} ${openApiPath(file)}`),
);
const document = buildOpenApiDocument({ version: '1.2.3' });
const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  Object.keys(item as object)
    .filter((k) => (METHODS as readonly string[]).includes(k.toUpperCase()))
    .map((method) => `${method} ${path}`),
);

describe('the OpenAPI document covers every route file', () => {
  it('finds the route files (so an empty scan cannot pass)', () => {
    expect(routes.length).toBeGreaterThan(40);
    expect(routes).toContain('post /api/workflows/{id}/run');
    expect(routes).toContain('delete /api/hooks/{token}');
  });

  it('has every exported method of every route file', () => {
    const missing = routes.filter((r) => !operations.includes(r));
    expect(missing, `add these to packages/contracts/src/openapi/operations.ts`).toEqual([]);
  });

  it('documents no operation that no route file serves', () => {
    expect(operations.filter((o) => !routes.includes(o))).toEqual([]);
  });
});

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1', async () => {
    const result = await new Validator().validate(JSON.parse(JSON.stringify(document)));
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('1.2.3');
    // The validator does refuse a broken document (a path parameter that is not required).
    const broken = JSON.parse(JSON.stringify(document)) as {
      paths: Record<string, Record<string, { parameters: Array<{ required?: boolean }> }>>;
    };
    broken.paths['/api/workflows/{id}']!.get!.parameters[0]!.required = false;
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('resolves every $ref to a component', () => {
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    expect(refs.length).toBeGreaterThan(50);
    const schemas = document.components?.schemas ?? {};
    expect([...new Set(refs)].filter((r) => !(r in schemas))).toEqual([]);
  });

  type Op = {
    security?: unknown[];
    parameters?: Array<{ in: string; name: string; required?: boolean }>;
    responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
    operationId: string;
  };
  const ops = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Op>).map(([method, op]) => ({ path, method, op })),
  );

  it('says how to authenticate: public operations need nothing, every other one a session or a bearer key', () => {
    const byKey = new Map(ops.map((o) => [`${o.method} ${o.path}`, o.op]));
    expect(byKey.get('post /api/auth/login')!.security).toEqual([]);
    expect(byKey.get('post /api/hooks/{token}')!.security).toEqual([]);
    expect(byKey.get('get /api/workflows')!.security).toEqual([{ session: [] }, { bearer: [] }]);
    expect(byKey.get('get /api/metrics')!.security).toEqual([{ metricsToken: [] }, {}]);
    for (const { op } of ops) expect(op.security).toBeDefined();
    expect(Object.keys(document.components?.securitySchemes ?? {}).sort()).toEqual([
      'bearer',
      'metricsToken',
      'session',
    ]);
  });

  it('names every path param, and answers errors with the one error shape', () => {
    for (const { path, op } of ops) {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(
        (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name),
        path,
      ).toEqual(inPath);
      const errors = Object.entries(op.responses).filter(([status]) => Number(status) >= 400);
      // Liveness answers without services, and this document needs none either.
      if (path !== '/api/health/live' && path !== '/api/openapi.json')
        expect(errors.length, `${path} lists its error responses`).toBeGreaterThan(0);
      for (const [, r] of errors)
        expect(r.content?.['application/json']?.schema?.$ref).toBe('#/components/schemas/Error');
    }
    expect(new Set(ops.map((o) => o.op.operationId)).size).toBe(ops.length);
  });

  it('describes what the handlers answer: the workflow, the execution with its steps, list envelopes', () => {
    const schemas = document.components!.schemas as Record<
      string,
      { properties?: Record<string, unknown>; required?: string[] }
    >;
    expect(schemas.Workflow!.required).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'description',
        'activeVersion',
        'latestVersion',
        'createdAt',
        'updatedAt',
        'definition',
      ]),
    );
    expect(schemas.ExecutionDetail!.required).toEqual(
      expect.arrayContaining(['status', 'trigger', 'steps', 'stepsNextCursor', 'error', 'errorNodeId']),
    );
    expect(schemas.ExecutionStatus).toMatchObject({
      enum: ['queued', 'running', 'succeeded', 'failed', 'canceled', 'timed_out'],
    });
    const list = (document.paths!['/api/executions'] as { get: Op }).get.responses['200']!.content!['application/json']!
      .schema as { properties: Record<string, unknown> };
    expect(Object.keys(list.properties)).toEqual(['items', 'nextCursor']);
  });

  it('says which actions and scopes an operation needs: arming a trigger needs edit and execute, write and execute', () => {
    const webhookCreate = (
      document.paths!['/api/workflows/{id}/webhooks'] as {
        post: Op & { description: string; 'x-weft-permission': unknown };
      }
    ).post;
    expect(webhookCreate['x-weft-permission']).toEqual({ workflow: ['edit', 'execute'] });
    expect(webhookCreate.description).toContain('Needs `edit` and `execute` on the workflow');
    expect(webhookCreate.description).toContain('API key scopes: `write` and `execute`.');
    const run = (document.paths!['/api/workflows/{id}/run'] as { post: Op & { description: string } }).post;
    expect(run.description).toContain('API key scope: `execute`.');
  });
});
