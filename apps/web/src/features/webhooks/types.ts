/** What the webhooks panel reads and sends: the contract's types (@weft/contracts webhooks.ts). */
import type { ExecutionSummary, Webhook } from '@weft/contracts';

export type { ResponseMode, SignatureScheme, Webhook, WebhookWithSecret } from '@weft/contracts';

type SigningField = 'signatureScheme' | 'signatureHeader' | 'signatureFormat' | 'deliveryIdFrom';

/** What the server says about the webhook's scheme, so a person can check the sender's side. */
export type WebhookSigning = Pick<Webhook, SigningField>;

export type WebhookSettings = Pick<
  Webhook,
  | 'enabled'
  | 'requireSignature'
  | 'ipAllowlist'
  | 'rateLimitMax'
  | 'rateLimitWindowSec'
  | 'responseMode'
  | 'syncTimeoutMs'
>;

/** A delivery is an execution with trigger `webhook` (`GET /api/executions?webhookId=`). */
export type Delivery = Pick<ExecutionSummary, 'id' | 'status' | 'createdAt' | 'durationMs'>;
