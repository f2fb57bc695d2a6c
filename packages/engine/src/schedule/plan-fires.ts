import { fireTimesBetween, type CronSpec } from './cron';

export type OverlapPolicy = 'skip' | 'allow' | 'queue';

/** What a schedule is, as far as deciding its fires goes. */
export interface SchedulePolicy extends CronSpec {
  overlap: OverlapPolicy;
  maxInstances: number;
  coalesce: boolean;
  catchUpWindowSec: number;
}

export interface FireContext {
  /** The latest due time already handled (fired, skipped, folded into a coalesced run or passed over). */
  lastDueAt: Date;
  /** The due time the timer woke us for (it may be a little after `now` if clocks differ). */
  wokenFor: Date;
  now: Date;
  /** Runs of this schedule still queued or running. */
  active: number;
  /** Whether a run is already held back by `queue` (at most one is). */
  pending: boolean;
}

export type FireDecision =
  | { scheduledAt: Date; outcome: 'start'; missed: number }
  | { scheduledAt: Date; outcome: 'pending' }
  | { scheduledAt: Date; outcome: 'skip'; reason: string };

export interface FirePlan {
  decisions: FireDecision[];
  /** The new `lastDueAt`: every due time up to here has been decided. */
  lastDueAt: Date;
  /** Due times older than the catch-up window that were passed over (not run). */
  tooLate: boolean;
}

/** Replaying more due times than this in one go is not done: the rest wait for the next wake-up. */
export const MAX_CATCH_UP_RUNS = 1_000;
/** How many due times a coalesced catch-up looks through to find the latest. */
const MAX_COALESCED = 100_000;
/** A due time fired within this long is on time, whatever the catch-up window (a busy process may be a little late). */
export const ON_TIME_TOLERANCE_MS = 30_000;

/**
 * Decides what each due time since `lastDueAt` becomes (SPEC §5, docs/schedules.md):
 * - due times older than the catch-up window (`catchUpWindowSec`, at least
 *   ON_TIME_TOLERANCE_MS) are passed over;
 * - of the rest, with `coalesce` only the latest runs (its trigger says how many it stands
 *   for); without, each in order;
 * - each run then meets the overlap policy: `allow` starts; `skip` starts while fewer than
 *   `maxInstances` runs are queued or running, else records a skip; `queue` holds one run
 *   back when the limit is reached (it starts when a run ends) and skips beyond that.
 */
export function planFires(policy: SchedulePolicy, ctx: FireContext): FirePlan {
  const until = new Date(Math.max(ctx.now.getTime(), ctx.wokenFor.getTime()));
  const windowStart = new Date(ctx.now.getTime() - Math.max(policy.catchUpWindowSec * 1000, ON_TIME_TOLERANCE_MS));
  const late = ctx.lastDueAt.getTime() < windowStart.getTime();
  const from = late ? windowStart : ctx.lastDueAt;
  const tooLate = late && fireTimesBetween(policy, ctx.lastDueAt, windowStart, 1).length > 0;
  const due = fireTimesBetween(policy, from, until, policy.coalesce ? MAX_COALESCED : MAX_CATCH_UP_RUNS);
  if (due.length === 0) return { decisions: [], lastDueAt: late ? windowStart : ctx.lastDueAt, tooLate };
  const runs = policy.coalesce
    ? [{ at: due[due.length - 1]!, missed: due.length - 1 }]
    : due.map((at) => ({ at, missed: 0 }));
  let active = ctx.active;
  let pending = ctx.pending;
  const decisions: FireDecision[] = [];
  for (const run of runs) {
    if (policy.overlap === 'allow' || active < policy.maxInstances) {
      decisions.push({ scheduledAt: run.at, outcome: 'start', missed: run.missed });
      active++;
    } else if (policy.overlap === 'queue' && !pending) {
      decisions.push({ scheduledAt: run.at, outcome: 'pending' });
      pending = true;
    } else {
      const waiting = policy.overlap === 'queue' ? ' and one already waiting' : '';
      decisions.push({
        scheduledAt: run.at,
        outcome: 'skip',
        reason: `${active} run(s) still queued or running (maxInstances ${policy.maxInstances})${waiting}`,
      });
    }
  }
  return { decisions, lastDueAt: due[due.length - 1]!, tooLate };
}

/** Whether the run held back by `queue` may start now. */
export function mayStartPending(policy: Pick<SchedulePolicy, 'maxInstances'>, active: number): boolean {
  return active < policy.maxInstances;
}
