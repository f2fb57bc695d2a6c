import { CreateApiKeyBody, PageQuery } from '@weft/contracts';
import { createApiKey, listApiKeys } from '@/server/auth/api-keys';
import { defineRoute } from '@/server/http/define-route';
import { json } from '@/server/http/json';

/** The caller's own keys (never the secret). */
export const GET = defineRoute({ permission: 'signed-in', query: PageQuery }, ({ query, user, services }) =>
  listApiKeys(services.store, user.id, query),
);

/**
 * `{ name, expiresAt?, scopes? }` → 201 `{ id, name, key, scopes, expiresAt, … }`; `key` is shown this once only.
 * Omitted fields default to the caller's key or token (its scopes, its expiry), or to every scope and no expiry for a session.
 */
export const POST = defineRoute(
  { permission: 'signed-in', body: CreateApiKeyBody },
  async ({ body, user, services, ip }) => {
    const created = await createApiKey(
      services.store,
      user,
      { name: body.name, expiresAt: body.expiresAt, scopes: body.scopes },
      ip,
    );
    return json(created, 201);
  },
);
