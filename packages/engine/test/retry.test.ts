import { describe, expect, it } from 'vitest';
import { EngineError, NonRetryableError, type RetryPolicy } from '../src';
import { DEFAULT_RETRY, isRetryable, resolveRetryPolicy, retryDelayMs, shouldRetry } from '../src/retry';

/** SPEC §2: delay before retry n (1-based): fixed = b; linear = n·b; exponential = 2^(n-1)·b; capped. */

const policy = (over: Partial<RetryPolicy>): RetryPolicy => ({ ...DEFAULT_RETRY, ...over });

describe('retryDelayMs', () => {
  it.each([
    ['fixed', 1_000, 60_000, [1_000, 1_000, 1_000, 1_000]],
    ['fixed', 5_000, 2_000, [2_000, 2_000, 2_000, 2_000]],
    ['linear', 1_000, 60_000, [1_000, 2_000, 3_000, 4_000]],
    ['linear', 1_000, 2_500, [1_000, 2_000, 2_500, 2_500]],
    ['exponential', 1_000, 60_000, [1_000, 2_000, 4_000, 8_000]],
    ['exponential', 1_000, 5_000, [1_000, 2_000, 4_000, 5_000]],
    ['exponential', 250, 60_000, [250, 500, 1_000, 2_000]],
  ] as const)('%s backoff %i capped at %i → %j for retries 1..4', (backoffType, backoffMs, maxBackoffMs, expected) => {
    const p = policy({ backoffType, backoffMs, maxBackoffMs });
    expect([1, 2, 3, 4].map((n) => retryDelayMs(p, n))).toEqual(expected);
  });

  it('caps a large exponential retry at maxBackoff (no overflow to Infinity)', () => {
    expect(retryDelayMs(policy({ backoffType: 'exponential', backoffMs: 1_000, maxBackoffMs: 60_000 }), 100)).toBe(
      60_000,
    );
    expect(retryDelayMs(policy({ backoffType: 'exponential', backoffMs: 1_000, maxBackoffMs: 60_000 }), 7)).toBe(
      60_000,
    );
    expect(retryDelayMs(policy({ backoffType: 'exponential', backoffMs: 1_000, maxBackoffMs: 60_000 }), 6)).toBe(
      32_000,
    );
  });

  it('treats a retry number below 1 as the first retry', () => {
    const p = policy({ backoffType: 'linear', backoffMs: 100, maxBackoffMs: 1_000 });
    expect(retryDelayMs(p, 0)).toBe(100);
    expect(retryDelayMs(p, -3)).toBe(100);
  });

  it('uses the global defaults: 1 s exponential, capped at 60 s', () => {
    expect([1, 2, 3].map((n) => retryDelayMs(DEFAULT_RETRY, n))).toEqual([1_000, 2_000, 4_000]);
    expect(DEFAULT_RETRY).toEqual({
      maxRetries: 3,
      backoffMs: 1_000,
      maxBackoffMs: 60_000,
      backoffType: 'exponential',
    });
  });
});

describe('resolveRetryPolicy', () => {
  const defaults: RetryPolicy = { maxRetries: 3, backoffMs: 1_000, maxBackoffMs: 60_000, backoffType: 'exponential' };

  it('omitted settings or retry → a copy of the defaults', () => {
    const a = resolveRetryPolicy(undefined, defaults);
    expect(a).toEqual(defaults);
    expect(a).not.toBe(defaults);
    expect(resolveRetryPolicy({}, defaults)).toEqual(defaults);
    expect(resolveRetryPolicy({ retry: {} }, defaults)).toEqual(defaults);
    expect(resolveRetryPolicy({ timeoutMs: 5, continueOnFail: true }, defaults)).toEqual(defaults);
  });

  it('explicit maxRetries 0 means never retry', () => {
    const p = resolveRetryPolicy({ retry: { maxRetries: 0 } }, defaults);
    expect(p).toEqual({ ...defaults, maxRetries: 0 });
    expect(shouldRetry(new EngineError('HTTP_ERROR', '503', { retryable: true }), 1, p)).toBe(false);
  });

  it('zero backoffs take the defaults', () => {
    expect(resolveRetryPolicy({ retry: { backoffMs: 0, maxBackoffMs: 0 } }, defaults)).toEqual(defaults);
  });

  it('set fields override, the rest fall back', () => {
    expect(resolveRetryPolicy({ retry: { maxRetries: 5, backoffMs: 200, backoffType: 'fixed' } }, defaults)).toEqual({
      maxRetries: 5,
      backoffMs: 200,
      maxBackoffMs: 60_000,
      backoffType: 'fixed',
    });
    expect(resolveRetryPolicy({ retry: { maxBackoffMs: 500, backoffType: 'linear' } }, defaults)).toEqual({
      maxRetries: 3,
      backoffMs: 1_000,
      maxBackoffMs: 500,
      backoffType: 'linear',
    });
  });
});

describe('shouldRetry / isRetryable', () => {
  const retryable = new EngineError('HTTP_ERROR', 'GET x answered 503', { retryable: true });

  it('EngineError says itself whether it is retryable', () => {
    expect(isRetryable(retryable)).toBe(true);
    expect(isRetryable(new EngineError('TIMEOUT', 't', { retryable: true }))).toBe(true);
    expect(isRetryable(new EngineError('HTTP_ERROR', 'GET x answered 404'))).toBe(false);
    expect(isRetryable(new EngineError('HTTP_ERROR', 'GET x answered 404', { retryable: false }))).toBe(false);
  });

  it('NonRetryableError, plain errors and non-errors are permanent', () => {
    expect(isRetryable(new NonRetryableError('LIMIT_EXCEEDED', 'x'))).toBe(false);
    expect(new NonRetryableError('LIMIT_EXCEEDED', 'x')).toBeInstanceOf(EngineError);
    expect(isRetryable(new Error('boom'))).toBe(false);
    expect(isRetryable(new TypeError('fetch failed'))).toBe(false);
    expect(isRetryable('string')).toBe(false);
    expect(isRetryable(null)).toBe(false);
    expect(isRetryable({ retryable: true })).toBe(false);
  });

  it('retries attempts 1..maxRetries, so a node runs at most 1 + maxRetries times', () => {
    const p = policy({ maxRetries: 3 });
    expect([1, 2, 3, 4, 5].map((attempt) => shouldRetry(retryable, attempt, p))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(shouldRetry(new Error('x'), 1, p)).toBe(false);
  });
});
