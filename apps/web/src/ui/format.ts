/** Display helpers for times and durations, shared by every page. */

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'always' });
const absolute = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** Short units below a day ("48 s"), the locale's words above ("2 days", "3 weeks"). */
const SHORT: Array<[string, number]> = [
  ['h', 3600],
  ['min', 60],
  ['s', 1],
];
const LONG: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
];

/**
 * A time relative to `now` that knows past from future: "48 s ago" / "in 48 s", "in 3 h",
 * "2 days ago". Under a second either way it says "now".
 */
export function formatRelative(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  const size = Math.abs(seconds);
  for (const [unit, unitSeconds] of LONG) {
    if (size >= unitSeconds) return relative.format(Math.trunc(seconds / unitSeconds), unit);
  }
  for (const [unit, unitSeconds] of SHORT) {
    if (size < unitSeconds) continue;
    const amount = `${Math.floor(size / unitSeconds)} ${unit}`;
    return seconds > 0 ? `in ${amount}` : `${amount} ago`;
  }
  return 'now';
}

export function formatDateTime(iso: string): string {
  return absolute.format(new Date(iso));
}

/** "850 ms", "12.3 s", "4 min 05 s". */
export function formatDuration(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
