import { checkCron, checkTimezone } from '@weft/engine';
import type { ApiErrorDetail } from '@weft/contracts/client';
import { fieldErrorsFromDetails, wholeNumber } from '@/ui/form/field-errors';
import type { OverlapPolicy, Schedule, ScheduleSettings } from './types';

/** The schedule form as typed: numbers and the input JSON as text. `enabled` is the card's switch, not the form's. */
export interface ScheduleDraft {
  cron: string;
  timezone: string;
  overlap: OverlapPolicy;
  maxInstances: string;
  coalesce: boolean;
  catchUpWindowSec: string;
  input: string;
}

export type ScheduleField = keyof ScheduleDraft;
export type ScheduleErrors = Partial<Record<ScheduleField, string>>;
/** What the form saves: everything but `enabled`. */
export type ScheduleFormSettings = Omit<ScheduleSettings, 'enabled'>;

const FIELDS: readonly ScheduleField[] = [
  'cron',
  'timezone',
  'overlap',
  'maxInstances',
  'coalesce',
  'catchUpWindowSec',
  'input',
];

/** The API's defaults for a new schedule (docs/schedules.md), with the cron left for the user. */
export const NEW_SCHEDULE_DRAFT: ScheduleDraft = {
  cron: '',
  timezone: 'UTC',
  overlap: 'skip',
  maxInstances: '1',
  coalesce: true,
  catchUpWindowSec: '3600',
  input: '{}',
};

export function formatInput(input: Record<string, unknown>): string {
  return Object.keys(input).length === 0 ? '{}' : JSON.stringify(input, null, 2);
}

export function draftFromSchedule(s: Schedule): ScheduleDraft {
  return {
    cron: s.cron,
    timezone: s.timezone,
    overlap: s.overlap,
    maxInstances: String(s.maxInstances),
    coalesce: s.coalesce,
    catchUpWindowSec: String(s.catchUpWindowSec),
    input: formatInput(s.input),
  };
}

/** The input field's JSON: an object (it is merged into the trigger payload), or what is wrong with it. */
export function parseInput(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      ok: false,
      error: 'must be a JSON object such as {"report": "daily"} (it is merged into the trigger payload)',
    };
  }
  return { ok: true, value: value as Record<string, unknown> };
}

/**
 * The body to save, or every field that is wrong. The cron and zone are checked with the
 * engine's own rules, so what the form accepts is what the server accepts; ranges beyond
 * these are the server's to check (its 400 lands on the field through `scheduleErrorsFromDetails`).
 */
export function draftToSettings(
  d: ScheduleDraft,
): { ok: true; settings: ScheduleFormSettings } | { ok: false; errors: ScheduleErrors } {
  const errors: ScheduleErrors = {};
  const cron = d.cron.trim().split(/\s+/).filter(Boolean).join(' ');
  const timezone = d.timezone.trim();
  const cronError = cron === '' ? 'enter a cron expression, e.g. 0 9 * * 1-5' : checkCron(cron);
  if (cronError) errors.cron = cronError;
  const tzError = checkTimezone(timezone);
  if (tzError) errors.timezone = tzError;
  const maxInstances = wholeNumber(d.maxInstances);
  if (maxInstances === null || maxInstances < 1) errors.maxInstances = 'must be a whole number, at least 1';
  const catchUpWindowSec = wholeNumber(d.catchUpWindowSec);
  if (catchUpWindowSec === null) errors.catchUpWindowSec = 'must be a whole number of seconds (0 or more)';
  const input = parseInput(d.input);
  if (!input.ok) errors.input = input.error;
  if (Object.keys(errors).length > 0 || maxInstances === null || catchUpWindowSec === null || !input.ok)
    return { ok: false, errors };
  return {
    ok: true,
    settings: {
      cron,
      timezone,
      overlap: d.overlap,
      maxInstances,
      coalesce: d.coalesce,
      catchUpWindowSec,
      input: input.value,
    },
  };
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` compare equal. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The PATCH body: only the fields that differ from the stored schedule (a concurrent toggle isn't undone). */
export function changedSettings(next: ScheduleFormSettings, s: Schedule): Partial<ScheduleFormSettings> {
  const patch: Partial<ScheduleFormSettings> = {};
  if (next.cron !== s.cron) patch.cron = next.cron;
  if (next.timezone !== s.timezone) patch.timezone = next.timezone;
  if (next.overlap !== s.overlap) patch.overlap = next.overlap;
  if (next.maxInstances !== s.maxInstances) patch.maxInstances = next.maxInstances;
  if (next.coalesce !== s.coalesce) patch.coalesce = next.coalesce;
  if (next.catchUpWindowSec !== s.catchUpWindowSec) patch.catchUpWindowSec = next.catchUpWindowSec;
  if (canonicalJson(next.input) !== canonicalJson(s.input)) patch.input = next.input;
  return patch;
}

/** Whether the form differs from the stored schedule (spacing in the cron or the JSON doesn't count). */
export function isDirty(d: ScheduleDraft, s: Schedule): boolean {
  const parsed = draftToSettings(d);
  if (parsed.ok) return Object.keys(changedSettings(parsed.settings, s)).length > 0;
  // Something doesn't parse, so it was edited (what is stored always parses).
  return true;
}

/** Server `details` → the form field each names (`body.cron`, `body.input.limit`: the path inside the input is kept). */
export function scheduleErrorsFromDetails(details: readonly ApiErrorDetail[]): ScheduleErrors {
  return fieldErrorsFromDetails(details, FIELDS);
}
