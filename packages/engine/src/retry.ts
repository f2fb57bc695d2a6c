import type { BackoffType, NodeSettings } from './definition';
import { EngineError } from './errors';

export interface RetryPolicy {
  maxRetries: number;
  backoffMs: number;
  maxBackoffMs: number;
  backoffType: BackoffType;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxRetries: 3,
  backoffMs: 1_000,
  maxBackoffMs: 60_000,
  backoffType: 'exponential',
};

/**
 * A node's policy: its own settings where set, the global defaults otherwise (SPEC §2).
 * Zero backoffs mean "default"; an explicit `maxRetries: 0` means "never retry" — otherwise a
 * node could not opt out of the global default (docs/execution.md).
 */
export function resolveRetryPolicy(settings: NodeSettings | undefined, defaults: RetryPolicy): RetryPolicy {
  const r = settings?.retry;
  if (!r) return { ...defaults };
  return {
    maxRetries: r.maxRetries ?? defaults.maxRetries,
    backoffMs: r.backoffMs || defaults.backoffMs,
    maxBackoffMs: r.maxBackoffMs || defaults.maxBackoffMs,
    backoffType: r.backoffType ?? defaults.backoffType,
  };
}

/** Delay before retry n (1-based): fixed = b, linear = n·b, exponential = 2^(n-1)·b, capped. */
export function retryDelayMs(policy: RetryPolicy, retryNumber: number): number {
  const n = Math.max(1, retryNumber);
  const b = policy.backoffMs;
  const raw = policy.backoffType === 'fixed' ? b : policy.backoffType === 'linear' ? n * b : 2 ** (n - 1) * b;
  return Math.min(raw, policy.maxBackoffMs);
}

/** Whether a failed attempt (1-based) should be tried again. */
export function shouldRetry(err: unknown, attempt: number, policy: RetryPolicy): boolean {
  return isRetryable(err) && attempt <= policy.maxRetries;
}

/** Retryable: network errors, timeouts, HTTP 5xx and 429. Everything else is permanent. */
export function isRetryable(err: unknown): boolean {
  return err instanceof EngineError ? err.retryable : false;
}
