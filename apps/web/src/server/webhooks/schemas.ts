import 'server-only';
import {
  CreateWebhookBody as CreateWebhookShape,
  UpdateWebhookBody as UpdateWebhookShape,
  WebhookSettings,
} from '@weft/contracts';
import type { z } from 'zod';
import { invalidAllowlistEntries, normaliseEntry } from '@weft/config';
import { checkSecret } from './schemes';

/**
 * The contract's webhook bodies (@weft/contracts webhooks.ts) plus what needs server code:
 * the allowlist's entries parsed and normalised, and a pasted secret checked against its
 * scheme (SPEC §5 defaults apply on create).
 */
const ipAllowlist = WebhookSettings.ipAllowlist
  .superRefine((entries, ctx) => {
    const bad = invalidAllowlistEntries(entries);
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message: `has invalid entries: ${bad.map((b) => JSON.stringify(b)).join(', ')} (use IPv4/IPv6 addresses or CIDRs)`,
      });
  })
  .transform((entries) => entries.map(normaliseEntry));

export const CreateWebhookBody = CreateWebhookShape.extend({ ipAllowlist: ipAllowlist.optional() }).superRefine(
  (body, ctx) => {
    const problem = checkSecret(body.signatureScheme ?? 'weft', body.secret);
    if (problem) ctx.addIssue({ code: 'custom', path: ['secret'], message: problem });
  },
);
export const UpdateWebhookBody = UpdateWebhookShape.extend({ ipAllowlist: ipAllowlist.optional() });
export type CreateWebhookBody = z.infer<typeof CreateWebhookBody>;
export type UpdateWebhookBody = z.infer<typeof UpdateWebhookBody>;
