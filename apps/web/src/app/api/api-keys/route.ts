import { z } from 'zod';
import { API_KEY_SCOPES } from '@weft/contracts';
import { createApiKey, listApiKeys } from '../../../server/auth/api-keys';
import { DisplayName } from '../../../server/fields';
import { defineRoute } from '../../../server/http/define-route';
import { json } from '../../../server/http/json';
import { PageQuery } from '../../../server/pagination';

const CreateApiKeyBody = z
  .object({
    name: DisplayName,
    expiresAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2030-01-31T00:00:00Z' })
      .transform((s) => new Date(s))
      .nullish(),
    scopes: z
      .array(z.enum(API_KEY_SCOPES, { message: `must be one of ${API_KEY_SCOPES.join(', ')}` }), { message: 'must be an array of scopes' })
      .min(1, { message: 'must name at least one scope (read, write, execute)' })
      .transform((s) => [...new Set(s)])
      .optional(),
  })
  .strict();

/** The caller's own keys (never the secret). */
export const GET = defineRoute({ permission: 'signed-in', query: PageQuery }, ({ query, user, services }) =>
  listApiKeys(services.prisma, user.id, query),
);

/** `{ name, expiresAt?, scopes? }` (default every scope) → 201 `{ id, name, key, scopes, expiresAt, … }`; `key` is shown this once only. */
export const POST = defineRoute({ permission: 'signed-in', body: CreateApiKeyBody }, async ({ body, user, services, ip }) => {
  const created = await createApiKey(services.prisma, user.id, { name: body.name, expiresAt: body.expiresAt ?? undefined, scopes: body.scopes }, ip);
  return json(created, 201);
});
