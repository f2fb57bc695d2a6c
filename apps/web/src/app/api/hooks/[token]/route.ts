import { z } from 'zod';
import { defineRoute } from '../../../../server/http/define-route';
import { receiveWebhook } from '../../../../server/webhooks/receive';

export const dynamic = 'force-dynamic';

// Any malformed token is simply unknown (404), like a wrong one.
const TokenParams = z.object({ token: z.string().max(200) });

// Public: the token, signature and allowlist are the authentication.
const handler = defineRoute({ auth: 'none', params: TokenParams }, ({ req, params, services }) => receiveWebhook(services, req, params.token));

export const GET = handler;
export const POST = handler;
export const PUT = handler;
export const PATCH = handler;
export const DELETE = handler;
