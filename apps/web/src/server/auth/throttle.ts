import 'server-only';
import { RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';
import type { Services } from '../composition';
import { ApiError } from '../http/errors';
import { hashToken } from './tokens';

/**
 * Brute-force protection for the unauthenticated auth endpoints, on Redis
 * (rate-limiter-flexible), so every web process shares one count.
 *
 * Login (`POST /api/auth/login`), two counters, both checked before the password is:
 * - per account (the lower-cased email, stored hashed): 5 failed attempts within
 *   15 minutes lock the account for 15 minutes from the fifth failure;
 * - per client address: 30 failed attempts within 15 minutes lock that address for
 *   15 minutes. When the address is unknown (Weft not started through its own server)
 *   this counter is skipped: one shared bucket would let anyone lock every login out.
 * An attempt reserves a point on both before scrypt runs, which is what makes the check
 * race-free (N parallel guesses can't all slip past a read-then-write check) and keeps a
 * locked account from costing a hash. A success deletes the account's counter and hands
 * the address its point back; a failure keeps both. Unknown emails are counted exactly
 * like real ones, so a 429 says nothing about whether an account exists.
 *
 * Setup (`POST /api/auth/setup`, only while no user exists): 10 attempts per address per
 * 15 minutes, every attempt counted, since each one costs a password hash.
 *
 * Over a limit → 429 RATE_LIMITED with `Retry-After`. Redis unreachable → 503: an
 * unthrottled login would be an open door, so we fail closed.
 */

/** Failed logins per account before it is locked. */
export const LOGIN_ACCOUNT_MAX_FAILURES = 5;
/** Window in which those failures are counted (from the first one). */
export const LOGIN_ACCOUNT_WINDOW_SECONDS = 15 * 60;
/** How long an account stays locked once it reaches the limit. */
export const LOGIN_ACCOUNT_LOCKOUT_SECONDS = 15 * 60;
/** Failed logins per client address (across accounts: credential stuffing) before it is locked. */
export const LOGIN_IP_MAX_FAILURES = 30;
export const LOGIN_IP_WINDOW_SECONDS = 15 * 60;
export const LOGIN_IP_LOCKOUT_SECONDS = 15 * 60;
/** Setup attempts per client address (each hashes a password). */
export const SETUP_IP_MAX_ATTEMPTS = 10;
export const SETUP_IP_WINDOW_SECONDS = 15 * 60;

/** Key used when the client address is not known (all such clients share one budget). */
const UNKNOWN_IP = 'unknown';
const TRY_LATER = 'Too many attempts; try again later';

type Limiters = Pick<Services, 'rateLimiter'>;

interface Counter {
  limiter: RateLimiterRedis;
  key: string;
  lockoutSeconds: number;
}

/** What `reserveLoginAttempt` hands back: report the outcome once the password is checked. */
export interface LoginAttempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

export type LoginReservation = { ok: true; attempt: LoginAttempt } | { ok: false; retryAfterSeconds: number };

/**
 * Takes one attempt from the address's and the account's budgets. `ok: false` when either
 * is spent (nothing was verified). Throws SERVICE_UNAVAILABLE when Redis is down.
 */
export async function reserveLoginAttempt(services: Limiters, email: string, ip: string | null): Promise<LoginReservation> {
  const byIp: Counter | null =
    ip === null
      ? null
      : { limiter: services.rateLimiter('login:ip', LOGIN_IP_MAX_FAILURES, LOGIN_IP_WINDOW_SECONDS), key: ip, lockoutSeconds: LOGIN_IP_LOCKOUT_SECONDS };
  const byAccount: Counter = {
    limiter: services.rateLimiter('login:account', LOGIN_ACCOUNT_MAX_FAILURES, LOGIN_ACCOUNT_WINDOW_SECONDS),
    // Hashed so Redis doesn't hold a list of attempted emails.
    key: hashToken(email.trim().toLowerCase()),
    lockoutSeconds: LOGIN_ACCOUNT_LOCKOUT_SECONDS,
  };

  // One after the other: a refused address must not spend the account's budget (a
  // blocked NAT shouldn't lock its users' accounts too).
  const ipRes = byIp ? await take(byIp) : null;
  if (ipRes && !ipRes.ok) return ipRes;
  const accountRes = await take(byAccount);
  if (!accountRes.ok) return accountRes;

  // Both outcomes are best effort: the attempt is already counted, and if Redis fails
  // now the worst case is a counter that lingers (success) or a lockout that ends with
  // the window instead of 15 minutes after the last failure.
  return {
    ok: true,
    attempt: {
      async succeeded() {
        await Promise.all([byAccount.limiter.delete(byAccount.key), byIp?.limiter.reward(byIp.key, 1)]).catch(() => undefined);
      },
      async failed() {
        // The failure that spends the last point starts a full lockout from now.
        const spent = [
          ...(byIp && ipRes?.ok ? [{ counter: byIp, res: ipRes.res }] : []),
          { counter: byAccount, res: accountRes.res },
        ].filter(({ res }) => res.remainingPoints === 0);
        await Promise.all(spent.map(({ counter }) => counter.limiter.block(counter.key, counter.lockoutSeconds))).catch(() => undefined);
      },
    },
  };
}

/**
 * Takes one setup attempt from the address's budget; throws RATE_LIMITED when it is spent
 * and SERVICE_UNAVAILABLE when Redis is down.
 */
export async function reserveSetupAttempt(services: Limiters, ip: string | null): Promise<void> {
  const result = await take({
    limiter: services.rateLimiter('setup:ip', SETUP_IP_MAX_ATTEMPTS, SETUP_IP_WINDOW_SECONDS),
    key: ip ?? UNKNOWN_IP,
    lockoutSeconds: SETUP_IP_WINDOW_SECONDS,
  });
  if (!result.ok) throw rateLimited(result.retryAfterSeconds);
}

/** The 429 for a spent budget; says "later", never whether the account exists. */
export function rateLimited(retryAfterSeconds: number): ApiError {
  return new ApiError('RATE_LIMITED', TRY_LATER, undefined, { 'retry-after': String(retryAfterSeconds) });
}

type Taken = { ok: true; res: RateLimiterRes } | { ok: false; retryAfterSeconds: number };

async function take(counter: Counter): Promise<Taken> {
  try {
    return { ok: true, res: await counter.limiter.consume(counter.key) };
  } catch (err) {
    // rate-limiter-flexible rejects with a RateLimiterRes when the budget is spent, and
    // with an Error when the store failed.
    if (err instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    throw unavailable();
  }
}

function unavailable(): ApiError {
  return new ApiError('SERVICE_UNAVAILABLE', 'Sign-in is unavailable right now (rate limiting needs Redis); try again shortly');
}
