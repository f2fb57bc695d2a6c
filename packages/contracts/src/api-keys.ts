import { z } from 'zod';
import { dateTimeInput, DisplayName, Timestamp, Uuid } from './common';
import { API_KEY_SCOPES, ApiKeyScope } from './enums';

/** The caller's own API keys (docs/access.md). */

export const CreateApiKeyBody = z
  .object({
    name: DisplayName,
    expiresAt: dateTimeInput('2030-01-31T00:00:00Z')
      .nullish()
      .meta({
        description:
          "Default: the calling key's or token's expiry (none for a session); null: never. A key or token may not " +
          'make a key that outlives it (403).',
      }),
    scopes: z
      .array(ApiKeyScope, { message: 'must be an array of scopes' })
      .min(1, { message: `must name at least one scope (${API_KEY_SCOPES.join(', ')})` })
      .transform((s) => [...new Set(s)])
      .optional()
      .meta({
        description:
          "Default: the calling key's or token's scopes (every scope for a session). A key or token may not make " +
          'a key with a scope it lacks (403).',
      }),
  })
  .strict()
  .meta({ id: 'CreateApiKeyBody' });
export type CreateApiKeyBody = z.input<typeof CreateApiKeyBody>;

export const ApiKey = z
  .object({
    id: Uuid,
    name: z.string(),
    prefix: z.string().meta({ description: 'The first characters of the key, to tell keys apart (`wft_AbCdEfGh`).' }),
    scopes: z.array(ApiKeyScope),
    expiresAt: Timestamp.nullable(),
    lastUsedAt: Timestamp.nullable(),
    createdAt: Timestamp,
  })
  .meta({ id: 'ApiKey' });
export type ApiKey = z.infer<typeof ApiKey>;

/** The create answer: `key` is the only time the secret exists in clear. */
export const CreatedApiKey = ApiKey.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' });
export type CreatedApiKey = z.infer<typeof CreatedApiKey>;
