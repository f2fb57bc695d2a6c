import 'server-only';
import { randomUUID } from 'node:crypto';
import type { Logger } from '@weft/observability';
import { storableJson } from '@weft/engine';
import type { z } from 'zod';
import { requiredScopes, type Permission } from '@weft/contracts';
import { authenticate, presentsBearer } from '../auth/authenticate';
import { isAdmin, type AuthUser } from '../auth/auth-user';
import { withAuditLog } from '../audit';
import { assertResource } from '../auth/resource-access';
import { assertScopes } from '../auth/scopes';
import { isHttps, sessionCookie } from '../auth/cookies';
import { assertSameOrigin, formContentTypeRefused, isFormContentType, isUnsafeMethod } from '../auth/csrf';
import { getServices, type Services } from '../composition';
import { clientIp } from './client-ip';
import { ApiError, errorResponse } from './errors';
import { json } from './json';
import { toApiError } from './map-error';
import { readJsonBody } from './read-body';
import { parseInput } from './validation';

/**
 * What a route needs, declared on the route (docs/access.md):
 * - `public`: no lookup (user is null) — login, setup, health, webhook deliveries;
 * - `signed-in`: any signed-in user or API key, else 401 — the handler lists only what the
 *   caller may view (`visibilityFor`), or only the caller's own things (API keys);
 * - `admin`: owner or admin, else 403;
 * - `{ workflow | schedule | webhook | execution: action | [action, …] }`: `params.id` names
 *   that resource; the caller must be allowed every action on its workflow: 404 when they may
 *   not view it (its existence is not revealed), 403 when they may view but not do this.
 *   Checked before the query and body are read.
 * An API key or JWT also needs the scopes `requiredScopes` derives (@weft/contracts permissions.ts).
 */
export type { Permission };

type Schema = z.ZodType | undefined;
type Infer<S extends Schema> = S extends z.ZodType ? z.output<S> : undefined;

export interface RouteOptions<M extends Permission, P extends Schema, Q extends Schema, B extends Schema> {
  permission: M;
  /** Path params (`[id]` folders). Values are strings. */
  params?: P;
  /** Search params; repeated keys arrive as arrays. Use `z.coerce` for numbers. */
  query?: Q;
  /**
   * JSON body. Write these with `.strict()` so unknown fields are a 400 naming them
   * (a typo like `activeVersoin` should not be silently ignored). A route without a body
   * schema never reads the body.
   */
  body?: B;
  /** Body size cap; defaults to MAX_PAYLOAD_BYTES. Over it → 413, nothing is read further. */
  maxBodyBytes?: number;
  /**
   * Cross-site request checks (auth/csrf.ts) on unsafe methods: Origin / Sec-Fetch-Site
   * must say same-origin and form content types are refused — for cookie requests and
   * for credential-less ones (login CSRF) alike; API-key requests are exempt. Default on.
   * `false` only for endpoints meant to be called from anywhere (public webhooks).
   */
  csrf?: boolean;
}

export interface HandlerContext<M extends Permission, P extends Schema, Q extends Schema, B extends Schema> {
  req: Request;
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  user: M extends 'public' ? null : AuthUser;
  services: Services;
  /** Client address (audit records, throttling): TCP peer, or per TRUST_PROXY hops; null when unknown. */
  ip: string | null;
  /** The services' logger with this request's `requestId` on every line. */
  logger: Logger;
}

/** Next's second handler argument; optional so tests can call `GET(request)`. */
export interface NextRouteContext {
  params: Promise<Record<string, string | string[] | undefined>>;
}

/** What a handler may return: a Response as is, `undefined` → 204, anything else → 200 JSON. */
export type HandlerResult = Response | object | undefined;

export type RouteHandler = ((req: Request, context?: NextRouteContext) => Promise<Response>) & {
  /** What the route declared (read by the route × role matrix test). */
  readonly permission: Permission;
};

/**
 * Builds an App Router route handler: authenticates, validates params/query/body with
 * zod, runs `handler`, and maps every thrown error through the one table in errors.ts.
 * Export the result as `GET`/`POST`/…; it also runs directly in tests with a plain Request.
 */
export function defineRoute<
  M extends Permission,
  P extends Schema = undefined,
  Q extends Schema = undefined,
  B extends Schema = undefined,
>(
  options: RouteOptions<M, P, Q, B>,
  handler: (ctx: HandlerContext<M, P, Q, B>) => Promise<HandlerResult> | HandlerResult,
): RouteHandler {
  const route = async (req: Request, context?: NextRouteContext): Promise<Response> => {
    let services: Services | undefined;
    let logger: Logger | undefined;
    const requestId = requestIdOf(req);
    try {
      services = getServices();
      logger = services.logger.child({ requestId });
      if (options.csrf !== false) refuseCrossSite(req, services);
      const user = await authorize(options.permission, req, services);

      // U+0000 can't be stored in Postgres text or jsonb: it becomes U+FFFD wherever input
      // enters (docs/security.md), so no field can make a query fail with a 500.
      const params = options.params
        ? parseInput(options.params, storableJson((await context?.params) ?? {}), 'params')
        : undefined;
      if (typeof options.permission === 'object') {
        const id = (params as { id?: unknown } | undefined)?.id;
        if (typeof id !== 'string') throw new Error('a route with a resource permission needs an `id` path param');
        await assertResource(services.store, user!, options.permission, id);
      }
      if (user) assertScopes(user, requiredScopes(options.permission, req.method));
      const query = options.query
        ? parseInput(options.query, storableJson(searchParamsObject(req.url)), 'query')
        : undefined;
      let body: unknown;
      if (options.body) {
        // Even an empty body: `{}` may be a valid body, and a form type is never JSON.
        if (isFormContentType(req.headers.get('content-type'))) throw formContentTypeRefused();
        const raw = await readJsonBody(req, options.maxBodyBytes ?? services.config.limits.maxPayloadBytes);
        body = parseInput(options.body, storableJson(raw), 'body');
      }

      const ctx = {
        req,
        params: params as Infer<P>,
        query: query as Infer<Q>,
        body: body as Infer<B>,
        user: user as HandlerContext<M, P, Q, B>['user'],
        services,
        ip: clientIp(req, services.config.trustProxyHops),
        logger,
      };
      const result = await withAuditLog(logger, async () => handler(ctx));
      const res = toResponse(result);
      if (user?.sessionRenewal) renewSessionCookie(res, req, user.sessionRenewal, services.config.trustProxy);
      return withRequestId(res, requestId);
    } catch (err) {
      return withRequestId(errorResponse(toApiError(err, logger ?? services?.logger, req)), requestId);
    }
  };
  return Object.assign(route, { permission: options.permission });
}

/**
 * The request's id: a proxy's `X-Request-Id` when it looks like one (so a line here joins
 * the proxy's), else a new UUID. Answered in `X-Request-Id` and on every log line.
 */
function requestIdOf(req: Request): string {
  const given = req.headers.get('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
}

function withRequestId(res: Response, requestId: string): Response {
  try {
    res.headers.set('x-request-id', requestId);
  } catch {
    // immutable headers (a fetched Response passed through): leave them
  }
  return res;
}

/** CSRF checks for unsafe requests that don't present an API key (see RouteOptions.csrf). */
function refuseCrossSite(req: Request, services: Services): void {
  if (!isUnsafeMethod(req.method) || presentsBearer(req.headers)) return;
  assertSameOrigin(req, services.config);
  if (isFormContentType(req.headers.get('content-type'))) throw formContentTypeRefused();
}

async function authorize(mode: Permission, req: Request, services: Services): Promise<AuthUser | null> {
  if (mode === 'public') return null;
  const user = await authenticate(req, services, { secure: isHttps(req, services.config.trustProxy) });
  if (!user) throw new ApiError('UNAUTHENTICATED', 'Sign in or send an API key (Authorization: Bearer …)');
  if (mode === 'admin' && !isAdmin(user)) throw new ApiError('FORBIDDEN', 'Only owners and admins may do this');
  return user;
}

function toResponse(result: HandlerResult): Response {
  if (result instanceof Response) return result;
  if (result === undefined) return new Response(null, { status: 204, headers: { 'cache-control': 'no-store' } });
  return json(result);
}

function renewSessionCookie(
  res: Response,
  req: Request,
  renewal: NonNullable<AuthUser['sessionRenewal']>,
  trustProxy: boolean,
): void {
  // A handler that set the cookie itself (login, logout) has the last word.
  if (res.headers.has('set-cookie')) return;
  try {
    res.headers.append('set-cookie', sessionCookie(renewal.token, { ...renewal, secure: isHttps(req, trustProxy) }));
  } catch {
    // Responses with immutable headers (e.g. proxied fetch results) just skip the renewal.
  }
}

function searchParamsObject(url: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(url).searchParams) {
    const existing = out[key];
    if (existing === undefined) out[key] = value;
    else out[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}
