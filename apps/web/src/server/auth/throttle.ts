import 'server-only';
import { RateLimiterRes, type RateLimiterRedis } from 'rate-limiter-flexible';
import type { Services } from '../composition';
import { ApiError } from '../http/errors';
import { hashToken } from './tokens';

/**
 * Brute-force protection for everything that checks a secret with scrypt, on Redis
 * (rate-limiter-flexible), so every web process shares one count (docs/security.md).
 * One mechanism, a budget per use:
 *
 * - Login (`POST /api/auth/login`): per account (the lower-cased email, stored hashed),
 *   5 failures within 15 minutes lock it for 15 minutes; per client address, 30.
 * - Password change (`POST /api/auth/password`, the current password is guessed): per
 *   account (the user's id) 5, per address 30 — the same numbers as login.
 * - Invite links (`GET/POST /api/auth/invite`): per address, 30 unknown, used, expired or
 *   orphaned tokens. A bad token costs no scrypt (the token is looked up first), so this
 *   bounds guessing, not hashing; a good link hashes once and is then used up.
 *
 * An attempt reserves a point on every counter before the secret is checked, which makes
 * the check race-free (N parallel guesses can't all slip past a read-then-write check) and
 * keeps a locked account from costing a hash. Success forgets the account's failures and
 * hands the address its point back; a failure keeps both, and the one that spends the last
 * point locks that counter for its lockout from now. When the address is unknown (Weft not
 * started through its own server) the address counter is skipped: one shared bucket would
 * let anyone lock everyone out. Unknown emails are counted exactly like real ones, so a
 * 429 says nothing about whether an account exists.
 *
 * Setup (`POST /api/auth/setup`, only while no user exists): 10 attempts per address per
 * 15 minutes, every attempt counted, since each one costs a password hash.
 *
 * Over a limit → 429 RATE_LIMITED with `Retry-After`. Redis unreachable → 503: an
 * unthrottled password check would be an open door, so we fail closed.
 */

/** A counter's rule: `maxFailures` within `windowSeconds` lock the key for `lockoutSeconds`. */
export interface Budget {
  /** Redis key prefix (the limit is part of the key, so changing it starts a fresh count). */
  name: string;
  maxFailures: number;
  windowSeconds: number;
  lockoutSeconds: number;
  /** On success: `forget` the key's failures (an account), or `refund` this attempt's point (an address shared by many people). */
  onSuccess: 'forget' | 'refund';
}

const MINUTES_15 = 15 * 60;

/** Failed logins per account before it is locked. */
export const LOGIN_ACCOUNT_MAX_FAILURES = 5;
/** Window in which those failures are counted (from the first one). */
export const LOGIN_ACCOUNT_WINDOW_SECONDS = MINUTES_15;
/** How long an account stays locked once it reaches the limit. */
export const LOGIN_ACCOUNT_LOCKOUT_SECONDS = MINUTES_15;
/** Failed logins per client address (across accounts: credential stuffing) before it is locked. */
export const LOGIN_IP_MAX_FAILURES = 30;
export const LOGIN_IP_WINDOW_SECONDS = MINUTES_15;
export const LOGIN_IP_LOCKOUT_SECONDS = MINUTES_15;
/** Wrong current passwords per account (`POST /api/auth/password`), and per address. */
export const PASSWORD_ACCOUNT_MAX_FAILURES = 5;
export const PASSWORD_ACCOUNT_LOCKOUT_SECONDS = MINUTES_15;
export const PASSWORD_IP_MAX_FAILURES = 30;
/** Bad invite tokens (unknown, used, expired, orphaned) per client address. */
export const INVITE_IP_MAX_FAILURES = 30;
export const INVITE_IP_LOCKOUT_SECONDS = MINUTES_15;
/** Setup attempts per client address (each hashes a password). */
export const SETUP_IP_MAX_ATTEMPTS = 10;
export const SETUP_IP_WINDOW_SECONDS = MINUTES_15;

const LOGIN_ACCOUNT: Budget = {
  name: 'login:account',
  maxFailures: LOGIN_ACCOUNT_MAX_FAILURES,
  windowSeconds: LOGIN_ACCOUNT_WINDOW_SECONDS,
  lockoutSeconds: LOGIN_ACCOUNT_LOCKOUT_SECONDS,
  onSuccess: 'forget',
};
const LOGIN_IP: Budget = {
  name: 'login:ip',
  maxFailures: LOGIN_IP_MAX_FAILURES,
  windowSeconds: LOGIN_IP_WINDOW_SECONDS,
  lockoutSeconds: LOGIN_IP_LOCKOUT_SECONDS,
  onSuccess: 'refund',
};
const PASSWORD_ACCOUNT: Budget = {
  name: 'password:account',
  maxFailures: PASSWORD_ACCOUNT_MAX_FAILURES,
  windowSeconds: MINUTES_15,
  lockoutSeconds: PASSWORD_ACCOUNT_LOCKOUT_SECONDS,
  onSuccess: 'forget',
};
const PASSWORD_IP: Budget = {
  name: 'password:ip',
  maxFailures: PASSWORD_IP_MAX_FAILURES,
  windowSeconds: MINUTES_15,
  lockoutSeconds: MINUTES_15,
  onSuccess: 'refund',
};
const INVITE_IP: Budget = {
  name: 'invite:ip',
  maxFailures: INVITE_IP_MAX_FAILURES,
  windowSeconds: MINUTES_15,
  lockoutSeconds: INVITE_IP_LOCKOUT_SECONDS,
  onSuccess: 'refund',
};

/** Key used when the client address is not known (all such clients share one budget). */
const UNKNOWN_IP = 'unknown';
const TRY_LATER = 'Too many attempts; try again later';

type Limiters = Pick<Services, 'rateLimiter'>;

interface Counter {
  limiter: RateLimiterRedis;
  key: string;
  lockoutSeconds: number;
}

/** What a reservation hands back: report the outcome once the secret is checked. */
export interface Attempt {
  succeeded(): Promise<void>;
  failed(): Promise<void>;
}

export type Reservation = { ok: true; attempt: Attempt } | { ok: false; retryAfterSeconds: number };

/** One counter to charge: a `null` key (an unknown address) is skipped. */
interface Charge {
  budget: Budget;
  key: string | null;
}

/** Login: per address, then per account (the email, hashed so Redis holds no list of attempted emails). */
export function reserveLoginAttempt(services: Limiters, email: string, ip: string | null): Promise<Reservation> {
  return reserveAttempt(services, [
    { budget: LOGIN_IP, key: ip },
    { budget: LOGIN_ACCOUNT, key: hashToken(email.trim().toLowerCase()) },
  ]);
}

/** Password change: per address, then per account (the user whose current password is checked). */
export function reservePasswordAttempt(services: Limiters, userId: string, ip: string | null): Promise<Reservation> {
  return reserveAttempt(services, [
    { budget: PASSWORD_IP, key: ip },
    { budget: PASSWORD_ACCOUNT, key: userId },
  ]);
}

/** Reading or accepting an invite link: per address only (a guessed token names no account). */
export function reserveInviteAttempt(services: Limiters, ip: string | null): Promise<Reservation> {
  return reserveAttempt(services, [{ budget: INVITE_IP, key: ip }]);
}

/**
 * Takes one attempt from each budget, in order. `ok: false` when one is spent (nothing was
 * verified). Throws SERVICE_UNAVAILABLE when Redis is down.
 */
async function reserveAttempt(services: Limiters, charges: readonly Charge[]): Promise<Reservation> {
  const taken: Array<{ counter: Counter; budget: Budget; res: RateLimiterRes }> = [];
  // One after the other: a refused address must not spend the account's budget (a
  // blocked NAT shouldn't lock its users' accounts too).
  for (const { budget, key } of charges) {
    if (key === null) continue;
    const counter: Counter = {
      limiter: services.rateLimiter(budget.name, budget.maxFailures, budget.windowSeconds),
      key,
      lockoutSeconds: budget.lockoutSeconds,
    };
    const result = await take(counter);
    if (!result.ok) return result;
    taken.push({ counter, budget, res: result.res });
  }

  // Both outcomes are best effort: the attempt is already counted, and if Redis fails
  // now the worst case is a counter that lingers (success) or a lockout that ends with
  // the window instead of a full lockout after the last failure.
  return {
    ok: true,
    attempt: {
      async succeeded() {
        await Promise.all(
          taken.map(({ counter, budget }) =>
            budget.onSuccess === 'forget'
              ? counter.limiter.delete(counter.key)
              : counter.limiter.reward(counter.key, 1),
          ),
        ).catch(() => undefined);
      },
      async failed() {
        // The failure that spends the last point starts a full lockout from now.
        const spent = taken.filter(({ res }) => res.remainingPoints === 0);
        await Promise.all(spent.map(({ counter }) => counter.limiter.block(counter.key, counter.lockoutSeconds))).catch(
          () => undefined,
        );
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
    if (err instanceof RateLimiterRes)
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(err.msBeforeNext / 1000)) };
    throw unavailable();
  }
}

function unavailable(): ApiError {
  return new ApiError(
    'SERVICE_UNAVAILABLE',
    'This is unavailable right now (rate limiting needs Redis); try again shortly',
  );
}
