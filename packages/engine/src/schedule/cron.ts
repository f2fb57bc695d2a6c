import { Cron } from 'croner';

/**
 * Cron fire times (SPEC §5 Schedules), on croner — a maintained cron library that runs in
 * Node and the browser, so the editor shows the same next fire times the worker fires at.
 *
 * DST (docs/schedules.md): every fire time is a wall-clock time in the schedule's zone.
 * - A time the clock skips (02:30 on a spring-forward night in Europe/Berlin) runs once, as
 *   if the clock had not jumped: 02:30 + the gap = 03:30 local (what `Temporal`'s default
 *   "compatible" disambiguation and java.time do). Two times that map to the same instant
 *   (02:00 → 03:00 and 03:00) run once.
 * - A time the clock repeats (02:30 on a fall-back night) runs once, at its first occurrence.
 */

export interface CronSpec {
  cron: string;
  timezone: string;
}

/** Croner's own messages start with "CronPattern: " / "CronDate: "; keep the useful part. */
function plain(message: string): string {
  return message.replace(/^Cron\w*:\s*/, '').replace(/\.$/, '');
}

/** null when `cron` is a valid 5-field (minute first) or 6-field (second first) expression; else what is wrong. */
export function checkCron(cron: string): string | null {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length !== 5 && fields.length !== 6) {
    return `must have 5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; got ${fields.length}`;
  }
  let c: Cron;
  try {
    c = new Cron(fields.join(' '), { paused: true, timezone: 'UTC' });
  } catch (err) {
    return plain((err as Error).message);
  }
  // e.g. "0 0 30 2 *" (February 30th) parses but never fires.
  if (!c.nextRun(new Date(0)) && !c.nextRun()) return 'never fires (no date matches every field)';
  return null;
}

/** null when `timezone` is an IANA zone name this runtime knows (e.g. Europe/Berlin, UTC). */
export function checkTimezone(timezone: string): string | null {
  if (timezone.length === 0 || timezone.length > 64)
    return 'must be an IANA time zone name such as UTC or Europe/Berlin';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return null;
  } catch {
    return `"${timezone}" is not an IANA time zone name (e.g. UTC, Europe/Berlin, America/New_York)`;
  }
}

const crons = new Map<string, Cron>();

function cronOf(spec: CronSpec): Cron {
  const key = `${spec.timezone}\u0000${spec.cron}`;
  let c = crons.get(key);
  if (!c) {
    c = new Cron(spec.cron.trim().split(/\s+/).join(' '), { paused: true, timezone: spec.timezone });
    if (crons.size >= 1_000) crons.delete(crons.keys().next().value as string);
    crons.set(key, c);
  }
  return c;
}

/**
 * The first fire time strictly after `after`, or null if there is none. Croner can answer the
 * same instant again around a spring-forward gap (02:00 skipped to 03:00, then 03:00); the
 * result here is always later than `after`.
 */
export function nextFireTime(spec: CronSpec, after: Date): Date | null {
  const c = cronOf(spec);
  let from = after;
  for (let i = 0; i < 4; i++) {
    const next = c.nextRun(from);
    if (!next) return null;
    if (next.getTime() > after.getTime()) return next;
    from = new Date(Math.floor(after.getTime() / 1000) * 1000 + 1000 * (i + 1));
  }
  return null;
}

/** The next `count` fire times after `after`, strictly increasing. */
export function nextFireTimes(spec: CronSpec, after: Date, count: number): Date[] {
  const out: Date[] = [];
  let from = after;
  while (out.length < count) {
    const next = nextFireTime(spec, from);
    if (!next) break;
    out.push(next);
    from = next;
  }
  return out;
}

/** Fire times in (`after`, `until`], oldest first, at most `max` (the oldest ones). */
export function fireTimesBetween(spec: CronSpec, after: Date, until: Date, max: number): Date[] {
  const out: Date[] = [];
  let from = after;
  while (out.length < max) {
    const next = nextFireTime(spec, from);
    if (!next || next.getTime() > until.getTime()) break;
    out.push(next);
    from = next;
  }
  return out;
}

/** `date` as an ISO 8601 string in `timezone`'s local time with its offset: `2026-03-29T03:30:00+02:00`. */
export function zonedIso(date: Date, timezone: string): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '00';
  const local = `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}`;
  const asUtc = Date.parse(`${local}Z`);
  const offsetMin = Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60_000);
  if (offsetMin === 0) return `${local}Z`;
  const sign = offsetMin > 0 ? '+' : '-';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
