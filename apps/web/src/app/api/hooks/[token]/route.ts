import { HookParams } from '@weft/contracts';
import { defineRoute, type NextRouteContext } from '@/server/http/define-route';
import { receiveWebhook } from '@/server/webhooks/receive';
import { hardenHookResponse } from '@/server/webhooks/response-headers';
import { countWebhookRequest } from '@/server/webhooks/receive';

export const dynamic = 'force-dynamic';

// Public: the token, signature and allowlist are the authentication.
const receive = defineRoute({ permission: 'public', csrf: false, params: HookParams }, ({ req, params, services }) =>
  receiveWebhook(services, req, params.token),
);

// Every answer, errors included, is sandboxed (see response-headers.ts) and counted by status
// (`weft_webhook_requests_total`).
const handler = Object.assign(
  async (req: Request, context?: NextRouteContext) => {
    const res = hardenHookResponse(await receive(req, context));
    countWebhookRequest(res.status);
    return res;
  },
  { permission: receive.permission },
);

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
