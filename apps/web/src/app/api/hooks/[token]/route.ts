import { z } from 'zod';
import { defineRoute, type NextRouteContext } from '../../../../server/http/define-route';
import { receiveWebhook } from '../../../../server/webhooks/receive';
import { hardenHookResponse } from '../../../../server/webhooks/response-headers';

export const dynamic = 'force-dynamic';

// Any malformed token is simply unknown (404), like a wrong one.
const TokenParams = z.object({ token: z.string().max(200) });

// Public: the token, signature and allowlist are the authentication.
const receive = defineRoute({ permission: 'public', csrf: false, params: TokenParams }, ({ req, params, services }) => receiveWebhook(services, req, params.token));

// Every answer, errors included, is sandboxed (see response-headers.ts).
const handler = Object.assign(async (req: Request, context?: NextRouteContext) => hardenHookResponse(await receive(req, context)), { permission: receive.permission });

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
