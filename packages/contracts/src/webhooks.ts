import { z } from 'zod';
import { int4, Timestamp, Uuid } from './common';
import { ResponseMode, SignatureScheme } from './enums';

/**
 * Webhook settings and views (SPEC §5, docs/webhooks.md). The server adds what needs server
 * code on top (server/webhooks/schemas.ts): the allowlist's addresses are parsed and
 * normalised, and a pasted secret is checked against its scheme.
 */
export const WebhookSettings = {
  enabled: z.boolean({ message: 'must be true or false' }),
  requireSignature: z.boolean({ message: 'must be true or false' }),
  ipAllowlist: z
    .array(z.string({ message: 'must be a string' }).max(64), { message: 'must be an array of addresses or CIDRs' })
    .max(100, { message: 'must have at most 100 entries' })
    .meta({ description: 'IPv4/IPv6 addresses or CIDRs allowed to deliver; empty: anyone.' }),
  rateLimitMax: int4({ min: 1, max: 100_000 }),
  rateLimitWindowSec: int4({ min: 1, max: 86_400 }),
  responseMode: ResponseMode,
  syncTimeoutMs: int4({ min: 100, max: 300_000 }),
  signatureScheme: SignatureScheme,
  /** The provider's secret (checked against the scheme by the server, which knows the rules). */
  secret: z.string({ message: 'must be a string' }).meta({
    description: "A secret to verify with (the provider's, for provider-made schemes); default: Weft generates one.",
  }),
};

export const CreateWebhookBody = z.object(WebhookSettings).partial().strict().meta({ id: 'CreateWebhookBody' });
export type CreateWebhookBody = z.input<typeof CreateWebhookBody>;

export const UpdateWebhookBody = z
  .object({
    ...WebhookSettings,
    rotateSecret: z
      .literal(true, { message: 'must be true when given' })
      .meta({ description: 'Generate a new secret (the old one verifies for 24 h).' }),
  })
  .partial()
  .strict()
  .meta({ id: 'UpdateWebhookBody' });
export type UpdateWebhookBody = z.input<typeof UpdateWebhookBody>;

/** API view: never the secret (it is only in the create/rotate answer). */
export const Webhook = z
  .object({
    id: Uuid,
    workflowId: Uuid,
    token: z
      .string()
      .nullable()
      .meta({ description: 'Null for callers who may view but not run the workflow: the token starts runs.' }),
    url: z.string().nullable(),
    enabled: z.boolean(),
    requireSignature: z.boolean(),
    signatureScheme: SignatureScheme,
    signatureHeader: z.string().meta({ description: 'The header the sender sets, e.g. `Stripe-Signature`.' }),
    signatureFormat: z.string().meta({ description: 'What that header holds.' }),
    deliveryIdFrom: z
      .string()
      .meta({ description: 'What deduplicates redeliveries, e.g. `X-GitHub-Delivery header`.' }),
    ipAllowlist: z.array(z.string()),
    rateLimitMax: z.number().int(),
    rateLimitWindowSec: z.number().int(),
    responseMode: ResponseMode,
    syncTimeoutMs: z.number().int(),
    secretRotatingUntil: Timestamp.nullable().meta({
      description: 'While in the future, the previous secret still verifies.',
    }),
    lastTriggeredAt: Timestamp.nullable(),
    triggerCount: z.number().int(),
    lastExecutionId: Uuid.nullable(),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Webhook' });
export type Webhook = z.infer<typeof Webhook>;

/** Create and update answers carry `secret` this once — only when Weft generated it. */
export const WebhookWithSecret = Webhook.extend({ secret: z.string().optional() }).meta({ id: 'WebhookWithSecret' });
export type WebhookWithSecret = z.infer<typeof WebhookWithSecret>;

export const HookParams = z.object({ token: z.string().max(200) });

/** Slack's URL verification answer. */
export const HookChallenge = z.object({ challenge: z.string() });

/** An async delivery's `202` (a redelivery of a delivery id answers its first execution, `duplicate: true`). */
export const HookAccepted = z
  .object({ executionId: Uuid, duplicate: z.literal(true).optional() })
  .meta({ id: 'HookAccepted' });
