import type { ExecutionStatus } from '@/features/workflows/types';

export type ResponseMode = 'async' | 'sync';

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

/** Create and rotate answers carry the secret, this once. */
export type WebhookWithSecret = Webhook & { secret: string };

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
