import { z } from 'zod';
import {
  createDocument,
  type ZodOpenApiOperationObject,
  type ZodOpenApiPathsObject,
  type ZodOpenApiResponsesObject,
} from 'zod-openapi';
import { ERROR_STATUS, ErrorBody } from '../common';
import type { ApiKeyScope } from '../enums';
import { requiredScopes, resourceOf } from '../permissions';
import { OPERATIONS, type ErrorResponse, type Operation, type Permission } from './operations';

/**
 * The OpenAPI 3.1 document of the HTTP API, built from the operations table and the same zod
 * schemas the route handlers parse with (docs/api.md). Pure: the web app serves it at
 * `GET /api/openapi.json` and renders it on /api-docs.
 */

export type Scope = ApiKeyScope;

/** The API key or JWT scopes an operation needs (the same rule defineRoute checks). */
export function scopesOf(op: Pick<Operation, 'permission' | 'method'>): Scope[] {
  return requiredScopes(op.permission, op.method);
}

const code = (words: readonly string[]) => words.map((w) => `\`${w}\``).join(' and ');

function describePermission(p: Permission): string {
  if (p === 'public') return 'Public: no sign-in.';
  if (p === 'signed-in') return 'Any signed-in user or API key; answers cover only what the caller may view or owns.';
  if (p === 'admin') return 'Owners and admins.';
  const { kind, actions } = resourceOf(p);
  const on = kind === 'workflow' ? 'the workflow' : `the ${kind}'s workflow`;
  const why = actions.length > 1 && actions.includes('execute') ? ' (it starts runs, or hands out a way to)' : '';
  return (
    `Needs ${code(actions)} on ${on}${why}: 404 when the caller may not view it (its existence is not ` +
    `revealed), 403 when they may view it but not ${actions.join(' and ')}.`
  );
}

const UNSAFE = new Set(['post', 'put', 'patch', 'delete']);

/** The error statuses an operation can answer: the ones its shape implies, plus its own. */
export function errorResponses(op: Operation): ErrorResponse[] {
  const out = new Map<number, string[]>();
  const add = (status: number, description: string) => out.set(status, [...(out.get(status) ?? []), description]);
  if (op.params || op.query || op.body)
    add(400, 'Invalid input: `details` names each field (`body.name`, `query.limit`) and what is wrong.');
  if (op.permission !== 'public') add(401, 'Not signed in, or the API key or token is invalid, expired or revoked.');
  if (op.permission === 'admin') add(403, 'The caller is not an owner or admin.');
  if (typeof op.permission === 'object') {
    add(403, 'The caller may view it but not do this.');
    add(404, 'Not found, or the caller may not view it.');
  }
  if (op.permission !== 'public')
    add(
      403,
      `An API key or token without ${scopesOf(op).length > 1 ? 'both ' : ''}the ${code(scopesOf(op))} ` +
        `scope${scopesOf(op).length > 1 ? 's' : ''}.`,
    );
  if (UNSAFE.has(op.method) && op.security !== 'none')
    add(403, 'A cross-site request (CSRF check; API-key requests are exempt).');
  if (op.body) {
    add(413, 'The body is larger than MAX_PAYLOAD_BYTES.');
    add(415, 'A form content type; send JSON.');
  }
  for (const e of op.errors ?? []) add(e.status, e.description);
  if (op.path !== '/api/health/live' && op.path !== '/api/openapi.json' && !out.has(503))
    add(503, 'The database is unavailable; try again shortly.');
  return [...out.entries()].sort(([a], [b]) => a - b).map(([status, d]) => ({ status, description: d.join(' ') }));
}

const json = (schema: z.ZodType) => ({ 'application/json': { schema } });

function toOperation(id: string, op: Operation): ZodOpenApiOperationObject {
  const responses: ZodOpenApiResponsesObject = {};
  for (const r of op.responses) {
    responses[String(r.status) as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: r.description,
      ...(r.schema
        ? { content: json(r.schema) }
        : r.contentType
          ? { content: { [r.contentType]: { schema: z.string() } } }
          : {}),
    };
  }
  for (const e of errorResponses(op))
    responses[String(e.status) as `${1 | 2 | 3 | 4 | 5}${string}`] = {
      description: e.description,
      content: json(ErrorBody),
    };
  const scopes = scopesOf(op);
  const description = [
    op.description,
    describePermission(op.permission),
    scopes.length ? `API key scope${scopes.length > 1 ? 's' : ''}: ${code(scopes)}.` : null,
  ]
    .filter(Boolean)
    .join('\n\n');
  return {
    operationId: id,
    tags: [op.tag],
    summary: op.summary,
    description,
    ...(op.params || op.query
      ? { requestParams: { ...(op.params ? { path: op.params } : {}), ...(op.query ? { query: op.query } : {}) } }
      : {}),
    ...(op.body ? { requestBody: { required: true, content: json(op.bodyDoc ?? op.body) } } : {}),
    responses,
    security:
      op.security === 'metrics'
        ? [{ metricsToken: [] }, {}]
        : op.permission === 'public'
          ? []
          : [{ session: [] }, { bearer: [] }],
    'x-weft-permission': op.permission,
  };
}

const DESCRIPTION = `The HTTP API of Weft, a self-hosted workflow engine (docs/api.md).

* *Authentication**: a browser session cookie (\`POST /api/auth/login\`), or \`Authorization: Bearer <key>\` with an API
* key (\`wft_…\`, made on the Account page or with \`POST /api/api-keys\`) or a JWT signed with \`JWT_SECRET\`. Keys and
* tokens carry scopes: \`read\` (GET), \`write\` (other changes), \`execute\` (start runs; with \`write\`, also create
* webhooks and schedules, enable them, rotate a webhook's secret and activate a version).

**Errors** are \`{ "error": { "code", "message", "details"? } }\`; the code picks the status: ${Object.entries(
  ERROR_STATUS,
)
  .map(([code, status]) => `\`${code}\` ${status}`)
  .join(', ')}.

* *Lists** are \`{ "items": [...], "nextCursor": string|null }\`; pass \`?cursor=<nextCursor>\` for the next page,
* \`?limit=\` (default 50, at most 500).`;

export interface DocumentOptions {
  /** The app's version (package.json). */
  version: string;
}

export function buildOpenApiDocument({ version }: DocumentOptions) {
  const paths: ZodOpenApiPathsObject = {};
  for (const [id, op] of Object.entries(OPERATIONS) as [string, Operation][]) {
    const item = (paths[op.path] ??= {});
    if (item[op.method]) throw new Error(`duplicate operation ${op.method} ${op.path}`);
    item[op.method] = toOperation(id, op);
  }
  return createDocument({
    openapi: '3.1.0',
    info: { title: 'Weft API', version, description: DESCRIPTION },
    servers: [{ url: '/', description: 'This Weft server' }],
    tags: [...new Set(Object.values(OPERATIONS).map((o) => o.tag))].map((name) => ({ name })),
    components: {
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: 'weft_session',
          description: 'The browser session (`__Host-weft_session` over https), set by `POST /api/auth/login`.',
        },
        metricsToken: { type: 'http', scheme: 'bearer', description: '`METRICS_TOKEN`, for `GET /api/metrics` only.' },
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An API key (`wft_…`) or a JWT (HS256 with `JWT_SECRET`, `sub` = user id, `exp` required, optional `scope`).',
        },
      },
    },
    paths,
  });
}
