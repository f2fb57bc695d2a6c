import { withTimeout } from '@weft/queue';

/**
 * Readiness checks with a deadline each (a probe must answer even when a dependency hangs).
 * The reason a check failed is returned for logging only: connection errors can carry
 * hostnames and users, so callers answer with the check's name and a short message.
 */
export interface CheckOutcome {
  name: string;
  ok: boolean;
  /** Safe to show: "no answer within 2000 ms", "check failed", or the check's own message. */
  message?: string;
  error?: unknown;
}

/** Thrown by a check to say what is wrong in words safe to show (e.g. "2 migrations not applied: …"). */
export class CheckFailed extends Error {}

export async function runChecks(
  checks: Record<string, () => Promise<void>>,
  timeoutMs = 2_000,
): Promise<CheckOutcome[]> {
  return Promise.all(Object.entries(checks).map(([name, check]) => runCheck(name, check, timeoutMs)));
}

async function runCheck(name: string, check: () => Promise<void>, timeoutMs: number): Promise<CheckOutcome> {
  try {
    await withTimeout(check(), timeoutMs, TIMED_OUT);
    return { name, ok: true };
  } catch (err) {
    const timedOut = err instanceof Error && err.message === TIMED_OUT;
    return {
      name,
      ok: false,
      message:
        err instanceof CheckFailed ? err.message : timedOut ? `no answer within ${timeoutMs} ms` : 'check failed',
      error: err,
    };
  }
}

const TIMED_OUT = 'readiness check timed out';
