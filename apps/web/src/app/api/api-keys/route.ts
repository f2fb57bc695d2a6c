import { CreateApiKeyBody, PageQuery } from '@weft/contracts';
import { createApiKey, listApiKeys } from '../../../server/auth/api-keys';
import { defineRoute } from '../../../server/http/define-route';
import { json } from '../../../server/http/json';

/** The caller's own keys (never the secret). */
export const GET = defineRoute({ permission: 'signed-in', query: PageQuery }, ({ query, user, services }) =>
  listApiKeys(services.prisma, user.id, query),
);

/** `{ name, expiresAt?, scopes? }` (default every scope) → 201 `{ id, name, key, scopes, expiresAt, … }`; `key` is shown this once only. */
export const POST = defineRoute({ permission: 'signed-in', body: CreateApiKeyBody }, async ({ body, user, services, ip }) => {
  const created = await createApiKey(services.prisma, user.id, { name: body.name, expiresAt: body.expiresAt ?? undefined, scopes: body.scopes }, ip);
  return json(created, 201);
});
