import type { ExecutionStatus, ResponseMode, SignatureScheme } from '@weft/contracts';

export type { ResponseMode, SignatureScheme };

/** `GET /api/workflows/:id/webhooks` item (never the secret). */
export interface Webhook {
  id: string;
  /** Null for members who may view but not run the workflow: the token starts runs. */
  token: string | null;
  url: string | null;
  enabled: boolean;
  requireSignature: boolean;
  ipAllowlist: string[];
  rateLimitMax: number;
  rateLimitWindowSec: number;
  responseMode: ResponseMode;
  syncTimeoutMs: number;
  /** While set (and in the future) the previous secret still verifies. */
  secretRotatingUntil: string | null;
  lastTriggeredAt: string | null;
  triggerCount: number;
  lastExecutionId: string | null;
  createdAt: string;
}

/** What the server says about the webhook's scheme, so a person can check the sender's side. */
export interface WebhookSigning {
  signatureScheme: SignatureScheme;
  /** The header the sender sets, e.g. `Stripe-Signature`. */
  signatureHeader: string;
  /** What that header holds, e.g. `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
  signatureFormat: string;
  /** What deduplicates redeliveries, e.g. `X-GitHub-Delivery header`. */
  deliveryIdFrom: string;
}

/**
 * A webhook as the list, create and update answers carry it. (`Webhook` alone is the part
 * the settings form reads.)
 */
export type WebhookView = Webhook & WebhookSigning;

/** Create and update answers carry the secret this once — only when Weft generated it. */
export type WebhookWithSecret = WebhookView & { secret?: string };

export interface WebhookSettings {
  enabled: boolean;
  requireSignature: boolean;
  ipAllowlist: string[];
  rateLimitMax: number;
  rateLimitWindowSec: number;
  responseMode: ResponseMode;
  syncTimeoutMs: number;
}

export interface Delivery {
  id: string;
  status: ExecutionStatus;
  createdAt: string;
  durationMs: number | null;
}

export interface WorkflowHeader {
  id: string;
  name: string;
  activeVersion: number | null;
  latestVersion?: number;
}
