import { Queue, type RepeatOptions } from 'bullmq';
import type { RedisClient } from './connection';
import { nextFireTime } from '@weft/engine';
import type { QueueOptions } from './names';
import { withTimeout } from './timeout';

/** Queue of schedule fires: one BullMQ job scheduler per schedule, keyed by its id. */
export const SCHEDULE_QUEUE = 'schedules';
export const FIRE_JOB_NAME = 'fire';

export interface FireJob {
  scheduleId: string;
}

export interface ScheduleTimer {
  id: string;
  cron: string;
  timezone: string;
}

/**
 * BullMQ computes each job scheduler's next time with this (on the Queue that upserts it and
 * on the Worker that makes the next job), so timers go off exactly at the engine's fire times
 * — the ones the API shows and `planFires` decides — not at cron-parser's (DST differs).
 * Deterministic: every process computes the same next time, and the job id
 * (`repeat:<schedule id>:<ms>`) is the same, so a due time is one job however many
 * processes upsert or advance the scheduler.
 */
export function scheduleRepeatStrategy(millis: number, opts: RepeatOptions): number | undefined {
  if (!opts.pattern) return undefined;
  return nextFireTime({ cron: opts.pattern, timezone: opts.tz ?? 'UTC' }, new Date(millis))?.getTime();
}

export function parseFireJob(data: unknown): FireJob {
  const scheduleId = (data as { scheduleId?: unknown } | null)?.scheduleId;
  if (typeof scheduleId !== 'string' || scheduleId.length === 0 || scheduleId.length > 100)
    throw new Error('fire job: scheduleId must be a non-empty string');
  return { scheduleId };
}

/**
 * The timers behind schedules (docs/schedules.md): a job scheduler per schedule that should
 * fire. A timer only wakes a worker; Postgres decides what is due, so a stale or orphaned
 * timer fires nothing, and the worker's reconciliation removes it.
 */
export class ScheduleTimers {
  readonly queue: Queue<FireJob>;
  private readonly timeoutMs: number;

  /** `timeoutMs`: how long a change may wait for Redis (BullMQ would wait forever; a request answers 503 instead). */
  constructor(connection: RedisClient, opts: QueueOptions & { timeoutMs?: number }) {
    this.queue = new Queue<FireJob>(SCHEDULE_QUEUE, {
      connection,
      prefix: opts.prefix,
      settings: { repeatStrategy: scheduleRepeatStrategy },
    });
    this.queue.on('error', () => undefined);
    this.timeoutMs = opts.timeoutMs ?? 5_000;
  }

  /** Creates or replaces the schedule's timer. */
  async set(timer: ScheduleTimer): Promise<void> {
    await this.bounded(
      this.queue.upsertJobScheduler(
        timer.id,
        { pattern: timer.cron, tz: timer.timezone },
        {
          name: FIRE_JOB_NAME,
          data: { scheduleId: timer.id },
          // A fire that throws (Postgres down) is retried; its due time is decided once whatever happens.
          opts: {
            attempts: 8,
            backoff: { type: 'exponential', delay: 1_000 },
            removeOnComplete: true,
            removeOnFail: { count: 1_000 },
          },
        },
      ),
    );
  }

  async remove(scheduleId: string): Promise<void> {
    await this.bounded(this.queue.removeJobScheduler(scheduleId));
  }

  /** Every timer, as Redis has it, with the time of its next job (`next`, ms) when it has one. */
  async list(): Promise<Array<ScheduleTimer & { next?: number }>> {
    const schedulers = await this.bounded(this.queue.getJobSchedulers(0, -1, true));
    return schedulers
      .filter((s) => s.pattern)
      .map((s) => ({
        id: s.key,
        cron: s.pattern!,
        timezone: s.tz ?? 'UTC',
        ...(typeof s.next === 'number' ? { next: s.next } : {}),
      }));
  }

  /**
   * Makes Redis hold exactly `wanted`: adds the missing, replaces the changed, removes the
   * orphans — and re-arms a timer stuck in the past (its next job due before `stuckBefore`, ms).
   * BullMQ makes a scheduler's next job when a worker takes the current one; a worker killed in
   * between leaves the current one stalled and no next one, and a job that stalls too often is
   * failed with none ever made: the schedule would stop. Re-arming makes the next job from now;
   * the fire it leads to catches up what was missed (planFires), and a second job for one due
   * time starts nothing twice (fires are decided in Postgres).
   */
  async reconcile(
    wanted: ScheduleTimer[],
    opts: { stuckBefore?: number } = {},
  ): Promise<{ added: number; changed: number; removed: number; rearmed: number }> {
    const have = new Map((await this.list()).map((t) => [t.id, t]));
    let added = 0;
    let changed = 0;
    let removed = 0;
    let rearmed = 0;
    const keep = new Set<string>();
    for (const w of wanted) {
      keep.add(w.id);
      const h = have.get(w.id);
      if (!h) added++;
      else if (h.cron !== w.cron || h.timezone !== w.timezone) changed++;
      else if (opts.stuckBefore !== undefined && (h.next === undefined || h.next < opts.stuckBefore)) rearmed++;
      else continue;
      await this.set(w);
    }
    for (const id of have.keys()) {
      if (keep.has(id)) continue;
      await this.remove(id);
      removed++;
    }
    return { added, changed, removed, rearmed };
  }

  async close(): Promise<void> {
    await this.queue.close();
  }

  private bounded<T>(work: Promise<T>): Promise<T> {
    return withTimeout(work, this.timeoutMs, `Redis did not answer within ${this.timeoutMs} ms`);
  }
}
