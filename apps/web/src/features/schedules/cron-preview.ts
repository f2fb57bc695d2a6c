import { checkCron, checkTimezone, nextFireTimes, zonedIso } from '@weft/engine';
import cronstrue from 'cronstrue';

/**
 * What the schedule form shows as you type: the cron in words and the next fire times,
 * computed with the engine's own cron code (the worker fires at exactly these instants).
 * Pure (the clock and locale are arguments), so it is unit-tested.
 */

/** How many upcoming fire times the form lists (the API's `nextRuns` has as many). */
export const PREVIEW_COUNT = 5;

export interface FireTimeView {
  /** ISO, UTC (`2026-12-07T08:00:00.000Z`). */
  utcIso: string;
  /** ISO with the zone's offset (`2026-12-07T09:00:00+01:00`), as the API's `nextRunsLocal`. */
  localIso: string;
  /** "Mon, Dec 7, 2026, 09:00" in the schedule's zone (the locale's wording, 24-hour clock). */
  local: string;
  /** "+01:00", or "+00:00" for UTC. */
  offset: string;
  /** The same instant in UTC, worded like `local`. */
  utc: string;
}

export interface CronPreview {
  /** What is wrong with the expression, or null. */
  cronError: string | null;
  /** What is wrong with the zone name, or null. */
  timezoneError: string | null;
  /** "At 09:00, Monday through Friday"; null while the cron is invalid (or too odd to word). */
  description: string | null;
  /** Empty while either field is invalid. */
  times: FireTimeView[];
}

/** Whether the expression has a seconds field (6 fields), so times are worth showing to the second. */
export function hasSeconds(cron: string): boolean {
  return cron.trim().split(/\s+/).filter(Boolean).length === 6;
}

/** The cron in words, or null when cronstrue can't read it (it throws strings, not Errors). */
export function describeCron(cron: string): string | null {
  try {
    return cronstrue.toString(cron.trim(), { use24HourTimeFormat: true, throwExceptionOnParseError: true });
  } catch {
    return null;
  }
}

/** "At 09:00, Monday through Friday · Europe/Berlin"; the bare cron when it can't be worded. */
export function cronSummary(cron: string, timezone: string): string {
  return `${describeCron(cron) ?? cron.trim()} · ${timezone}`;
}

/** The offset part of a `zonedIso` answer: `+01:00`, `-05:00`, or `+00:00` for `Z`. */
export function offsetOf(localIso: string): string {
  const m = /([+-]\d{2}:\d{2}|Z)$/.exec(localIso);
  return !m || m[1] === 'Z' ? '+00:00' : m[1]!;
}

/** "Mon, Dec 7, 2026, 09:00" (with `:ss` when `seconds`) in `timezone`, on a 24-hour clock. */
export function formatInZone(
  date: Date,
  timezone: string,
  { seconds = false, locale }: { seconds?: boolean; locale?: string } = {},
): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: timezone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    ...(seconds ? { second: '2-digit' as const } : {}),
    hourCycle: 'h23',
  }).format(date);
}

export function fireTimeView(
  date: Date,
  timezone: string,
  opts: { seconds?: boolean; locale?: string } = {},
): FireTimeView {
  const localIso = zonedIso(date, timezone);
  return {
    utcIso: date.toISOString(),
    localIso,
    local: formatInZone(date, timezone, opts),
    offset: offsetOf(localIso),
    utc: formatInZone(date, 'UTC', opts),
  };
}

export function previewCron(
  cron: string,
  timezone: string,
  now: Date,
  { count = PREVIEW_COUNT, locale }: { count?: number; locale?: string } = {},
): CronPreview {
  const cronError = cron.trim() === '' ? 'enter a cron expression, e.g. 0 9 * * 1-5' : checkCron(cron);
  const timezoneError = checkTimezone(timezone.trim());
  const description = cronError ? null : describeCron(cron);
  if (cronError || timezoneError) return { cronError, timezoneError, description, times: [] };
  const tz = timezone.trim();
  const seconds = hasSeconds(cron);
  let dates: Date[];
  try {
    dates = nextFireTimes({ cron: cron.trim(), timezone: tz }, now, count);
  } catch (err) {
    // Both checks passed, so this is a case they miss; say what croner said rather than crash the form.
    return { cronError: err instanceof Error ? err.message : String(err), timezoneError, description, times: [] };
  }
  return { cronError, timezoneError, description, times: dates.map((d) => fireTimeView(d, tz, { seconds, locale })) };
}
