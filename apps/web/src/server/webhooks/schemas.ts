import 'server-only';
import { z } from 'zod';
import { invalidAllowlistEntries, normaliseEntry } from './ip-allowlist';
import { checkSecret, SIGNATURE_SCHEMES } from './schemes';

/** Webhook settings as requests send them (SPEC §5 defaults apply on create). */
const Settings = {
  enabled: z.boolean({ message: 'must be true or false' }),
  requireSignature: z.boolean({ message: 'must be true or false' }),
  ipAllowlist: z
    .array(z.string({ message: 'must be a string' }).max(64), { message: 'must be an array of addresses or CIDRs' })
    .max(100, { message: 'must have at most 100 entries' })
    .superRefine((entries, ctx) => {
      const bad = invalidAllowlistEntries(entries);
      if (bad.length) ctx.addIssue({ code: 'custom', message: `has invalid entries: ${bad.map((b) => JSON.stringify(b)).join(', ')} (use IPv4/IPv6 addresses or CIDRs)` });
    })
    .transform((entries) => entries.map(normaliseEntry)),
  rateLimitMax: z.number({ message: 'must be a number' }).int().min(1, { message: 'must be >= 1' }).max(100_000, { message: 'must be <= 100000' }),
  rateLimitWindowSec: z.number({ message: 'must be a number' }).int().min(1, { message: 'must be >= 1' }).max(86_400, { message: 'must be <= 86400' }),
  responseMode: z.enum(['async', 'sync'], { message: 'must be async or sync' }),
  syncTimeoutMs: z.number({ message: 'must be a number' }).int().min(100, { message: 'must be >= 100' }).max(300_000, { message: 'must be <= 300000' }),
  signatureScheme: z.enum(SIGNATURE_SCHEMES, { message: `must be one of ${SIGNATURE_SCHEMES.join(', ')}` }),
  /** The provider's secret (checked against the scheme by the use case, which knows the scheme). */
  secret: z.string({ message: 'must be a string' }),
};

export const CreateWebhookBody = z
  .object(Settings)
  .partial()
  .strict()
  .superRefine((body, ctx) => {
    const problem = checkSecret(body.signatureScheme ?? 'weft', body.secret);
    if (problem) ctx.addIssue({ code: 'custom', path: ['secret'], message: problem });
  });
export const UpdateWebhookBody = z
  .object({ ...Settings, rotateSecret: z.literal(true, { message: 'must be true when given' }) })
  .partial()
  .strict();
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;
